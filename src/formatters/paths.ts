import * as path from "node:path";

/** A path as a person reads it: relative to cwd when inside it, else absolute. */
export function displayPath(abs: string, cwd: string): string {
  const rel = path.relative(cwd, abs);
  return rel === "" ? "." : rel.startsWith("..") || path.isAbsolute(rel) ? abs : rel;
}
