// Supervision state from the files the supervisors keep in `supervise/`, never by running svstat,
// sv or s6-svstat: nothing here executes, writes or signals, and no FIFO is opened (read.ts).
// Each format, with the lines of the suite's sources it comes from, is in docs/live-status.md.
// Decoders take bytes and never throw: a file of the wrong size or with garbage in it is an
// "unknown format" answer, not an exception.
import { diskFileId, diskReadFile, type FileId, type FileRead, type ReadFileFn } from "./read.js";

export type { FileId, FileRead, ReadFileFn } from "./read.js";
export { diskFileId, diskReadFile } from "./read.js";

export type Suite = "daemontools" | "runit" | "s6";

/** How the last `./run` process ended, as s6 records it in its wait status. */
export type LastExit = { code: number } | { signal: number };

/** One death from s6's death tally, oldest first. */
export interface Death {
  /** Seconds since it died; undefined when its stamp is not a TAI64N label. */
  ago?: number;
  /** The exit code, or 128 plus the signal's number when a signal killed it (as s6 writes it). */
  code: number;
  /** The signal that killed it, when one did. */
  signal?: number;
}

/** What the supervisor's files say about one service. Plain data. */
export interface ServiceState {
  suite: Suite;
  /** The file the state was decoded from. */
  file: string;
  /** The daemon is running: daemontools, a pid; runit, state `run`; s6, a pid and not finishing. */
  up: boolean;
  /** The daemon's pid, when up. */
  pid?: number;
  /**
   * Seconds since the last change between up and down, from the TAI64N stamp; never negative (a
   * stamp in the future reads as now, as the suites' own tools do). Undefined when the stamp is not
   * a TAI64N label, or when runit's text files were all there was to read.
   */
  since?: number;
  /**
   * What the supervisor was told to keep it at. Undefined for daemontools after `svc -o` (run
   * once) and for a runit service that is down when only the text files could be read.
   */
  wantUp?: boolean;
  paused?: boolean;
  /** runit and s6: `./finish` is running (the daemon is not up). */
  finishing?: boolean;
  /** runit: the supervisor has sent TERM and waits for the daemon to exit. */
  gotTerm?: boolean;
  /** s6: up and ready, as `s6-svstat -o ready` says it. */
  ready?: boolean;
  /** s6: seconds since the supervisor last marked it ready (a down service is ready once finish is done). */
  readySince?: number;
  /** s6, when the daemon is not up: how its last run ended. Never set for the other suites. */
  lastExit?: LastExit;
  /** Whether the suite records how the daemon last ended: only s6 does; daemontools and runit keep no wait status. */
  lastExitRecorded: boolean;
  /** s6: the deaths its death tally keeps, oldest first. */
  deaths?: Death[];
  /** No `down` file in the service directory; undefined when that cannot be told. */
  normallyUp?: boolean;
  /**
   * Whether a supervisor holds `supervise/lock`, from the kernel's lock table (/proc/locks). When
   * it is "not running", the rest is what the last supervisor wrote before it stopped. "unknown"
   * off Linux, or when the lock table or the lock file cannot be read.
   */
  supervisor: "running" | "not running" | "unknown";
  /** The pid holding the lock, when the lock table shows it. */
  supervisorPid?: number;
}

/** Why there is no state to give. */
export interface StatusProblem {
  problem: "no supervise dir" | "no status file" | "unreadable" | "unknown format";
  /** The path the problem is about. */
  file: string;
  /** The problem in words: `unknown format (7 bytes)`, `permission denied`. */
  message: string;
  /** The file's size, for an unknown format. */
  size?: number;
}

export type StatusResult = ServiceState | StatusProblem;

export function isServiceState(r: StatusResult): r is ServiceState {
  return !("problem" in r);
}

// ---- TAI64N ----

// A TAI64 label is 2^62 plus TAI seconds. djb's libtai (daemontools, runit) counts TAI as UTC
// plus the offset TAI had at the Unix epoch and ignores leap seconds since; skalibs (s6) counts
// real TAI, leap seconds included. No leap second has been added since the last one in skalibs'
// table, so one offset holds for every recent stamp; an s6 stamp older than that reads a few
// seconds long (docs/live-status.md).
export const DJB_TAI_OFFSET = 10;
export const SKALIBS_TAI_OFFSET = 37;
const LABEL_HI = 0x40000000;

/** The Unix time in milliseconds of the TAI64N label at `at`, or undefined when it is not one. */
export function tai64nToUnixMs(bytes: Uint8Array, at: number, offset: number): number | undefined {
  if (at < 0 || bytes.length < at + 12) return undefined;
  const v = new DataView(bytes.buffer, bytes.byteOffset + at, 12);
  const hi = v.getUint32(0);
  const lo = v.getUint32(4);
  const nano = v.getUint32(8);
  // Labels before the Unix epoch or far past any supervisor's clock are garbage, not times.
  if (hi < LABEL_HI || hi - LABEL_HI > 0xffff || nano >= 1e9) return undefined;
  return ((hi - LABEL_HI) * 2 ** 32 + lo - offset) * 1000 + nano / 1e6;
}

const secondsSince = (stampMs: number | undefined, nowMs: number): number | undefined =>
  stampMs === undefined ? undefined : Math.max(0, (nowMs - stampMs) / 1000);

// ---- daemontools ----

export const DAEMONTOOLS_STATUS_SIZE = 18;

/** daemontools' `supervise/status`, field by field. */
export interface DaemontoolsStatus {
  stampMs?: number;
  pid: number;
  paused: boolean;
  /** The want byte: `u`, `d`, or none after `svc -o`; anything else is `unknown`. */
  want: "up" | "down" | "once" | "unknown";
}

const wantOf = (b: number | undefined): DaemontoolsStatus["want"] =>
  b === 0x75 ? "up" : b === 0x64 ? "down" : b === 0 ? "once" : "unknown";

const le32 = (b: Uint8Array, at: number): number =>
  (b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16) | (b[at + 3]! << 24)) >>> 0;

/** Decodes daemontools' `supervise/status`; undefined for a file of any other size. */
export function decodeDaemontoolsStatus(bytes: Uint8Array): DaemontoolsStatus | undefined {
  if (bytes.length !== DAEMONTOOLS_STATUS_SIZE) return undefined;
  return {
    stampMs: tai64nToUnixMs(bytes, 0, DJB_TAI_OFFSET),
    pid: le32(bytes, 12),
    paused: bytes[16] !== 0,
    want: wantOf(bytes[17]),
  };
}

// ---- runit ----

export const RUNIT_STATUS_SIZE = 20;
const RUNIT_STATES = ["down", "run", "finish"] as const;
export type RunitState = (typeof RUNIT_STATES)[number];

/** runit's binary `supervise/status`: daemontools' layout plus a TERM flag and the state. */
export interface RunitStatus {
  stampMs?: number;
  pid: number;
  paused: boolean;
  /** runsv writes `u` for want up and `d` for both want down and want exit. */
  wantUp: boolean;
  gotTerm: boolean;
  state: RunitState;
}

/** Decodes runit's binary `supervise/status`; undefined for another size, or a want or state byte runsv never writes. */
export function decodeRunitStatus(bytes: Uint8Array): RunitStatus | undefined {
  if (bytes.length !== RUNIT_STATUS_SIZE) return undefined;
  const state = RUNIT_STATES[bytes[19]!];
  if (state === undefined || (bytes[17] !== 0x75 && bytes[17] !== 0x64)) return undefined;
  return {
    stampMs: tai64nToUnixMs(bytes, 0, DJB_TAI_OFFSET),
    pid: le32(bytes, 12),
    paused: bytes[16] !== 0,
    wantUp: bytes[17] === 0x75,
    gotTerm: bytes[18] !== 0,
    state,
  };
}

/** runit's text `supervise/stat`: `run`, `down` or `finish`, then `, paused`, `, got TERM`, `, want down|exit`. */
export interface RunitStat {
  state: RunitState;
  paused: boolean;
  gotTerm: boolean;
  /** Written only when the state is not down; absent there means want up. */
  want?: "up" | "down" | "exit";
}

/** Decodes runit's `supervise/stat`; undefined when it is not that file's one line. */
export function decodeRunitStat(text: string): RunitStat | undefined {
  const m = /^(run|down|finish)((?:, (?:paused|got TERM|want down|want exit))*)\n?$/.exec(text);
  if (!m) return undefined;
  const state = m[1] as RunitState;
  const rest = m[2]!;
  const want = rest.includes(", want down") ? "down" : rest.includes(", want exit") ? "exit" : undefined;
  return {
    state,
    paused: rest.includes(", paused"),
    gotTerm: rest.includes(", got TERM"),
    want: want ?? (state === "down" ? undefined : "up"),
  };
}

/** Decodes runit's `supervise/pid`: the pid and a newline, or empty when there is no process. */
export function decodeRunitPid(text: string): number | undefined {
  if (text === "") return 0;
  const m = /^(\d{1,10})\n?$/.exec(text);
  return m ? Number(m[1]) : undefined;
}

// ---- s6 ----

export const S6_STATUS_SIZE = 35;
const S6_DTALLY_SIZE = 14;
const S6_MAX_DEATH_TALLY = 4096;

/** s6's `supervise/status` (s6_svstatus_t as s6_svstatus_pack writes it). */
export interface S6Status {
  stampMs?: number;
  readyStampMs?: number;
  /** The daemon's pid, or `./finish`'s while finishing; 0 when neither runs. */
  pid: number;
  /** The wait status of the last `./run` (0 before the first death). */
  wstat: number;
  paused: boolean;
  finishing: boolean;
  wantUp: boolean;
  ready: boolean;
}

/** Decodes s6's `supervise/status`; undefined for a file of any other size. */
export function decodeS6Status(bytes: Uint8Array): S6Status | undefined {
  if (bytes.length !== S6_STATUS_SIZE) return undefined;
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
  const flags = bytes[34]!;
  return {
    stampMs: tai64nToUnixMs(bytes, 0, SKALIBS_TAI_OFFSET),
    readyStampMs: tai64nToUnixMs(bytes, 12, SKALIBS_TAI_OFFSET),
    pid: v.getUint32(24) * 2 ** 32 + v.getUint32(28),
    wstat: v.getUint16(32),
    paused: (flags & 1) !== 0,
    finishing: (flags & 2) !== 0,
    wantUp: (flags & 4) !== 0,
    ready: (flags & 8) !== 0,
  };
}

/** A wait status as Linux encodes it: an exit code, a signal, or undefined for a stopped process. */
export function decodeWaitStatus(wstat: number): LastExit | undefined {
  const low = wstat & 0x7f;
  if (low === 0) return { code: (wstat >> 8) & 0xff };
  return low === 0x7f ? undefined : { signal: low };
}

/** A death as s6's death tally records it, its stamp as Unix milliseconds. */
export interface DeathRecord {
  stampMs?: number;
  code: number;
  signal: number;
}

/** Decodes s6's `supervise/death_tally`, a run of fixed-size records; undefined when the size is not a whole number of them. */
export function decodeS6DeathTally(bytes: Uint8Array): DeathRecord[] | undefined {
  if (bytes.length % S6_DTALLY_SIZE !== 0) return undefined;
  const out: DeathRecord[] = [];
  for (let at = 0; at < bytes.length; at += S6_DTALLY_SIZE) {
    out.push({
      stampMs: tai64nToUnixMs(bytes, at, SKALIBS_TAI_OFFSET),
      code: bytes[at + 12]!,
      signal: bytes[at + 13]!,
    });
  }
  return out;
}

// ---- the kernel's lock table ----

/** Who holds which file, from /proc/locks: `major:minor:inode` to the holder's pid. */
export type LockTable = Map<string, number>;

export const lockKey = (id: FileId): string => `${id.major}:${id.minor}:${id.ino}`;

/**
 * Parses /proc/locks. Lines for waiters (`->`) are left out: they do not hold the lock. The pid
 * is the holder's as this process's pid namespace sees it (0 or -1 when it cannot say).
 */
export function parseProcLocks(text: string): LockTable {
  const table: LockTable = new Map();
  for (const line of text.split("\n")) {
    const m = /^\d+:\s+(\S+)\s+\S+\s+\S+\s+(-?\d+)\s+([0-9a-f]+):([0-9a-f]+):(\d+)\s/.exec(line);
    if (!m || m[1] === "->") continue;
    const key = `${parseInt(m[3]!, 16)}:${parseInt(m[4]!, 16)}:${m[5]}`;
    if (!table.has(key)) table.set(key, Number(m[2]));
  }
  return table;
}

const PROC_LOCKS = "/proc/locks";
const PROC_LOCKS_MAX = 4 * 1024 * 1024;

/** Reads the kernel's lock table once, to share between services; undefined when it cannot be read. */
export function readLockTable(readFile: ReadFileFn = diskReadFile): LockTable | undefined {
  const r = readFile(PROC_LOCKS, PROC_LOCKS_MAX);
  return "bytes" in r ? parseProcLocks(Buffer.from(r.bytes).toString("latin1")) : undefined;
}

// ---- a service's state ----

export interface StateOptions {
  /** Now, in Unix milliseconds. */
  nowMs?: number;
  /** Device and inode of a file, to find `supervise/lock` in the lock table. */
  fileId?: (path: string) => FileId | undefined;
  /** The lock table, read once for many services; read through `readFile` when not given, null for none. */
  locks?: LockTable | null;
}

const STATUS_MAX = 64;
const TEXT_MAX = 256;

const describeRead = (r: FileRead): string =>
  "bytes" in r
    ? "a regular file"
    : r.problem === "not-a-file"
      ? `not a regular file${r.detail ? ` (${r.detail})` : ""}`
      : r.problem === "too-large"
        ? `too large (${r.size ?? "?"} bytes)`
        : (r.detail ?? r.problem);

const text = (r: FileRead): string | undefined => ("bytes" in r ? Buffer.from(r.bytes).toString("latin1") : undefined);

/**
 * The state of the service in `dir` from its supervise directory, read through `readFile` (tests
 * give bytes; readServiceState gives the disk). Never throws.
 */
export function serviceState(dir: string, readFile: ReadFileFn, options: StateOptions = {}): StatusResult {
  try {
    return stateOf(dir.replace(/\/+$/, "") || "/", readFile, options);
  } catch (err) {
    // A reader that throws is told like any other unreadable file: callers never see an exception.
    return { problem: "unreadable", file: dir, message: err instanceof Error ? err.message : String(err) };
  }
}

function stateOf(dir: string, readFile: ReadFileFn, options: StateOptions): StatusResult {
  const nowMs = options.nowMs ?? Date.now();
  const sup = `${dir}/supervise`;
  const supRead = readFile(sup, 0);
  if ("problem" in supRead && supRead.problem === "missing")
    return { problem: "no supervise dir", file: sup, message: "no supervise directory: no supervisor has run here" };
  if ("problem" in supRead && supRead.problem === "unreadable")
    return { problem: "unreadable", file: sup, message: describeRead(supRead) };
  if (!("problem" in supRead && supRead.problem === "not-a-file" && (supRead.detail ?? "dir") === "dir"))
    return { problem: "unreadable", file: sup, message: `not a directory: ${describeRead(supRead)}` };

  const statusFile = `${sup}/status`;
  const status = readFile(statusFile, STATUS_MAX);
  const common = (): Pick<ServiceState, "normallyUp" | "supervisor" | "supervisorPid"> => ({
    normallyUp: normallyUp(dir, readFile),
    ...supervisor(sup, readFile, options),
  });
  const unknown = (size: number, why = ""): StatusProblem => ({
    problem: "unknown format",
    file: statusFile,
    message: `unknown format (${size} bytes)${why}`,
    size,
  });

  if (!("bytes" in status)) {
    if (status.problem === "too-large") return unknown(status.size ?? STATUS_MAX + 1);
    if (status.problem === "missing") {
      const fromText = runitFromText(sup, readFile);
      if (fromText) return { ...fromText, ...common() };
      return {
        problem: "no status file",
        file: statusFile,
        message: "no status file: the supervisor has not written one",
      };
    }
    return { problem: "unreadable", file: statusFile, message: describeRead(status) };
  }

  const bytes = status.bytes;
  switch (bytes.length) {
    case DAEMONTOOLS_STATUS_SIZE: {
      const d = decodeDaemontoolsStatus(bytes)!;
      const up = d.pid !== 0;
      return {
        suite: "daemontools",
        file: statusFile,
        up,
        ...(up ? { pid: d.pid } : {}),
        since: secondsSince(d.stampMs, nowMs),
        wantUp: d.want === "up" ? true : d.want === "down" ? false : undefined,
        paused: d.paused,
        lastExitRecorded: false,
        ...common(),
      };
    }
    case RUNIT_STATUS_SIZE: {
      // runsv writes stat before status; without it this is not runit's file (daemontools-encore
      // writes a status of the same size, with other meanings in its last bytes).
      if (!("bytes" in readFile(`${sup}/stat`, TEXT_MAX))) return unknown(bytes.length, ", and no runit stat file");
      const r = decodeRunitStatus(bytes);
      if (!r) return unknown(bytes.length, ": not runit's want or state byte");
      const up = r.state === "run";
      return {
        suite: "runit",
        file: statusFile,
        up,
        ...(up ? { pid: r.pid } : {}),
        since: secondsSince(r.stampMs, nowMs),
        wantUp: r.wantUp,
        paused: r.paused,
        finishing: r.state === "finish",
        gotTerm: r.gotTerm,
        lastExitRecorded: false,
        ...common(),
      };
    }
    case S6_STATUS_SIZE: {
      const s = decodeS6Status(bytes)!;
      const up = s.pid !== 0 && !s.finishing;
      const lastExit = up ? undefined : decodeWaitStatus(s.wstat);
      const deaths = s6Deaths(sup, readFile, nowMs);
      return {
        suite: "s6",
        file: statusFile,
        up,
        ...(up ? { pid: s.pid } : {}),
        since: secondsSince(s.stampMs, nowMs),
        wantUp: s.wantUp,
        paused: s.paused,
        finishing: s.finishing,
        ready: s.pid !== 0 && s.ready,
        ...(s.ready ? { readySince: secondsSince(s.readyStampMs, nowMs) } : {}),
        ...(lastExit ? { lastExit } : {}),
        lastExitRecorded: true,
        ...(deaths ? { deaths } : {}),
        ...common(),
      };
    }
    default:
      return unknown(bytes.length);
  }
}

/** runit's state from its text files, for when the binary status file is missing. */
function runitFromText(sup: string, readFile: ReadFileFn): Omit<ServiceState, "supervisor"> | undefined {
  const statFile = `${sup}/stat`;
  const statText = text(readFile(statFile, TEXT_MAX));
  const st = statText === undefined ? undefined : decodeRunitStat(statText);
  if (!st) return undefined;
  const pidText = text(readFile(`${sup}/pid`, TEXT_MAX));
  const pid = pidText === undefined ? undefined : decodeRunitPid(pidText);
  const up = st.state === "run";
  return {
    suite: "runit",
    file: statFile,
    up,
    ...(up && pid ? { pid } : {}),
    wantUp: st.want === undefined ? undefined : st.want === "up",
    paused: st.paused,
    finishing: st.state === "finish",
    gotTerm: st.gotTerm,
    lastExitRecorded: false,
  };
}

function s6Deaths(sup: string, readFile: ReadFileFn, nowMs: number): Death[] | undefined {
  const r = readFile(`${sup}/death_tally`, S6_MAX_DEATH_TALLY * S6_DTALLY_SIZE);
  const records = "bytes" in r ? decodeS6DeathTally(r.bytes) : undefined;
  return records?.map((d) => ({
    ago: secondsSince(d.stampMs, nowMs),
    code: d.code,
    ...(d.signal ? { signal: d.signal } : {}),
  }));
}

/** The suites' tools call a service normally up when `down` does not exist (stat fails with ENOENT). */
function normallyUp(dir: string, readFile: ReadFileFn): boolean | undefined {
  const r = readFile(`${dir}/down`, 0);
  if ("bytes" in r) return false;
  return r.problem === "missing" ? true : r.problem === "unreadable" ? undefined : false;
}

function supervisor(
  sup: string,
  readFile: ReadFileFn,
  options: StateOptions,
): Pick<ServiceState, "supervisor" | "supervisorPid"> {
  const locks = options.locks === undefined ? readLockTable(readFile) : options.locks;
  if (!locks) return { supervisor: "unknown" };
  const lockFile = `${sup}/lock`;
  const id = options.fileId?.(lockFile);
  if (!id) {
    // Every supervisor creates its lock file before it writes any status.
    const r = readFile(lockFile, 0);
    return "problem" in r && r.problem === "missing" ? { supervisor: "not running" } : { supervisor: "unknown" };
  }
  const holder = locks.get(lockKey(id));
  if (holder === undefined) return { supervisor: "not running" };
  return { supervisor: "running", ...(holder > 0 ? { supervisorPid: holder } : {}) };
}

/**
 * The state of the service in `dir`, read from the disk now. Give `locks: readLockTable()` to read
 * the kernel's lock table once for many services.
 */
export function readServiceState(dir: string, options: Omit<StateOptions, "fileId"> = {}): StatusResult {
  return serviceState(dir, diskReadFile, { ...options, fileId: diskFileId });
}
