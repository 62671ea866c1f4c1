// The native parser addon (native/, built by `npm ci` with node-gyp): tree-sitter's C runtime and
// the bash grammar linked with a small C walker that returns the whole tree as one Int32Array.
// The JS binding costs a native call per node property and keeps trees alive until V8's finalizers
// run; this path makes one call per script and frees the tree at once. When the addon could not be
// built (no compiler), svlint falls back to the JS binding: same trees, slower.
// SVLINT_PARSER=js forces the fallback (tests compare the two).
import { createRequire } from "node:module";
import * as path from "node:path";
import { PACKAGE_ROOT } from "../root.js";

export interface NativeParser {
  /** [n, hasError, then per node: info, field, start, end, parent, next]; see native/flatten.c. */
  parse(text: string): Int32Array;
  /** The same for many texts, parsed on a thread-pool thread (see parse.ts: preparse). */
  parseBatch(texts: readonly string[]): Promise<Int32Array[]>;
  symbolNames(): string[];
  fieldNames(): string[];
}

/** A host that already loaded the addon (test/env.cjs) hands it over here. */
export const PRELOADED_NATIVE = Symbol.for("svlint.native-parser");

/** Where `npm ci` builds the addon. */
export const NATIVE_ADDON = path.join(PACKAGE_ROOT, "native/build/Release/svlint_parser.node");

let loaded: NativeParser | null | undefined;

export function nativeParser(): NativeParser | null {
  if (loaded !== undefined) return loaded;
  if (process.env.SVLINT_PARSER === "js") return (loaded = null);
  const preloaded = (globalThis as Record<symbol, NativeParser | undefined>)[PRELOADED_NATIVE];
  if (preloaded) return (loaded = preloaded);
  try {
    loaded = createRequire(import.meta.url)(NATIVE_ADDON) as NativeParser;
  } catch {
    loaded = null;
  }
  return loaded;
}
