// Small read-only filesystem helpers shared by discovery and the service snapshot.
import * as fs from "node:fs";
import * as path from "node:path";

export type EntryKind = "file" | "dir" | "symlink" | "fifo" | "socket" | "char" | "block" | "unknown";

export function kindOf(st: fs.Stats): EntryKind {
  if (st.isFile()) return "file";
  if (st.isDirectory()) return "dir";
  if (st.isSymbolicLink()) return "symlink";
  if (st.isFIFO()) return "fifo";
  if (st.isSocket()) return "socket";
  if (st.isCharacterDevice()) return "char";
  if (st.isBlockDevice()) return "block";
  return "unknown";
}

/** An entry kind in words: "named pipe (FIFO)", "directory", … */
export function describeKind(kind: EntryKind | undefined): string {
  switch (kind) {
    case "file":
      return "regular file";
    case "dir":
      return "directory";
    case "fifo":
      return "named pipe (FIFO)";
    case "char":
    case "block":
      return "device file";
    case "socket":
      return "socket";
    case "symlink":
      return "symbolic link";
    case undefined:
      return "symbolic link that leads nowhere";
    default:
      return "special file";
  }
}

/** lstat that returns undefined instead of throwing. */
export function lstatOrUndefined(p: string): fs.Stats | undefined {
  try {
    return fs.lstatSync(p);
  } catch {
    return undefined;
  }
}

/** stat (follows links) that returns undefined for dangling links, loops and permission errors. */
export function statOrUndefined(p: string): fs.Stats | undefined {
  try {
    return fs.statSync(p);
  } catch {
    return undefined;
  }
}

export function errorCode(err: unknown): string {
  return (err as NodeJS.ErrnoException | undefined)?.code ?? "EUNKNOWN";
}

/** The reason an fs call failed, in words a user reads (no stack, no errno number). */
export function describeFsError(err: unknown): string {
  switch (errorCode(err)) {
    case "ENOENT":
      return "no such file or directory";
    case "EACCES":
    case "EPERM":
      return "permission denied";
    case "ELOOP":
      return "too many levels of symbolic links";
    case "ENOTDIR":
      return "a path component is not a directory";
    default:
      return (err as Error | undefined)?.message ?? String(err);
  }
}

/**
 * Walks from `start` up to the filesystem root and returns the first answer `probe` gives for a
 * directory, or null. Every directory walked is remembered in `cache` with the answer found above
 * it, so services that share parents (10,000 under one scan dir) walk them once.
 */
export function findUp<T>(
  start: string,
  cache: Map<string, T | null>,
  probe: (dir: string) => T | undefined,
): T | null {
  const walked: string[] = [];
  let dir = path.resolve(start);
  let result: T | null = null;
  for (;;) {
    const cached = cache.get(dir);
    if (cached !== undefined) {
      result = cached;
      break;
    }
    walked.push(dir);
    const here = probe(dir);
    if (here !== undefined) {
      result = here;
      break;
    }
    const up = path.dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  for (const d of walked) cache.set(d, result);
  return result;
}

const gitCache = new Map<string, string | null>();

/**
 * True when `dir` lies inside a git work tree (some ancestor holds `.git`). There, file modes
 * say nothing about deployment: git records only 0644/0755 for files and nothing for dirs.
 */
export function insideGitWorkTree(dir: string): boolean {
  return gitWorkTreeRoot(dir) !== null;
}

/** Whether `file`, links resolved, is inside `dir` (links resolved); false when either cannot be resolved. */
export function insideDir(file: string, dir: string): boolean {
  try {
    return fs.realpathSync(file).startsWith(fs.realpathSync(dir) + path.sep);
  } catch {
    return false;
  }
}

/** The top of the git work tree holding `dir` (the nearest directory with `.git`), or null. */
export function gitWorkTreeRoot(dir: string): string | null {
  return findUp(dir, gitCache, (d) => (lstatOrUndefined(path.join(d, ".git")) ? d : undefined));
}

export interface ReadResult {
  text?: string;
  problem?: "too-large" | "binary" | "unreadable" | "not-a-file";
  detail?: string;
  size?: number;
}

/**
 * Opens a file for reading and hands it to `body` only if it is a regular file. Opens with
 * O_NONBLOCK so that a FIFO swapped in after the lstat cannot block us, then checks with fstat.
 */
function withRegularFile<T>(
  p: string,
  failed: (detail: string, notAFile: boolean) => T,
  body: (fd: number, st: fs.Stats) => T,
): T {
  let fd: number;
  try {
    fd = fs.openSync(p, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK | fs.constants.O_NOCTTY);
  } catch (err) {
    return failed(describeFsError(err), false);
  }
  try {
    const st = fs.fstatSync(fd);
    return st.isFile() ? body(fd, st) : failed(kindOf(st), true);
  } catch (err) {
    return failed(describeFsError(err), false);
  } finally {
    fs.closeSync(fd);
  }
}

/** The first `length` bytes of an open file (fewer if it is shorter). */
function readPrefix(fd: number, length: number): Buffer {
  const buf = Buffer.alloc(length);
  let off = 0;
  while (off < buf.length) {
    const n = fs.readSync(fd, buf, off, buf.length - off, off);
    if (n === 0) break;
    off += n;
  }
  return buf.subarray(0, off);
}

/** Reads a regular file whole, bounded: a larger one is not read at all. */
export function readBounded(p: string, maxBytes: number): ReadResult {
  return withRegularFile<ReadResult>(
    p,
    (detail, notAFile) => ({ problem: notAFile ? "not-a-file" : "unreadable", detail }),
    (fd, st) => {
      if (st.size > maxBytes) return { problem: "too-large", size: st.size };
      const bytes = readPrefix(fd, st.size);
      if (bytes.includes(0)) return { problem: "binary", size: bytes.length };
      return { text: bytes.toString("utf8"), size: bytes.length };
    },
  );
}

/** What svlint knows of an env file: its shape, never its value. */
export interface EnvFileFacts {
  size: number;
  /** Something other than blanks after the first line (envdir and friends use only the first). */
  extraLines: boolean;
  /** The first line ends with a space or tab (cut by the readers). */
  trailingBlank: boolean;
  /** The first line ends with `\r` (kept in the value by envdir and chpst -e). */
  carriageReturn: boolean;
  /** Set when it could not be read. */
  problem?: string;
}

const ENV_PREFIX_BYTES = 64 * 1024;

/** Reads the start of an env file and keeps only facts about its shape; the bytes are dropped. */
export function envFileFacts(p: string): EnvFileFacts {
  return withRegularFile<EnvFileFacts>(
    p,
    (detail) => ({ size: 0, extraLines: false, trailingBlank: false, carriageReturn: false, problem: detail }),
    (fd, st) => {
      const bytes = readPrefix(fd, Math.min(st.size, ENV_PREFIX_BYTES));
      const nl = bytes.indexOf(0x0a);
      const first = nl === -1 ? bytes : bytes.subarray(0, nl);
      const rest = nl === -1 ? Buffer.alloc(0) : bytes.subarray(nl + 1);
      const last = first[first.length - 1];
      const beforeCr = last === 0x0d ? first[first.length - 2] : last;
      return {
        size: st.size,
        extraLines: rest.some((b) => b !== 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d),
        trailingBlank: beforeCr === 0x20 || beforeCr === 0x09,
        carriageReturn: last === 0x0d,
      };
    },
  );
}
