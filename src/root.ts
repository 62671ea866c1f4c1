// The package's root directory. This module sits one level below it in src/, in dist/, and in
// the bundle dist/svlint.js alike, so `..` from here is the root in all three.
import { fileURLToPath } from "node:url";

export const PACKAGE_ROOT = fileURLToPath(new URL("..", import.meta.url));
