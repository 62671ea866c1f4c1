// The host: everything svlint reads goes through it, so that the engine can lint text that is not
// on disk (an editor's unsaved buffer: overlay.ts), be tested with no disk at all, and keep its
// caches per host instead of per process. disk.ts is the host the command line uses.
// Every method is read-only and bounded; none follows a link unless it says so.

/** A bounded read: the bytes of a regular file, or why there are none. */
export type FileRead =
  | { bytes: Uint8Array }
  | {
      problem: "missing" | "not-a-file" | "too-large" | "unreadable";
      /** Words a user reads: the kind of entry, or the error. */
      detail?: string;
      /** The file's size, when it was too large. */
      size?: number;
    };

/** Reads a file whole when it holds at most `maxBytes` bytes; given a path, links followed. */
export type ReadFileFn = (path: string, maxBytes: number) => FileRead;

/** The identity of a file as the kernel's lock table names it: device numbers and inode. */
export interface FileId {
  major: number;
  minor: number;
  ino: bigint;
}

export type EntryKind = "file" | "dir" | "symlink" | "fifo" | "socket" | "char" | "block" | "unknown";

export interface FileInfo {
  kind: EntryKind;
  /** Permission bits (`mode & 0o7777`). */
  mode: number;
  uid: number;
  gid: number;
  size: number;
}

export interface ReadResult {
  text?: string;
  problem?: "too-large" | "binary" | "unreadable" | "not-a-file";
  detail?: string;
  size?: number;
}

/** The first bytes of a regular file, or why it could not be read. */
export type HeadResult = { bytes: Uint8Array; size: number } | { problem: string };

/** A failed listing, in words a user reads (`permission denied`), with the errno code when known. */
export class HostError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
  }
}

export interface Host {
  /** The entry itself (a link is a `symlink`); undefined when it does not exist or cannot be seen. */
  lstat(abs: string): FileInfo | undefined;
  /** Through links; undefined for a dangling link, a loop, or no permission. */
  stat(abs: string): FileInfo | undefined;
  /** A directory's entry names, unsorted; throws a HostError when it cannot be listed. */
  readdir(abs: string): string[];
  /** A directory's entries with their kinds (links not followed); throws a HostError like readdir. */
  readdirKinds(abs: string): Array<[name: string, kind: EntryKind]>;
  /** A link's text as written; undefined when it is not a link or cannot be read. */
  readlink(abs: string): string | undefined;
  /** The path with every link resolved; undefined when it cannot be resolved. */
  realpath(abs: string): string | undefined;
  /**
   * A regular file read whole as UTF-8 text, when it is at most `maxBytes`: a larger, binary,
   * special (a FIFO is never opened for reading) or unreadable file gives the problem instead.
   */
  readFile(abs: string, maxBytes: number): ReadResult;
  /** The first `maxBytes` bytes of a regular file and its size. */
  readHead(abs: string, maxBytes: number): HeadResult;
  /**
   * A regular file's bytes, whole when at most `maxBytes`, links followed; the size comes from the
   * read, not from stat (files under /proc say they are empty). A supervisor's state files.
   */
  readBytes(abs: string, maxBytes: number): FileRead;
  /** A file's device and inode, links followed (to find a lock in /proc/locks). */
  fileId(abs: string): FileId | undefined;
  /**
   * A value computed once per key and kept until a file it may depend on changes (see
   * invalidate): `space` names the kind of fact (`git-root`, `installers`), `key` is a path.
   */
  memo<T>(space: string, key: string, compute: () => T): T;
  /**
   * Forgets cached facts that may depend on `abs`: those keyed by it, by a directory above it,
   * or by a path in its directory or below (a new `.git` changes the work tree of everything
   * under it). Without a path, forgets everything. `content`: only the text of a regular file
   * that was there before changed (an editor's keystroke), and facts that record only the tree's
   * names, kinds and modes (STRUCTURE_SPACES) are kept.
   */
  invalidate(abs?: string, change?: Change): void;
}

/** What changed at a path: anything (`structure`: created, deleted, renamed, mode) or only its text. */
export type Change = "structure" | "content";

/**
 * Memo spaces whose facts come from names, kinds and modes only, never from a file's text: a
 * repository's file index, git roots, sibling services' run modes. A change of text leaves them
 * true, so an edit does not walk the repository again (docs/performance.md#content-only-invalidation);
 * a space not named here is forgotten.
 */
export const STRUCTURE_SPACES: ReadonlySet<string> = new Set(["repo-index", "git-root", "run-modes"]);

/** The memo store a host keeps; hosts share the invalidation rule. */
export class MemoStore {
  private readonly spaces = new Map<string, Map<string, unknown>>();

  get<T>(space: string, key: string, compute: () => T): T {
    let m = this.spaces.get(space);
    if (!m) this.spaces.set(space, (m = new Map()));
    if (m.has(key)) return m.get(key) as T;
    const v = compute();
    m.set(key, v);
    return v;
  }

  invalidate(abs?: string, change: Change = "structure"): void {
    if (abs === undefined) {
      this.spaces.clear();
      return;
    }
    const dir = abs.slice(0, abs.lastIndexOf("/") + 1);
    const above = (key: string): boolean => abs.startsWith(key.endsWith("/") ? key : key + "/");
    for (const [space, m] of this.spaces) {
      if (change === "content") {
        // A fact keyed by the file, or one that reads files under a directory above it (the
        // installers beside a service); the siblings rule is for new entries, not new text.
        if (STRUCTURE_SPACES.has(space)) {
          m.delete(abs);
          continue;
        }
        for (const key of m.keys()) if (key === abs || above(key)) m.delete(key);
        continue;
      }
      for (const key of m.keys()) if (key === abs || above(key) || key.startsWith(dir)) m.delete(key);
    }
  }
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

/** Whether `file`, links resolved, is inside `dir` (links resolved); false when either cannot be resolved. */
export function insideDir(host: Host, file: string, dir: string): boolean {
  const f = host.realpath(file);
  const d = host.realpath(dir);
  return f !== undefined && d !== undefined && f.startsWith(d + "/");
}

/** A cache of answers by directory (a host's memo space, or a map of one's own). */
export type DirMemo<T> = (dir: string, compute: () => T | null) => T | null;

/** A DirMemo over a plain map. */
export function mapMemo<T>(map: Map<string, T | null>): DirMemo<T> {
  return (dir, compute) => {
    if (map.has(dir)) return map.get(dir)!;
    const v = compute();
    map.set(dir, v);
    return v;
  };
}

/**
 * Walks from `start` up to the root and returns the first answer `probe` gives for a directory,
 * or null. Every directory walked is remembered with the answer found above it, so services that
 * share parents (10,000 under one scan dir) walk them once.
 */
export function findUp<T>(memo: DirMemo<T>, start: string, probe: (dir: string) => T | undefined): T | null {
  const dir = start.length > 1 ? start.replace(/\/+$/, "") : start;
  return memo(dir, (): T | null => {
    const here = probe(dir);
    if (here !== undefined) return here;
    const up = dir.slice(0, dir.lastIndexOf("/")) || "/";
    return up === dir ? null : findUp(memo, up, probe);
  });
}

/** The top of the git work tree holding `dir` (the nearest directory with `.git`), or null. */
export function gitWorkTreeRoot(host: Host, dir: string): string | null {
  return findUp<string>(
    (d, compute) => host.memo("git-root", d, compute),
    dir,
    (d) => (host.lstat(d === "/" ? "/.git" : d + "/.git") ? d : undefined),
  );
}

/** What svlint knows of an env file: its shape, never its value. */
export interface EnvFileFacts {
  size: number;
  /** Something other than blanks after the first line (envdir and friends use only the first). */
  extraLines: boolean;
  /** The first line ends with spaces or tabs, maybe among `\r`s (cut by the readers). */
  trailingBlank: boolean;
  /**
   * The first line ends with `\r`, maybe followed by spaces or tabs: envdir and chpst -e cut the
   * blanks and keep the `\r` in the value.
   */
  carriageReturn: boolean;
  /**
   * Where the run of spaces, tabs and `\r` that ends the first line lies in the file's text, in
   * UTF-16 code units (`end`: where the line ends, before its `\n`), and whether a `\n` follows.
   * Set when there is such a run and the file was read whole as UTF-8 text without NUL, as a fix
   * that edits it needs.
   */
  firstLineEnding?: { start: number; end: number; newline: boolean };
  /** Set when it could not be read. */
  problem?: string;
}

const ENV_PREFIX_BYTES = 64 * 1024;

const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

const isBlank = (b: number | undefined): boolean => b === 0x20 || b === 0x09;

/** Reads the start of an env file and keeps only facts about its shape; the bytes are dropped. */
export function envFileFacts(host: Host, abs: string): EnvFileFacts {
  const head = host.readHead(abs, ENV_PREFIX_BYTES);
  if ("problem" in head)
    return { size: 0, extraLines: false, trailingBlank: false, carriageReturn: false, problem: head.problem };
  const bytes = head.bytes;
  const nl = bytes.indexOf(0x0a);
  const first = nl === -1 ? bytes : bytes.subarray(0, nl);
  const rest = nl === -1 ? new Uint8Array(0) : bytes.subarray(nl + 1);
  // The run of blanks and carriage returns that ends the first line.
  let cut = first.length;
  while (cut > 0 && (isBlank(first[cut - 1]) || first[cut - 1] === 0x0d)) cut--;
  const ending = first.subarray(cut);
  const facts: EnvFileFacts = {
    size: head.size,
    extraLines: rest.some((b) => b !== 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d),
    trailingBlank: ending.some(isBlank),
    carriageReturn: ending.includes(0x0d),
  };
  if (ending.length > 0 && bytes.length === head.size && !bytes.includes(0)) {
    // Offsets in the text the fixer reads (a BOM kept, as Buffer's decoding keeps it); a file that
    // is not UTF-8 would not survive that decoding, so it gets none.
    try {
      utf8.decode(bytes);
      const end = utf8.decode(first).length;
      facts.firstLineEnding = { start: end - ending.length, end, newline: nl !== -1 };
    } catch {
      // Not UTF-8: no offsets.
    }
  }
  return facts;
}
