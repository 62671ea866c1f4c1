// The host that reads the disk (see host.ts): what the command line uses. One per thread
// (`diskHost`), so that facts read once (a repository's file index, the passwd database) serve
// every service of a run.
import * as fs from "node:fs";
import { diskFileId, diskReadFile } from "../live/read.js";
import { describeFsError, errorCode, kindOf, readBounded, readPrefix, withRegularFile } from "./fsutil.js";
import {
  HostError,
  MemoStore,
  type EntryKind,
  type FileId,
  type FileInfo,
  type FileRead,
  type HeadResult,
  type Host,
  type ReadResult,
} from "./host.js";

function info(st: fs.Stats): FileInfo {
  return { kind: kindOf(st), mode: st.mode & 0o7777, uid: st.uid, gid: st.gid, size: st.size };
}

export class DiskHost implements Host {
  private readonly store = new MemoStore();

  lstat(abs: string): FileInfo | undefined {
    try {
      return info(fs.lstatSync(abs));
    } catch {
      return undefined;
    }
  }

  stat(abs: string): FileInfo | undefined {
    try {
      return info(fs.statSync(abs));
    } catch {
      return undefined;
    }
  }

  readdir(abs: string): string[] {
    try {
      return fs.readdirSync(abs);
    } catch (err) {
      throw new HostError(describeFsError(err), errorCode(err));
    }
  }

  readdirKinds(abs: string): Array<[string, EntryKind]> {
    try {
      return fs.readdirSync(abs, { withFileTypes: true }).map((d) => [d.name, kindOf(d)]);
    } catch (err) {
      throw new HostError(describeFsError(err), errorCode(err));
    }
  }

  readlink(abs: string): string | undefined {
    try {
      return fs.readlinkSync(abs);
    } catch {
      return undefined;
    }
  }

  realpath(abs: string): string | undefined {
    try {
      return fs.realpathSync(abs);
    } catch {
      return undefined;
    }
  }

  readFile(abs: string, maxBytes: number): ReadResult {
    return readBounded(abs, maxBytes);
  }

  readHead(abs: string, maxBytes: number): HeadResult {
    return withRegularFile<HeadResult>(
      abs,
      (detail) => ({ problem: detail }),
      (fd, st) => ({ bytes: readPrefix(fd, Math.min(st.size, maxBytes)), size: st.size }),
    );
  }

  readBytes(abs: string, maxBytes: number): FileRead {
    return diskReadFile(abs, maxBytes);
  }

  fileId(abs: string): FileId | undefined {
    return diskFileId(abs);
  }

  memo<T>(space: string, key: string, compute: () => T): T {
    return this.store.get(space, key, compute);
  }

  invalidate(abs?: string): void {
    this.store.invalidate(abs);
  }
}

/** The disk host of this thread. */
export const diskHost: Host = new DiskHost();
