// The read-only snapshot of one service directory, read through a host (host/host.ts). Everything
// a rule may ask about the directory is read here, once; rules never touch the filesystem themselves.
import * as path from "node:path";
import { diskHost } from "./host/disk.js";
import {
  describeKind,
  gitWorkTreeRoot,
  HostError,
  insideDir,
  type EntryKind,
  type FileInfo,
  type Host,
} from "./host/host.js";
import { supervisionOf, type FirstLook, type Looks, type Supervision } from "./live/supervision.js";

export type LintContext = "live" | "repo";

export interface Entry {
  /** Path relative to the service directory, with `/` separators: `run`, `log/run`, `env/PASS`. */
  rel: string;
  kind: EntryKind;
  mode: number;
  uid: number;
  gid: number;
  size: number;
  /** For a symlink: the link text as written. */
  linkTarget?: string;
  /** For a symlink: the kind of what it leads to, or undefined when dangling or a loop. */
  targetKind?: EntryKind;
  /** For a symlink that resolves: the mode of what it leads to. */
  targetMode?: number;
}

export type ScriptProblem = "too-large" | "binary" | "unreadable" | "not-a-file" | "outside";

export interface ScriptFile {
  /** `run`, `finish`, `check`, `log/run`, … */
  rel: string;
  /** Absolute path. */
  abs: string;
  text?: string;
  problem?: ScriptProblem;
  /** Size in bytes, when known. */
  size?: number;
  detail?: string;
}

/** An s6-rc source definition directory (it has a `type` file). */
export interface S6rcDefinition {
  type: "longrun" | "oneshot" | "bundle";
  /** `producer-for`: the longrun that logs this one's output. */
  producerFor?: string;
  /** `consumer-for`: the longruns whose output this one (a logger) reads. */
  consumerFor?: string[];
}

export interface ServiceDir {
  /** Absolute path of the service directory (as reached, not resolved through links). */
  abs: string;
  /** Directory-level entries: the service's own entries and one level of each subdirectory. */
  entries: ReadonlyMap<string, Entry>;
  /** Subdirectories whose listing hit the cap, with the number of entries left unread. */
  truncated: ReadonlyMap<string, number>;
  /** Directories that could not be listed, with the reason. */
  unreadableDirs: ReadonlyMap<string, string>;
  scripts: ScriptFile[];
  /** `live` (a deployed tree) or `repo` (a checkout): the --context setting, or detected. */
  where: LintContext;
  /** Set for an s6-rc source directory. */
  s6rc?: S6rcDefinition;
  /** In live context, what the supervisor's files say about the service and its logger (live/supervision.ts). */
  supervision?: Supervision;
}

export interface SnapshotOptions {
  /** Force a context; by default `repo` inside a git work tree, else `live`. */
  context?: LintContext;
  maxScriptBytes?: number;
  maxEntriesPerDir?: number;
  /** The root's entries when the caller already listed it (discovery does). */
  names?: readonly string[];
  /** Where to read from (default: the disk). */
  host?: Host;
  /** In live context, how many looks at a service that looks failing (default `once`: no waiting). */
  looks?: Looks;
  /** A first look already taken (the runner takes them for every service, to wait once). */
  firstLook?: FirstLook;
}

export const DEFAULT_MAX_SCRIPT_BYTES = 1024 * 1024;
const DEFAULT_MAX_ENTRIES = 20000;

/** The scripts a supervisor runs, relative to the service directory. */
/**
 * The files the suites read beside `run` that are not scripts (s6's servicedir and s6-rc's source
 * format, runsv's `down`, daemontools' `down`).
 */
export const CONTROL_FILES = [
  "down",
  "type",
  "up",
  "notification-fd",
  "timeout-kill",
  "timeout-finish",
  "max-death-tally",
  "lock-fd",
  "down-signal",
  "producer-for",
  "consumer-for",
] as const;

export const SCRIPT_NAMES = ["run", "finish", "check", "log/run", "log/finish", "log/check"] as const;

/** s6-rc's oneshot scripts: execline, without `#!` (s6-rc-compile runs them with execlineb -P). */
export const S6RC_ONESHOT_SCRIPTS = ["up", "down"] as const;

const S6RC_TYPES = new Set(["longrun", "oneshot", "bundle"]);

/** The s6-rc definition in `dir`, when its `type` file names one. Small files, read bounded. */
export function readS6rc(host: Host, dir: string): S6rcDefinition | undefined {
  const type = host.readFile(path.join(dir, "type"), 64).text?.trim();
  if (type === undefined || !S6RC_TYPES.has(type)) return undefined;
  const def: S6rcDefinition = { type: type as S6rcDefinition["type"] };
  const producer = host.readFile(path.join(dir, "producer-for"), 4096).text?.trim();
  if (producer) def.producerFor = producer;
  const consumer = host
    .readFile(path.join(dir, "consumer-for"), 65536)
    .text?.split("\n")
    .map((l) => l.trim())
    .filter(Boolean);
  if (consumer && consumer.length > 0) def.consumerFor = consumer;
  return def;
}

/** Subdirectories that belong to the supervisor's state, not to the author. */
const STATE_DIRS = new Set(["supervise", "event"]);

function entryFor(host: Host, rel: string, abs: string, st: FileInfo): Entry {
  const e: Entry = { rel, kind: st.kind, mode: st.mode, uid: st.uid, gid: st.gid, size: st.size };
  if (e.kind === "symlink") {
    e.linkTarget = host.readlink(abs) ?? "";
    const t = host.stat(abs);
    if (t) {
      e.targetKind = t.kind;
      e.targetMode = t.mode;
    }
  }
  return e;
}

/** Kind of an entry after following one symlink, as the supervisor would see it. */
export function effectiveKind(e: Entry | undefined): EntryKind | undefined {
  if (!e) return undefined;
  return e.kind === "symlink" ? e.targetKind : e.kind;
}

export function effectiveMode(e: Entry | undefined): number | undefined {
  if (!e) return undefined;
  return e.kind === "symlink" ? e.targetMode : e.mode;
}

/** Direct children of `dirRel` (`""` for the service root) in the snapshot. */
/**
 * A path written in the service's directory `from` (a script's, a link's), relative to the
 * service; undefined when it leads outside.
 */
export function serviceRel(svc: ServiceDir, from: string, value: string): string | undefined {
  const rel = path.posix.isAbsolute(value)
    ? value.startsWith(svc.abs + "/")
      ? value.slice(svc.abs.length + 1)
      : undefined
    : path.posix.join(from, value);
  const n = rel === undefined ? undefined : path.posix.normalize(rel).replace(/\/+$/, "");
  return n === undefined || n === "." || n === ".." || n.startsWith("../") ? undefined : n;
}

/**
 * What a chmod of the entry `rel` changes: `rel` itself, or for a link the entry it leads to when
 * that is in the service and not a link (the fixer changes no mode through a link, nor outside).
 */
export function modeTarget(svc: ServiceDir, rel: string): string | undefined {
  const e = svc.entries.get(rel);
  if (e?.kind !== "symlink") return rel;
  const target = serviceRel(svc, path.posix.dirname(rel), e.linkTarget ?? "");
  const t = target === undefined ? undefined : svc.entries.get(target);
  return t && t.kind !== "symlink" ? target : undefined;
}

export function childrenOf(svc: ServiceDir, dirRel: string): Entry[] {
  const prefix = dirRel === "" ? "" : dirRel + "/";
  const out: Entry[] = [];
  for (const e of svc.entries.values()) {
    if (!e.rel.startsWith(prefix)) continue;
    const rest = e.rel.slice(prefix.length);
    if (rest.length > 0 && !rest.includes("/")) out.push(e);
  }
  return out;
}

export function readService(abs: string, opts: SnapshotOptions = {}): ServiceDir {
  const host = opts.host ?? diskHost;
  const maxEntries = opts.maxEntriesPerDir ?? DEFAULT_MAX_ENTRIES;
  const entries = new Map<string, Entry>();
  const truncated = new Map<string, number>();
  const unreadableDirs = new Map<string, string>();
  let rootHasGit = false;

  // Fixed depth (root + one level) keeps this bounded whatever links the tree holds:
  // a `log -> ..` loop is listed once and never followed further.
  const listDir = (dirRel: string): void => {
    const dirAbs = dirRel === "" ? abs : path.join(abs, dirRel);
    let names: string[];
    try {
      names = dirRel === "" && opts.names ? [...opts.names] : host.readdir(dirAbs);
    } catch (err) {
      unreadableDirs.set(dirRel, err instanceof HostError ? err.message : String(err));
      return;
    }
    if (dirRel === "") rootHasGit = names.includes(".git");
    names.sort();
    if (names.length > maxEntries) {
      truncated.set(dirRel, names.length - maxEntries);
      names = names.slice(0, maxEntries);
    }
    for (const name of names) {
      const rel = dirRel === "" ? name : `${dirRel}/${name}`;
      const childAbs = path.join(dirAbs, name);
      const st = host.lstat(childAbs);
      // Vanished between readdir and lstat: nothing to say about it.
      if (st) entries.set(rel, entryFor(host, rel, childAbs, st));
    }
  };

  listDir("");
  // The root's own listing says whether it holds `.git`; only its parents need a look.
  // (An unlistable root falls back to looking.)
  const gitRoot = (): string | null => {
    if (rootHasGit) return abs;
    return unreadableDirs.has("") ? gitWorkTreeRoot(host, abs) : gitWorkTreeRoot(host, path.dirname(abs));
  };
  const context = opts.context ?? (gitRoot() !== null ? "repo" : "live");
  // In a checkout (maybe an untrusted pull request), a script that links out of the repository
  // is not read: `run -> /etc/shadow` must not get its lines quoted in messages. Nor is a
  // subdirectory that does (`log -> /etc/sv/x` names the machine it is installed on) listed.
  const repoRoot = context === "repo" ? gitRoot() : null;
  for (const e of [...entries.values()]) {
    if (STATE_DIRS.has(e.rel)) continue;
    if (effectiveKind(e) !== "dir") continue;
    if (repoRoot !== null && e.kind === "symlink" && !insideDir(host, path.join(abs, e.rel), repoRoot)) continue;
    listDir(e.rel);
  }
  const scripts: ScriptFile[] = [];
  const maxBytes = opts.maxScriptBytes ?? DEFAULT_MAX_SCRIPT_BYTES;
  const s6rc = entries.has("type") ? readS6rc(host, abs) : undefined;
  const names: readonly string[] =
    s6rc?.type === "oneshot" ? S6RC_ONESHOT_SCRIPTS : s6rc?.type === "bundle" ? [] : SCRIPT_NAMES;
  for (const rel of names) {
    const e = entries.get(rel);
    if (!e) continue;
    const scriptAbs = path.join(abs, rel);
    const kind = effectiveKind(e);
    // In a checkout, an absolute link (`log/run -> /usr/bin/rsvlog`) names a file of the system it
    // is installed on: not followed, and not broken.
    if (repoRoot !== null && e.kind === "symlink" && path.isAbsolute(e.linkTarget ?? "")) {
      scripts.push({ rel, abs: scriptAbs, problem: "outside", detail: e.linkTarget! });
      continue;
    }
    if (kind !== "file") {
      // A FIFO, device, socket or directory named `run` is never opened.
      scripts.push({
        rel,
        abs: scriptAbs,
        problem: kind === undefined ? "unreadable" : "not-a-file",
        detail: describeKind(kind),
      });
      continue;
    }
    if (repoRoot !== null && !insideDir(host, scriptAbs, repoRoot)) {
      // The link as the tree writes it, not what it resolves to on this machine.
      scripts.push({ rel, abs: scriptAbs, problem: "outside", detail: e.linkTarget || rel });
      continue;
    }
    const r = host.readFile(scriptAbs, maxBytes);
    const s: ScriptFile = { rel, abs: scriptAbs };
    if (r.text !== undefined) s.text = r.text;
    if (r.problem !== undefined) s.problem = r.problem;
    if (r.size !== undefined) s.size = r.size;
    if (r.detail !== undefined) s.detail = r.detail;
    scripts.push(s);
  }

  const supervision =
    context === "live"
      ? supervisionOf(host, abs, effectiveKind(entries.get("log")) === "dir", opts.looks ?? "once", opts.firstLook)
      : undefined;
  return {
    abs,
    entries,
    truncated,
    unreadableDirs,
    scripts,
    where: context,
    ...(s6rc ? { s6rc } : {}),
    ...(supervision ? { supervision } : {}),
  };
}
