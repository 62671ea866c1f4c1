// The file system as the disk host (disk.ts) and discovery read it: kinds, errors in words, and
// bounded reads that never open a FIFO.
import * as fs from "node:fs";
import type { EntryKind, ReadResult } from "./host.js";

/** The kind of a stat result or a directory entry (both answer isFile(), isDirectory(), …). */
export function kindOf(st: fs.Stats | fs.Dirent): EntryKind {
  if (st.isFile()) return "file";
  if (st.isDirectory()) return "dir";
  if (st.isSymbolicLink()) return "symlink";
  if (st.isFIFO()) return "fifo";
  if (st.isSocket()) return "socket";
  if (st.isCharacterDevice()) return "char";
  if (st.isBlockDevice()) return "block";
  return "unknown";
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
 * Opens a file for reading and hands it to `body` only if it is a regular file. Opens with
 * O_NONBLOCK so that a FIFO swapped in after the lstat cannot block us, then checks with fstat.
 */
export function withRegularFile<T>(
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
export function readPrefix(fd: number, length: number): Buffer {
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
