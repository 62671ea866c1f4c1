// Edits on words that several rules' fixes share: the three loggers' scripts have the same shapes
// (a bare name for a directory, a setting after the directory, a size written with a unit).
import * as posix from "node:path/posix";
import type { Edit } from "../engine/rule.js";
import type { Command, Script, Word } from "../model/model.js";

/**
 * The edit that makes a bare name a directory (`main` → `./main`), inside its quotes if it has
 * some. None for a word not written out literally, or one shaped like an action (a letter and a
 * number: `w100` is an action of daemontools-encore's multilog, not a name).
 */
export function dotSlash(w: Word): Edit | undefined {
  const v = w.value;
  if (v === undefined || /^[A-Za-z]\d/.test(v)) return undefined;
  const at = w.node.startIndex;
  if (w.text === v) return { range: [at, at], text: "./" };
  if (w.text === `'${v}'` || w.text === `"${v}"`) return { range: [at + 1, at + 1], text: "./" };
  return undefined;
}

/** What may separate two words of one command: blanks, and newlines (execline) or line continuations. */
export const BLANKS = /^(?:[ \t\r\n]|\\\r?\n)+$/;

/**
 * Edits that move `words[from]` to just before `words[to]` (an earlier word): it is inserted there
 * with a space, and removed with the blanks before it. None when anything but blanks and line
 * continuations separates it from the word before it (a comment would be lost).
 */
export function moveBefore(text: string, words: readonly Word[], from: number, to: number): Edit[] | undefined {
  const w = words[from];
  const prev = words[from - 1];
  const target = words[to];
  if (!w || !prev || !target || to >= from) return undefined;
  if (!BLANKS.test(text.slice(prev.node.endIndex, w.node.startIndex))) return undefined;
  const at = target.node.startIndex;
  return [
    { range: [at, at], text: text.slice(w.node.startIndex, w.node.endIndex) + " " },
    { range: [prev.node.endIndex, w.node.endIndex], text: "" },
  ];
}

const POWERS: Record<string, number> = { k: 1, m: 2, g: 3 };

/**
 * What a size written with a unit (`10M`, `100k`, `1GiB`) may mean in bytes: binary, then decimal
 * (only binary for `KiB`…), each within `min..max`, as `{ bytes, label }` for a suggestion.
 */
export function unitSizes(written: string, min: number, max: number): Array<{ bytes: number; label: string }> {
  const m = /^(\d+)([kKmMgG])(iB|B)?$/.exec(written);
  if (!m) return [];
  const n = Number(m[1]);
  const letter = m[2]!.toLowerCase();
  const e = POWERS[letter]!;
  const unit = letter === "k" ? "k" : letter.toUpperCase();
  const options = [{ bytes: n * 1024 ** e, label: `${n} ${unit.toUpperCase()}iB` }];
  if (m[3] !== "iB") options.push({ bytes: n * 1000 ** e, label: `${n} ${unit}B` });
  return options.filter((o, i) => o.bytes >= min && o.bytes <= max && (i === 0 || o.bytes !== options[0]!.bytes));
}

/** A word made of one literal value (`s100`, `'s100'`), with nothing expanded. */
export const literal = (w: Word): boolean =>
  w.value !== undefined && (w.text === w.value || w.text === `'${w.value}'` || w.text === `"${w.value}"`);

/** Directories every system has, owned by root and writable only by root. */
export const SYSTEM_PARENTS = new Set([
  "/var/log",
  "/run",
  "/var/run",
  "/var",
  "/",
  "/srv",
  "/opt",
  "/etc",
  "/usr",
  "/usr/local",
]);
/** Directories every system has that any account may create entries in (sticky, 1777). */
export const SHARED_PARENTS = new Set(["/tmp", "/var/tmp", "/dev/shm"]);

// Writing commands into a script, in its language: mkdir-before-multilog, chown-target,
// no-cat-logging and logger-privileges make, give and quote the same directories.

/**
 * The commands that create `dir` for the logger, as words: `mkdir -p` for a root logger; for
 * another account, a directory that account owns.
 */
export function creation(
  execline: boolean,
  dir: string,
  account: string | undefined,
  createsLast: boolean,
): string[][] {
  if (account === undefined) return [["mkdir", "-p", dir]];
  if (execline || !createsLast) return [["install", "-d", "-o", account, dir]];
  return [
    ["mkdir", "-p", dir],
    ["chown", account, dir],
  ];
}

/** The creation as the message shows it. */
export function fixFor(script: Script, dir: string, account: string | undefined, createsLast: boolean): string {
  const execline = script.model.language === "execline";
  const commands = creation(execline, dir, account, createsLast).map((c) => c.join(" "));
  return commands.map((c) => (execline ? `\`if { ${c} }\`` : `\`${c}\``)).join(" and ");
}

/** A name the shell would expand (a glob, braces, `~`) rather than read as one directory: `/var/log/socklog/*`. */
export const expands = (dir: string): boolean => /[*?[\]{}~\n]/.test(dir);

/** Directories of the system every service shares, besides those the logger makes entries in. */
const SHARED_TREES = new Set([
  "/home",
  "/root",
  "/var/lib",
  "/var/cache",
  "/var/spool",
  "/var/db",
  "/dev",
  "/proc",
  "/sys",
  "/boot",
  "/bin",
  "/sbin",
  "/lib",
  "/mnt",
  "/media",
]);

/**
 * Whether a correction may give `dir` to an account (`chown`, `install -o`, `chown -R`): a
 * literal directory of its own, not the logger's service directory or above (`svlogd .`: `chown
 * -R log .` would give the log account its own run script, which runs as root), nor a top-level
 * or shared system directory.
 */
export function ownable(dir: string): boolean {
  if (expands(dir)) return false;
  const norm = posix.normalize(dir).replace(/(.)\/+$/, "$1");
  if (norm === "." || norm === ".." || norm.startsWith("../")) return false;
  if (!norm.startsWith("/")) return true;
  return (
    norm.split("/").length > 2 && !SYSTEM_PARENTS.has(norm) && !SHARED_PARENTS.has(norm) && !SHARED_TREES.has(norm)
  );
}

/** Characters a shell or execline word may hold unquoted. */
const PLAIN = /^[\w@%+=:,./-]+$/;

/** A word as the script's language writes it; undefined when execline could substitute into it. */
export function quote(word: string, execline: boolean): string | undefined {
  if (PLAIN.test(word)) return word;
  if (execline) return word.includes("$") ? undefined : `"${word.replace(/[\\"]/g, "\\$&")}"`;
  return `'${word.replace(/'/g, "'\\''")}'`;
}

/**
 * An edit that runs `commands` (words, unquoted) right before `cmd`, in the script's language:
 * lines of their own with the statement's indentation and line ending when it starts its line,
 * else in front of it on the line (`; ` in shell, execline's `if { … }` chains on). In shell only
 * for a statement of the script itself: inside a list, a pipeline, `if` or `case` the place is a
 * choice. undefined when that cannot be written.
 */
export function runBefore(script: Script, cmd: Command, commands: readonly (readonly string[])[]): Edit | undefined {
  const execline = script.model.language === "execline";
  if (!execline && (!cmd.topLevel || cmd.inSubstitution)) return undefined;
  const lines: string[] = [];
  for (const c of commands) {
    const words = c.map((w) => quote(w, execline));
    if (words.some((w) => w === undefined)) return undefined;
    lines.push(execline ? `if { ${words.join(" ")} }` : words.join(" "));
  }
  const text = script.model.text;
  const at = execline ? cmd.node.startIndex : cmd.statement.startIndex;
  const lineStart = text.lastIndexOf("\n", at - 1) + 1;
  const indent = text.slice(lineStart, at);
  if (/^[ \t]*$/.test(indent)) {
    const nl = text.indexOf("\n", at);
    const eol = nl > 0 && text[nl - 1] === "\r" ? "\r\n" : "\n";
    return { range: [lineStart, lineStart], text: lines.map((l) => indent + l + eol).join("") };
  }
  // Mid-line. To execlineb a newline is a space, so each execline line still ends in one: the
  // fixer may then stack several creations at this place in one pass, as it does whole lines.
  return { range: [at, at], text: lines.map((l) => l + (execline ? "\n" : "; ")).join("") };
}

/**
 * Edits applied together may not touch: an insertion right before a replacement at the same
 * offset becomes one edit. undefined when two overlap.
 */
export function joined(edits: Edit[]): Edit[] | undefined {
  const sorted = [...edits].sort((a, b) => a.range[0] - b.range[0] || a.range[1] - b.range[1]);
  const out: Edit[] = [];
  for (const e of sorted) {
    const prev = out[out.length - 1];
    if (prev && e.range[0] < prev.range[1]) return undefined;
    if (prev && e.range[0] === prev.range[1])
      out[out.length - 1] = { range: [prev.range[0], e.range[1]], text: prev.text + e.text };
    else out.push(e);
  }
  return out;
}

/** Where the line that holds offset `at` starts. */
export const lineStart = (text: string, at: number): number => text.lastIndexOf("\n", at - 1) + 1;

/**
 * Where a line put above the line that starts at `line` goes: above the comment lines right over
 * it (`comments`: where comments start), since a `# svlint disable` there belongs to the statement
 * below, but not above the shebang.
 */
export function aboveComments(text: string, line: number, comments: ReadonlySet<number>): number {
  let at = line;
  while (at > 0) {
    const prev = lineStart(text, at - 1);
    // lastIndexOf reads a negative start as 0: an empty first line would give this line again.
    if (prev >= at) break;
    const content = text.slice(prev, at - 1);
    const lead = /^[ \t]*/.exec(content)![0].length;
    if (!comments.has(prev + lead) || content.startsWith("#!")) break;
    at = prev;
  }
  return at;
}
