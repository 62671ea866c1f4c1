// The script model rules read, the same for shell and execline: commands with their words,
// redirects and static values, so that rules speak the domain instead of grammar node types.
// Built from a shell syntax tree by parse/shell-model.ts and from execline by parse/execline.ts.
import type { ChainLoader } from "../knowledge/chainloaders.js";
import type { ScriptFile } from "../service.js";

/**
 * The part of a syntax node that rules may use: where it is and what it says. tree-sitter nodes
 * have it, and so do the nodes the execline reader makes, so rules work on both languages.
 */
export interface SourceNode {
  type: string;
  text: string;
  startIndex: number;
  endIndex: number;
  startPosition: { row: number; column: number };
  endPosition: { row: number; column: number };
}

export interface Word {
  node: SourceNode;
  /** The source text, quotes and all. */
  text: string;
  /**
   * The value after quote removal, with `$VAR` resolved through simple earlier assignments in
   * the script; undefined when it depends on run time (`$(...)`, an unassigned variable, `~`).
   */
  value: string | undefined;
}

export interface Redirect {
  node: SourceNode;
  /** The descriptor it changes: explicit (`2>`) or the operator's default (`>` is 1, `<` is 0). */
  fd: number;
  /** Whether the descriptor was written out. */
  explicitFd: boolean;
  /** `>`, `>>`, `>&`, `<`, `<&`, `&>`, `&>>`, `>|`, `<>`, `<<`, `<<-`, `<<<`. */
  op: string;
  target: Word | undefined;
}

export interface Command {
  /** The `command` node. */
  node: SourceNode;
  /** The statement that holds it: a `redirected_statement` around it, or the command itself. */
  statement: SourceNode;
  name: Word | undefined;
  args: Word[];
  /** Redirections of this command, in source order (the order the shell applies them). */
  redirects: Redirect[];
  /** `FOO=bar cmd`: assignments that apply to this command only. */
  prefixAssignments: string[];
  /** A statement of the script itself: not inside if/while/case, a list, a pipeline, a function, a subshell or `$( )`. */
  topLevel: boolean;
  /** Inside `$( )` or backquotes. */
  inSubstitution: boolean;
  /** Its output feeds a pipe to a later command of the same pipeline (`a 2>&1 >/dev/null | b`). */
  feedsPipe: boolean;
  /**
   * execChain's result, kept with the command (rules call execChain, not this). Not in a WeakMap
   * keyed by command: V8's scavenger keeps a long-lived WeakMap's values alive, so every chain,
   * and the words and nodes it points to, moved to the old generation and waited there for a
   * full collection, which raised peak RSS (measured: docs/performance.md#exec-chains).
   */
  chain: Program[] | undefined;
  /** execline: the block the command's chain is written in; undefined for the script's own chain (and in shell). */
  block?: ExeclineBlock;
}

/** An execline block (`foreground { … }`) and the builtin or program that takes it. */
export interface ExeclineBlock {
  /** The word before the block's options: `foreground`, `if`, `backtick`…, or a program that takes blocks. */
  builtin: string;
  /** That word. */
  node: SourceNode;
  /** Which of its blocks this is: 0 for the first. */
  index: number;
  /** The options given to it, by letter (`background -d`: `d`). */
  options: ReadonlySet<string>;
  /** Nothing follows its blocks in the chain it is written in: that chain ends in it. */
  ends: boolean;
  /** The block that chain is itself written in; undefined for the script's own chain. */
  outer: ExeclineBlock | undefined;
}

export interface ParseProblem {
  node: SourceNode;
  message: string;
}

export interface Comment {
  node: SourceNode;
  /** The statement that follows it (skipping other comments), for `# svlint disable=…`. */
  next: SourceNode | undefined;
}

export interface Assignment {
  name: string;
  /** The whole `NAME=value` (or execline's `export NAME value`). */
  node: SourceNode;
  /** The static value, when known (see Word.value). */
  value: string | undefined;
  /** The value as written, quotes and all; undefined for `NAME=`. */
  valueText: string | undefined;
}

/** A shell `while` or `until` loop. */
export interface Loop {
  node: SourceNode;
  keyword: "while" | "until";
  /** From after the keyword to `do`. */
  condition: SourceNode;
  /** The `do … done` group. */
  body: SourceNode;
  /**
   * Off the script's own path: inside a function, a backgrounded statement (`… &`), a pipeline
   * (`cmd | while read`) or `$( )`.
   */
  detached: boolean;
}

export interface ScriptModel {
  language: "shell" | "execline";
  text: string;
  /** Every simple command, in source order. */
  commands: Command[];
  parseProblems: ParseProblem[];
  /** Every comment, in source order (for `# svlint disable=…` directives). */
  comments: Comment[];
  /** Every variable assignment (`A=1`, `export A=1`, `A=1 cmd`), in source order. */
  assignments: Assignment[];
  /** The script's last statement (what runs last when nothing exits early); undefined when empty. */
  lastStatement: SourceNode | undefined;
  /** Shell `while`/`until` loops, in source order (execline has none: loopwhilex is a program). */
  loops?: Loop[];
}

export type ScriptLanguage = "shell" | "execline" | "other";

export interface Shebang {
  /** The interpreter's program name, e.g. `bash`, `execlineb`, `invoke-run`, `python3`. */
  interpreter: string | undefined;
  /** The #! line's program as written: `/command/with-contenv`, `/bin/sh`. */
  path: string | undefined;
  language: ScriptLanguage;
  /** The first line ends with `\r` (a CRLF file): the kernel would look for `sh\r`. */
  carriageReturn: boolean;
  present: boolean;
}

/** A script of the service that was read and parsed: shell, or execline (`model.language`). */
export interface Script {
  file: ScriptFile;
  /** `run`, `log/run`, `finish`, … */
  rel: string;
  /** True for the logger's scripts (`log/run`, `log/finish`). */
  isLogger: boolean;
  shebang: Shebang;
  model: ScriptModel;
}

/** One program of a command's chain (see chains.ts). */
export interface Program {
  /** `setuidgid`, `multilog`, …; undefined when the word is not static (`$DAEMON`). */
  name: string | undefined;
  word: Word;
  loader: ChainLoader | undefined;
  /** Options given to a chain-loader, by letter (or long name); `true` for a flag. */
  options: ReadonlyMap<string, Word | true>;
  /** Operands of a chain-loader (`./env` for envdir); for the last program, all its words. */
  operands: Word[];
  /** Every word after the program name up to the child (for the last program: to the end). */
  args: Word[];
}

/**
 * The word for the part of `w`'s value from character `from` on, with the range of that part in
 * the source: `-uapp` gives `app`, `--owner=log` gives `log`. Where the source does not spell the
 * value out character for character (escapes, expansions), the range stays the whole word's.
 */
export function valueFrom(w: Word, from: number): Word {
  const value = w.value?.slice(from);
  const quoted = /^(["'])(.*)\1$/s.exec(w.text);
  const inner = quoted ? quoted[2]! : w.text;
  const lead = quoted ? 1 : 0;
  if (w.value === undefined || inner !== w.value || inner.includes("\n")) return { ...w, value };
  const start = w.node.startIndex + lead + from;
  const end = w.node.endIndex - lead;
  const row = w.node.startPosition.row;
  const column = w.node.startPosition.column + lead + from;
  const node: SourceNode = {
    type: "word",
    text: inner.slice(from),
    startIndex: start,
    endIndex: end,
    startPosition: { row, column },
    endPosition: { row, column: column + (end - start) },
  };
  return { node, text: node.text, value };
}

export function programName(w: Word | undefined): string | undefined {
  const v = w?.value;
  if (v === undefined || v === "") return undefined;
  const slash = v.lastIndexOf("/");
  return slash === -1 ? v : v.slice(slash + 1);
}

/** `2>&1`, `1>&2`, `>&2`, execline's `fdmove -c 2 1`: the descriptor a redirect copies, if any. */
export function dupTarget(r: Redirect): number | undefined {
  if (r.op !== ">&" || !r.target) return undefined;
  const t = r.target.value ?? r.target.text;
  return /^\d+$/.test(t) ? Number(t) : undefined;
}
