// Parsing with the tree-sitter-bash grammar: through svlint's own addon (native/, see native.ts)
// when it is built, else through tree-sitter's N-API binding (prebuilds: nothing to compile, and
// it starts faster than the WASM build; measured: docs/performance.md#parser-start). One parser
// per thread.
import { createRequire } from "node:module";
import type Parser from "tree-sitter";
import { flattenNative, flattenTree, fromNative, type FlatTree } from "./flat.js";
import { nativeParser } from "./native.js";
import type { ScriptLanguage, Shebang } from "../model/model.js";

export type SyntaxNode = Parser.SyntaxNode;
export type Tree = Parser.Tree;

interface Binding {
  Parser: typeof Parser;
  Bash: unknown;
}

/**
 * tree-sitter's JS wrapper patches the native classes' prototypes when it is evaluated and
 * breaks if evaluated twice in one process (jest does that, once per test file). So it is loaded
 * with require, once, and a host that already loaded it (test/env.cjs) can hand it over.
 */
export const PRELOADED_BINDING = Symbol.for("svlint.tree-sitter-binding");

function loadBinding(): Binding {
  const preloaded = (globalThis as Record<symbol, Binding | undefined>)[PRELOADED_BINDING];
  if (preloaded) return preloaded;
  const require = createRequire(import.meta.url);
  return { Parser: require("tree-sitter") as typeof Parser, Bash: require("tree-sitter-bash") };
}

let parser: Parser | undefined;

export function parseShell(text: string): Tree {
  if (!parser) {
    const binding = loadBinding();
    parser = new binding.Parser();
    parser.setLanguage(binding.Bash as Parser.Language);
  }
  // The binding copies input through a fixed buffer (32 KiB by default) and rejects longer
  // strings unless told the size.
  return parser.parse(text, undefined, { bufferSize: Math.max(32 * 1024, text.length * 2 + 16) });
}

/** Flat trees parsed ahead (see preparse), by script text. */
export type PreparsedTrees = Map<string, Int32Array>;

/**
 * Parses the shell scripts among a batch's texts before any of them is linted (native addon
 * only: with the JS binding the map stays empty and parseFlat parses as it goes).
 * - `onThread`: on a thread of libuv's pool, with a parser of its own, while JavaScript goes on
 *   (see lintJobsInOrder). The texts are copied out before the thread starts.
 * - Otherwise here, back to back: the parser's tables then stay in the CPU caches instead of
 *   being evicted by the rules' work between two scripts (measured:
 *   docs/performance.md#preparse).
 * Hand the result to parseFlat (through the engine's `preparsed` option) when linting the batch.
 */
export async function preparse(texts: readonly string[], onThread: boolean): Promise<PreparsedTrees> {
  const native = nativeParser();
  const out: PreparsedTrees = new Map();
  if (!native) return out;
  // Identical scripts (a log/run copied into every service) are parsed once.
  const shell = [...new Set(texts)].filter((t) => readShebang(t).language === "shell");
  if (!onThread) {
    for (const t of shell) out.set(t, native.parse(t));
    return out;
  }
  let trees: Int32Array[];
  try {
    trees = await native.parseBatch(shell);
  } catch {
    return out; // the thread ran out of memory: parseFlat parses (and fails) script by script
  }
  for (let i = 0; i < shell.length; i++) out.set(shell[i]!, trees[i]!);
  return out;
}

/** The flat syntax tree of a script: from `preparsed`, else the native addon when it is built, else the JS binding. */
export function parseFlat(text: string, preparsed?: PreparsedTrees): FlatTree {
  const native = nativeParser();
  if (!native) return flattenTree(parseShell(text));
  const raw = preparsed?.get(text);
  return raw === undefined ? flattenNative(native, text) : fromNative(native, raw);
}

/** Which parser path this process uses (test/native.test.ts asserts it is the addon). */
export function parserBackend(): "native" | "js" {
  return nativeParser() ? "native" : "js";
}

/**
 * Interpreters whose scripts are shell. `invoke-run` is Debian's runit wrapper that runs sh;
 * `bashio` is bash with the Home Assistant add-on library loaded.
 */
const SHELLS = new Set([
  "sh",
  "bash",
  "dash",
  "ash",
  "ksh",
  "ksh93",
  "mksh",
  "pdksh",
  "posh",
  "yash",
  "zsh",
  "busybox",
  "invoke-run",
  "bashio",
]);
/** Wrappers that run the interpreter named next: `env bash`, s6-overlay's `with-contenv bash`. */
const WRAPPERS = new Set(["env", "with-contenv"]);

export function readShebang(text: string): Shebang {
  if (!text.startsWith("#!"))
    return { interpreter: undefined, path: undefined, language: "shell", carriageReturn: false, present: false };
  const nl = text.indexOf("\n");
  const line = nl === -1 ? text : text.slice(0, nl);
  const carriageReturn = line.endsWith("\r");
  const words = line
    .slice(2)
    .trim()
    .split(/[ \t]+/)
    .filter((w) => w.length > 0);
  let i = 0;
  let interp = words[0]?.split("/").pop();
  while (interp !== undefined && WRAPPERS.has(interp) && i + 1 < words.length) {
    i++;
    // `env -S bash -e` and the like: skip env's own options.
    while (i < words.length && words[i]!.startsWith("-")) i++;
    interp = words[i]?.split("/").pop();
  }
  let language: ScriptLanguage = "other";
  if (interp === undefined || SHELLS.has(interp) || WRAPPERS.has(interp)) language = "shell";
  else if (interp === "execlineb") language = "execline";
  return { interpreter: interp, path: words[0], language, carriageReturn, present: true };
}
