// The disk side of live status: bounded reads of the files a supervisor keeps. A supervise
// directory holds FIFOs (control, ok) that a supervisor reads commands from; opening one could be
// taken for a client, so anything that stat does not call a regular file is never opened.
import * as fs from "node:fs";
import { describeFsError, errorCode, kindOf, readPrefix, withRegularFile } from "../host/fsutil.js";
import type { FileId, FileRead } from "../host/host.js";

export type { FileId, FileRead, ReadFileFn } from "../host/host.js";

/**
 * Reads a regular file, bounded, from the disk. The size is taken from the read itself, not from
 * stat, because files under /proc say they are empty.
 */
export function diskReadFile(path: string, maxBytes: number): FileRead {
  let st: fs.Stats;
  try {
    st = fs.statSync(path);
  } catch (err) {
    const code = errorCode(err);
    return code === "ENOENT" || code === "ENOTDIR"
      ? { problem: "missing", detail: describeFsError(err) }
      : { problem: "unreadable", detail: describeFsError(err) };
  }
  if (!st.isFile()) return { problem: "not-a-file", detail: kindOf(st) };
  if (st.size > maxBytes) return { problem: "too-large", size: st.size };
  return withRegularFile<FileRead>(
    path,
    (detail, notAFile) => (notAFile ? { problem: "not-a-file", detail } : { problem: "unreadable", detail }),
    (fd) => {
      // Files under /proc say they are empty: read those in chunks, never a buffer of the bound.
      const bytes = st.size > 0 ? readPrefix(fd, Math.min(st.size, maxBytes) + 1) : readChunks(fd, maxBytes + 1);
      return bytes.length > maxBytes ? { problem: "too-large", size: bytes.length } : { bytes };
    },
  );
}

/** Up to `limit` bytes of an open file whose size stat does not tell, in 64 KiB chunks. */
function readChunks(fd: number, limit: number): Buffer {
  const chunks: Buffer[] = [];
  let total = 0;
  while (total < limit) {
    const chunk = Buffer.alloc(Math.min(64 * 1024, limit - total));
    const n = fs.readSync(fd, chunk, 0, chunk.length, total);
    if (n === 0) break;
    chunks.push(chunk.subarray(0, n));
    total += n;
  }
  return Buffer.concat(chunks);
}

/** A file's device and inode (links followed), or undefined when it cannot be seen. */
export function diskFileId(path: string): FileId | undefined {
  try {
    const st = fs.statSync(path, { bigint: true });
    // glibc's dev_t encoding, which is what stat hands back: major and minor are split in it.
    const major = Number(((st.dev >> 8n) & 0xfffn) | ((st.dev >> 32n) & 0xfffff000n));
    const minor = Number((st.dev & 0xffn) | ((st.dev >> 12n) & 0xffffff00n));
    return { major, minor, ino: st.ino };
  } catch {
    return undefined;
  }
}
