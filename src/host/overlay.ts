// A host that lays files given as text over another host (host.ts): an editor's unsaved buffers
// over the disk, or a whole service over `emptyHost` (nothing on disk at all, as tests and the
// language server's new files need). Overlaid files are regular files; the directories above them
// exist. Everything else comes from the base host.
import * as path from "node:path";
import {
  HostError,
  MemoStore,
  type Change,
  type EntryKind,
  type FileId,
  type FileInfo,
  type FileRead,
  type HeadResult,
  type Host,
  type ReadResult,
} from "./host.js";

export interface OverlayFile {
  text: string;
  /** Permission bits; default the base file's, else 0755 for a supervisor's script and 0644 for others. */
  mode?: number;
}

const SCRIPT = /(^|\/)(run|finish|check)$/;
const encoder = new TextEncoder();

/** A host with no files at all. */
export const emptyHost: Host = {
  lstat: () => undefined,
  stat: () => undefined,
  readdir: (abs) => {
    throw new HostError(`no such file or directory: ${abs}`, "ENOENT");
  },
  readdirKinds: (abs) => {
    throw new HostError(`no such file or directory: ${abs}`, "ENOENT");
  },
  readlink: () => undefined,
  realpath: () => undefined,
  readFile: () => ({ problem: "unreadable", detail: "no such file or directory" }),
  readHead: () => ({ problem: "no such file or directory" }),
  readBytes: () => ({ problem: "missing" }),
  fileId: () => undefined,
  memo: (_space, _key, compute) => compute(),
  invalidate: () => undefined,
};

export class OverlayHost implements Host {
  private readonly files = new Map<string, OverlayFile>();
  /** Directories that hold overlaid files or directories, with the names they gain. */
  private readonly dirs = new Map<string, Set<string>>();
  /** Directories laid over the base with a mode of their own (an env dir's 0700). */
  private readonly dirModes = new Map<string, number>();
  private readonly store = new MemoStore();

  constructor(
    private readonly base: Host,
    files: Readonly<Record<string, string | OverlayFile>> = {},
  ) {
    for (const [abs, f] of Object.entries(files)) this.set(abs, f);
  }

  /**
   * Lays a file over the base (or replaces an overlaid one) and forgets what depended on it. New
   * text for a regular file that was already there, with its mode, is a change of content only:
   * facts about the tree's names and modes stay (see STRUCTURE_SPACES).
   */
  set(abs: string, file: string | OverlayFile): void {
    const p = path.resolve(abs);
    const next = typeof file === "string" ? { text: file } : file;
    const prev = this.files.get(p);
    const under = prev ? undefined : this.base.lstat(p);
    const contentOnly = prev
      ? prev.mode === next.mode
      : under?.kind === "file" && (next.mode === undefined || next.mode === under.mode);
    this.files.set(p, next);
    this.addParents(p);
    this.invalidate(p, contentOnly ? "content" : "structure");
  }

  /** Lays a directory over the base, with its mode (an empty `log/main/`, an env dir's 0700). */
  mkdir(abs: string, mode = 0o755): void {
    const p = path.resolve(abs);
    this.dirModes.set(p, mode);
    if (!this.dirs.has(p)) this.dirs.set(p, new Set());
    this.addParents(p);
    this.invalidate(p);
  }

  private addParents(p: string): void {
    for (let child = p, dir = path.dirname(p); dir !== child; child = dir, dir = path.dirname(dir)) {
      let names = this.dirs.get(dir);
      if (!names) this.dirs.set(dir, (names = new Set()));
      names.add(path.basename(child));
    }
  }

  /** Removes an overlaid file: the base's file (if any) shows again. */
  delete(abs: string): void {
    const p = path.resolve(abs);
    if (!this.files.delete(p)) return;
    this.dirs.clear();
    for (const f of this.files.keys()) this.addParents(f);
    for (const d of this.dirModes.keys()) {
      if (!this.dirs.has(d)) this.dirs.set(d, new Set());
      this.addParents(d);
    }
    this.invalidate(p);
  }

  private info(p: string): FileInfo | undefined {
    const f = this.files.get(p);
    if (f) {
      const under = this.base.lstat(p);
      const mode = f.mode ?? (under?.kind === "file" ? under.mode : SCRIPT.test(p) ? 0o755 : 0o644);
      return {
        kind: "file",
        mode,
        uid: under?.uid ?? process.getuid?.() ?? 0,
        gid: under?.gid ?? process.getgid?.() ?? 0,
        size: encoder.encode(f.text).length,
      };
    }
    if (this.dirs.has(p)) {
      const mode = this.dirModes.get(p);
      const under = this.base.stat(p);
      if (mode === undefined && under?.kind === "dir") return undefined; // the base's own directory
      return {
        kind: "dir",
        mode: mode ?? 0o755,
        uid: under?.uid ?? process.getuid?.() ?? 0,
        gid: under?.gid ?? process.getgid?.() ?? 0,
        size: 0,
      };
    }
    return undefined;
  }

  lstat(abs: string): FileInfo | undefined {
    return this.info(path.resolve(abs)) ?? this.base.lstat(abs);
  }

  stat(abs: string): FileInfo | undefined {
    return this.info(path.resolve(abs)) ?? this.base.stat(abs);
  }

  readdir(abs: string): string[] {
    return this.readdirKinds(abs).map(([n]) => n);
  }

  readdirKinds(abs: string): Array<[string, EntryKind]> {
    const p = path.resolve(abs);
    const added = this.dirs.get(p);
    let under: Array<[string, EntryKind]> = [];
    try {
      under = this.base.readdirKinds(abs);
    } catch (err) {
      if (!added) throw err;
    }
    if (!added) return under;
    const out = under.filter(([n]) => !added.has(n));
    for (const n of added) out.push([n, this.files.has(path.join(p, n)) ? "file" : "dir"]);
    return out;
  }

  readlink(abs: string): string | undefined {
    return this.files.has(path.resolve(abs)) ? undefined : this.base.readlink(abs);
  }

  realpath(abs: string): string | undefined {
    const p = path.resolve(abs);
    if (!this.files.has(p) && !(this.dirs.has(p) && this.base.lstat(p) === undefined)) return this.base.realpath(abs);
    // An overlaid path is itself; its parent may be a link on the base.
    const parent = path.dirname(p);
    if (parent === p) return p;
    const up = this.realpath(parent);
    return up === undefined ? undefined : path.join(up, path.basename(p));
  }

  readFile(abs: string, maxBytes: number): ReadResult {
    const f = this.files.get(path.resolve(abs));
    if (!f) return this.base.readFile(abs, maxBytes);
    const bytes = encoder.encode(f.text);
    if (bytes.length > maxBytes) return { problem: "too-large", size: bytes.length };
    if (bytes.includes(0)) return { problem: "binary", size: bytes.length };
    return { text: f.text, size: bytes.length };
  }

  readHead(abs: string, maxBytes: number): HeadResult {
    const f = this.files.get(path.resolve(abs));
    if (!f) return this.base.readHead(abs, maxBytes);
    const bytes = encoder.encode(f.text);
    return { bytes: bytes.subarray(0, maxBytes), size: bytes.length };
  }

  readBytes(abs: string, maxBytes: number): FileRead {
    const p = path.resolve(abs);
    const f = this.files.get(p);
    if (!f) return this.dirs.has(p) ? { problem: "not-a-file", detail: "dir" } : this.base.readBytes(abs, maxBytes);
    const bytes = encoder.encode(f.text);
    return bytes.length > maxBytes ? { problem: "too-large", size: bytes.length } : { bytes };
  }

  fileId(abs: string): FileId | undefined {
    return this.files.has(path.resolve(abs)) ? undefined : this.base.fileId(abs);
  }

  memo<T>(space: string, key: string, compute: () => T): T {
    return this.store.get(space, key, compute);
  }

  invalidate(abs?: string, change?: Change): void {
    this.store.invalidate(abs, change);
    this.base.invalidate(abs, change);
  }
}
