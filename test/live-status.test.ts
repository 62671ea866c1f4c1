// Supervision state read from the supervisors' own files (src/live/status.ts): first the decoders
// on bytes built from the documented layouts (docs/live-status.md), then the real supervisors from
// Debian's packages run over temporary services, with what svstat, sv and s6-svstat print for the
// same directories as the reference.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import fc from "fast-check";
import {
  decodeDaemontoolsStatus,
  decodeRunitPid,
  decodeRunitStat,
  decodeRunitStatus,
  decodeS6DeathTally,
  decodeS6Status,
  decodeWaitStatus,
  diskFileId,
  diskReadFile,
  DJB_TAI_OFFSET,
  isServiceState,
  lockKey,
  parseProcLocks,
  readLockTable,
  readServiceState,
  serviceState,
  SKALIBS_TAI_OFFSET,
  tai64nToUnixMs,
  type FileRead,
  type ReadFileFn,
  type ServiceState,
  type StatusResult,
} from "../src/live/status.js";
import { tempDir } from "./helpers.js";
import { daemontools, dtally, NOW, runit, s6, tai } from "./status-bytes.js";

// ---- a reader over files given as bytes ----

type Fake = Uint8Array | string | "<dir>" | "<fifo>" | FileRead;

/** A ReadFileFn over a map of paths; a path not in it is missing. */
function reader(files: Record<string, Fake>): ReadFileFn {
  return (p, max) => {
    const f = files[p];
    if (f === undefined) return { problem: "missing", detail: "no such file or directory" };
    if (f === "<dir>") return { problem: "not-a-file", detail: "dir" };
    if (f === "<fifo>") return { problem: "not-a-file", detail: "fifo" };
    if (typeof f === "object" && !(f instanceof Uint8Array)) return f;
    const bytes = typeof f === "string" ? Buffer.from(f, "latin1") : f;
    return bytes.length > max ? { problem: "too-large", size: bytes.length } : { bytes };
  };
}

const SV = "/service/app";
const SUP = `${SV}/supervise`;
/** A supervise dir with a held lock, and the files given. */
const tree = (files: Record<string, Fake>): Record<string, Fake> => ({
  [SUP]: "<dir>",
  [`${SUP}/lock`]: "",
  [`${SUP}/control`]: "<fifo>",
  ...files,
});
const LOCK_ID = { major: 254, minor: 0, ino: 99n };
const RUNNING = { nowMs: NOW, fileId: () => LOCK_ID, locks: new Map([[lockKey(LOCK_ID), 4000]]) };

function stateOf(files: Record<string, Fake>, options = RUNNING): ServiceState {
  const r = serviceState(SV, reader(tree(files)), options);
  if (!isServiceState(r)) throw new Error(`expected a state, got ${JSON.stringify(r)}`);
  return r;
}

describe("decoding the status files (bytes built from the documented layouts)", () => {
  it("TAI64N: djb's labels are UTC plus its offset, skalibs' real TAI; garbage is no time", () => {
    const t = Date.UTC(2024, 0, 2, 3, 4, 5, 678);
    expect(tai64nToUnixMs(Uint8Array.from(tai(t, DJB_TAI_OFFSET)), 0, DJB_TAI_OFFSET)).toBeCloseTo(t, 3);
    expect(tai64nToUnixMs(Uint8Array.from(tai(t, SKALIBS_TAI_OFFSET)), 0, SKALIBS_TAI_OFFSET)).toBeCloseTo(t, 3);
    // The label itself: 2^62 plus the seconds, then the nanoseconds.
    expect(Buffer.from(tai(t, DJB_TAI_OFFSET)).toString("hex")).toBe(
      (0x4000000000000000n + BigInt(Math.floor(t / 1000) + 10)).toString(16) + "28697580",
    );
    expect(tai64nToUnixMs(new Uint8Array(12), 0, DJB_TAI_OFFSET)).toBeUndefined();
    const badNano = Uint8Array.from([...tai(t, 10).slice(0, 8), 0xff, 0xff, 0xff, 0xff]);
    expect(tai64nToUnixMs(badNano, 0, DJB_TAI_OFFSET)).toBeUndefined();
    expect(tai64nToUnixMs(new Uint8Array(11), 0, DJB_TAI_OFFSET)).toBeUndefined();
  });

  it("daemontools: pid little-endian, paused byte, want byte", () => {
    const bytes = daemontools({ ago: 5, pid: 0x01020304, paused: true, want: "d" });
    expect([...bytes.subarray(12)]).toEqual([4, 3, 2, 1, 1, 0x64]);
    expect(decodeDaemontoolsStatus(bytes)).toEqual({
      stampMs: expect.closeTo(NOW - 5000, 3),
      pid: 0x01020304,
      paused: true,
      want: "down",
    });
    expect(decodeDaemontoolsStatus(daemontools({ ago: 0, pid: 0, want: 0 }))?.want).toBe("once");
    expect(decodeDaemontoolsStatus(bytes.subarray(0, 17))).toBeUndefined();
  });

  it("daemontools: up, down wanted up, normally down, run once", () => {
    expect(stateOf({ [`${SUP}/status`]: daemontools({ ago: 7.5, pid: 321, want: "u" }) })).toEqual({
      suite: "daemontools",
      file: `${SUP}/status`,
      up: true,
      pid: 321,
      since: expect.closeTo(7.5, 3),
      wantUp: true,
      paused: false,
      lastExitRecorded: false,
      normallyUp: true,
      supervisor: "running",
      supervisorPid: 4000,
    });
    const crash = stateOf({ [`${SUP}/status`]: daemontools({ ago: 0.2, pid: 0, want: "u" }), [`${SV}/down`]: "" });
    expect(crash).toMatchObject({ up: false, wantUp: true, normallyUp: false, since: expect.closeTo(0.2, 3) });
    expect(crash.pid).toBeUndefined();
    expect(stateOf({ [`${SUP}/status`]: daemontools({ ago: 1, pid: 9, want: 0 }) }).wantUp).toBeUndefined();
  });

  it("runit: the binary status with its state byte; stat must be there to call it runit's", () => {
    const files = (o: Parameters<typeof runit>[0]) => ({ [`${SUP}/status`]: runit(o), [`${SUP}/stat`]: "run\n" });
    expect(stateOf(files({ ago: 3, pid: 77, want: "u", state: 1 }))).toEqual({
      suite: "runit",
      file: `${SUP}/status`,
      up: true,
      pid: 77,
      since: expect.closeTo(3, 3),
      wantUp: true,
      paused: false,
      finishing: false,
      gotTerm: false,
      lastExitRecorded: false,
      normallyUp: true,
      supervisor: "running",
      supervisorPid: 4000,
    });
    // finish: runsv's pid field is then finish's, not the daemon's.
    const finishing = stateOf(files({ ago: 3, pid: 78, want: "d", term: true, paused: true, state: 2 }));
    expect(finishing).toMatchObject({ up: false, finishing: true, wantUp: false, gotTerm: true, paused: true });
    expect(finishing.pid).toBeUndefined();
    expect(stateOf(files({ ago: 1, pid: 0, want: "u", state: 0 }))).toMatchObject({ up: false, wantUp: true });
    const noStat = serviceState(
      SV,
      reader(tree({ [`${SUP}/status`]: runit({ ago: 1, pid: 1, want: "u", state: 1 }) })),
    );
    expect(noStat).toMatchObject({
      problem: "unknown format",
      message: expect.stringMatching(/^unknown format \(20 bytes\)/),
    });
    expect(decodeRunitStatus(runit({ ago: 1, pid: 1, want: "u", state: 3 }))).toBeUndefined();
  });

  it("runit: the text files (stat, pid) when the binary status is missing", () => {
    expect(decodeRunitStat("run, paused, got TERM, want down\n")).toEqual({
      state: "run",
      paused: true,
      gotTerm: true,
      want: "down",
    });
    expect(decodeRunitStat("finish, want exit\n")).toMatchObject({ state: "finish", want: "exit" });
    expect(decodeRunitStat("run\n")).toMatchObject({ want: "up" });
    expect(decodeRunitStat("down\n")?.want).toBeUndefined();
    expect(decodeRunitStat("running\n")).toBeUndefined();
    expect(decodeRunitPid("1234\n")).toBe(1234);
    expect(decodeRunitPid("")).toBe(0);
    expect(decodeRunitPid("12a\n")).toBeUndefined();
    const st = stateOf({ [`${SUP}/stat`]: "run, want down\n", [`${SUP}/pid`]: "4321\n" });
    expect(st).toMatchObject({ suite: "runit", file: `${SUP}/stat`, up: true, pid: 4321, wantUp: false });
    expect(st.since).toBeUndefined();
  });

  it("s6: two stamps, a big-endian pid, the wait status and the flag bits", () => {
    const bytes = s6({ ago: 4, readyAgo: 2, pid: 0x0102, wstat: 0x7f00, wantUp: true, ready: true });
    expect([...bytes.subarray(24)]).toEqual([0, 0, 0, 0, 0, 0, 1, 2, 0x7f, 0, 0b1100]);
    expect(decodeS6Status(bytes)).toEqual({
      stampMs: expect.closeTo(NOW - 4000, 3),
      readyStampMs: expect.closeTo(NOW - 2000, 3),
      pid: 0x0102,
      wstat: 0x7f00,
      paused: false,
      finishing: false,
      wantUp: true,
      ready: true,
    });
    expect(decodeS6Status(bytes.subarray(0, 34))).toBeUndefined();
  });

  it("s6: up and ready; down with the exit code or signal; finishing; the death tally", () => {
    expect(
      stateOf({ [`${SUP}/status`]: s6({ ago: 60, readyAgo: 59, pid: 555, wstat: 0x0100, wantUp: true, ready: true }) }),
    ).toEqual({
      suite: "s6",
      file: `${SUP}/status`,
      up: true,
      pid: 555,
      since: expect.closeTo(60, 3),
      wantUp: true,
      paused: false,
      finishing: false,
      ready: true,
      readySince: expect.closeTo(59, 3),
      lastExitRecorded: true,
      normallyUp: true,
      supervisor: "running",
      supervisorPid: 4000,
    });
    const exited = stateOf({
      [`${SUP}/status`]: s6({ ago: 0.5, pid: 0, wstat: 127 << 8, wantUp: true, ready: true }),
      [`${SUP}/death_tally`]: dtally([
        { ago: 2.5, code: 127, sig: 0 },
        { ago: 0.5, code: 137, sig: 9 },
      ]),
    });
    expect(exited).toMatchObject({ up: false, ready: false, lastExit: { code: 127 }, wantUp: true });
    expect(exited.pid).toBeUndefined();
    expect(exited.deaths).toEqual([
      { ago: expect.closeTo(2.5, 3), code: 127 },
      { ago: expect.closeTo(0.5, 3), code: 137, signal: 9 },
    ]);
    // Killed by SIGKILL, with and without the core flag.
    for (const wstat of [9, 0x89])
      expect(stateOf({ [`${SUP}/status`]: s6({ ago: 1, pid: 0, wstat }) }).lastExit).toEqual({ signal: 9 });
    // Finishing: s6's pid field then holds finish's pid; the run's wait status is kept.
    const fin = stateOf({ [`${SUP}/status`]: s6({ ago: 1, pid: 600, wstat: 1 << 8, finishing: true, wantUp: true }) });
    expect(fin).toMatchObject({ up: false, finishing: true, lastExit: { code: 1 } });
    expect(fin.pid).toBeUndefined();
    expect(decodeS6DeathTally(new Uint8Array(15))).toBeUndefined();
    expect(decodeWaitStatus(0x137f)).toBeUndefined();
  });

  it("s6 stamps are read as real TAI: with djb's offset a fresh stamp would be in the future", () => {
    const status = s6({ ago: 1, pid: 1, wantUp: true });
    expect(stateOf({ [`${SUP}/status`]: status }).since).toBeCloseTo(1, 3);
    expect((NOW - tai64nToUnixMs(status, 0, DJB_TAI_OFFSET)!) / 1000).toBeCloseTo(1 - 27, 3);
  });

  it("a stamp in the future reads as now; a zero stamp gives no time", () => {
    expect(stateOf({ [`${SUP}/status`]: daemontools({ ago: -30, pid: 1, want: "u" }) }).since).toBe(0);
    const zero = new Uint8Array(18);
    zero[17] = 0x75;
    const st = stateOf({ [`${SUP}/status`]: zero });
    expect(st).toMatchObject({ suite: "daemontools", up: false, wantUp: true });
    expect(st.since).toBeUndefined();
  });

  it("says why when there is nothing to decode", () => {
    const problem = (files: Record<string, Fake>): StatusResult => serviceState(SV, reader(files), RUNNING);
    expect(problem({})).toMatchObject({ problem: "no supervise dir", file: SUP });
    expect(problem({ [SUP]: { problem: "unreadable", detail: "permission denied" } })).toEqual({
      problem: "unreadable",
      file: SUP,
      message: "permission denied",
    });
    expect(problem({ [SUP]: "a file" })).toMatchObject({ problem: "unreadable", message: /^not a directory/ });
    expect(problem(tree({}))).toMatchObject({ problem: "no status file", file: `${SUP}/status` });
    expect(problem(tree({ [`${SUP}/status`]: "<fifo>" }))).toMatchObject({
      problem: "unreadable",
      message: "not a regular file (fifo)",
    });
    for (const size of [0, 1, 17, 19, 21, 34, 36, 64])
      expect(problem(tree({ [`${SUP}/status`]: new Uint8Array(size) }))).toEqual({
        problem: "unknown format",
        file: `${SUP}/status`,
        message: `unknown format (${size} bytes)`,
        size,
      });
    expect(problem(tree({ [`${SUP}/status`]: new Uint8Array(5000) }))).toMatchObject({
      message: "unknown format (5000 bytes)",
    });
    const throwing: ReadFileFn = () => {
      throw new Error("reader broke");
    };
    expect(serviceState(SV, throwing)).toEqual({ problem: "unreadable", file: SV, message: "reader broke" });
  });

  it("normally up: no down file; a down file of any kind makes it normally down", () => {
    const status = { [`${SUP}/status`]: daemontools({ ago: 1, pid: 1, want: "u" }) };
    expect(stateOf(status).normallyUp).toBe(true);
    expect(stateOf({ ...status, [`${SV}/down`]: "<dir>" }).normallyUp).toBe(false);
    expect(stateOf({ ...status, [`${SV}/down`]: { problem: "unreadable" } }).normallyUp).toBeUndefined();
  });

  it("the supervisor runs when the lock table shows supervise/lock held", () => {
    const status = { [`${SUP}/status`]: daemontools({ ago: 1, pid: 1, want: "u" }) };
    expect(stateOf(status, { ...RUNNING, locks: new Map() })).toMatchObject({ supervisor: "not running" });
    expect(stateOf(status, { ...RUNNING, locks: null as never }).supervisor).toBe("unknown");
    const noId = { nowMs: NOW, locks: RUNNING.locks };
    expect(stateOf(status, noId as never).supervisor).toBe("unknown");
    const noLock = serviceState(SV, reader({ [SUP]: "<dir>", ...status }), noId);
    expect(noLock).toMatchObject({ supervisor: "not running" });
    // The lock table read through the reader when none is given.
    const viaReader = serviceState(
      SV,
      reader({ ...tree(status), "/proc/locks": "1: FLOCK  ADVISORY  WRITE 77 fe:00:99 0 EOF\n" }),
      { nowMs: NOW, fileId: () => LOCK_ID },
    );
    expect(viaReader).toMatchObject({ supervisor: "running", supervisorPid: 77 });
  });

  it("parses /proc/locks: hex device numbers, holders only", () => {
    const table = parseProcLocks(
      [
        "1: POSIX  ADVISORY  WRITE 22157 fe:00:2368890 0 EOF",
        "2: FLOCK  ADVISORY  WRITE 22146 08:11:123 0 EOF",
        "2: -> FLOCK  ADVISORY  WRITE 999 08:11:123 0 EOF",
        "3: -> POSIX  ADVISORY  WRITE 998 00:16:5 0 EOF",
        "4: OFDLCK ADVISORY  READ  -1 00:05:77 0 EOF",
        "garbage",
        "",
      ].join("\n"),
    );
    expect([...table]).toEqual([
      ["254:0:2368890", 22157],
      ["8:17:123", 22146],
      ["0:5:77", -1],
    ]);
    expect(readLockTable(reader({}))).toBeUndefined();
  });

  it("never throws on odd input (fuzzed bytes, sizes and reader answers)", () => {
    const bytes = fc.oneof(
      fc.uint8Array({ maxLength: 80 }),
      fc.constantFrom(18, 20, 35).chain((n) => fc.uint8Array({ minLength: n, maxLength: n })),
    );
    const answer: fc.Arbitrary<Fake> = fc.oneof(
      bytes,
      fc.string({ maxLength: 40 }),
      fc.constantFrom<Fake>("<dir>", "<fifo>", { problem: "unreadable" }, { problem: "too-large" }),
    );
    const names = ["status", "stat", "pid", "death_tally", "lock"];
    fc.assert(
      fc.property(
        fc.option(fc.constantFrom<Fake>("<dir>", "<fifo>", "x"), { nil: undefined }),
        fc.dictionary(fc.constantFrom(...names), answer),
        fc.option(answer, { nil: undefined }),
        fc.string(),
        (sup, files, down, locks) => {
          const all: Record<string, Fake> = {};
          if (sup !== undefined) all[SUP] = sup;
          for (const [k, v] of Object.entries(files)) all[`${SUP}/${k}`] = v;
          if (down !== undefined) all[`${SV}/down`] = down;
          all["/proc/locks"] = locks;
          const r = serviceState(SV, reader(all), { nowMs: NOW, fileId: () => LOCK_ID });
          if (isServiceState(r)) {
            expect(["daemontools", "runit", "s6"]).toContain(r.suite);
            expect(typeof r.up).toBe("boolean");
            if (r.since !== undefined) expect(r.since).toBeGreaterThanOrEqual(0);
            if (r.pid !== undefined) expect(r.up).toBe(true);
          } else expect(r.message).toEqual(expect.any(String));
        },
      ),
      { numRuns: 3000, seed: 19 },
    );
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 100 }), fc.string(), (b, s) => {
        decodeDaemontoolsStatus(b);
        decodeRunitStatus(b);
        decodeS6Status(b);
        decodeS6DeathTally(b);
        decodeRunitStat(s);
        decodeRunitPid(s);
        parseProcLocks(s);
        tai64nToUnixMs(b, b.length % 7, DJB_TAI_OFFSET);
      }),
      { numRuns: 3000, seed: 19 },
    );
  });
});

describe("reading from the disk", () => {
  it("reads a regular file whole, bounded; a missing one is missing; a directory is not a file", () => {
    const d = tempDir("svlint-live-");
    fs.writeFileSync(path.join(d, "f"), "abc");
    expect(diskReadFile(path.join(d, "f"), 3)).toEqual({ bytes: Buffer.from("abc") });
    expect(diskReadFile(path.join(d, "f"), 2)).toEqual({ problem: "too-large", size: 3 });
    expect(diskReadFile(path.join(d, "nope"), 9)).toMatchObject({ problem: "missing" });
    expect(diskReadFile(path.join(d, "f", "under"), 9)).toMatchObject({ problem: "missing" });
    expect(diskReadFile(d, 9)).toEqual({ problem: "not-a-file", detail: "dir" });
  });

  it("reads /proc files, which stat calls empty", () => {
    const r = diskReadFile("/proc/self/status", 1 << 20);
    expect("bytes" in r && Buffer.from(r.bytes).toString().startsWith("Name:")).toBe(true);
    expect(readLockTable()).toBeInstanceOf(Map);
  });

  it("never opens a FIFO: a writer blocked on it stays blocked", async () => {
    const d = tempDir("svlint-live-");
    const fifo = path.join(d, "ok");
    expect(spawnSync("mkfifo", [fifo]).status).toBe(0);
    // The writer's open returns only once something opens the FIFO for reading.
    const writer = spawn("sh", ["-c", `: > ${fifo} && echo opened`], { stdio: ["ignore", "pipe", "ignore"] });
    let out = "";
    writer.stdout.on("data", (b) => (out += b));
    try {
      await new Promise((r) => setTimeout(r, 100));
      expect(diskReadFile(fifo, 64)).toEqual({ problem: "not-a-file", detail: "fifo" });
      expect(serviceState(d, diskReadFile)).toMatchObject({ problem: "no supervise dir" });
      fs.mkdirSync(path.join(d, "supervise"));
      fs.renameSync(fifo, path.join(d, "supervise", "status"));
      expect(readServiceState(d)).toMatchObject({ problem: "unreadable", message: "not a regular file (fifo)" });
      await new Promise((r) => setTimeout(r, 300));
      expect(out).toBe("");
      // The check can fail: opening it for reading does release the writer.
      fs.closeSync(fs.openSync(path.join(d, "supervise", "status"), fs.constants.O_RDONLY | fs.constants.O_NONBLOCK));
      await new Promise((r) => writer.once("exit", r));
      expect(out).toBe("opened\n");
    } finally {
      if (writer.exitCode === null) writer.kill("SIGKILL");
    }
  });

  it("follows a supervise link (Debian's runit keeps supervise under /run)", () => {
    const d = tempDir("svlint-live-");
    const real = path.join(d, "run-supervise");
    fs.mkdirSync(real);
    fs.writeFileSync(path.join(real, "status"), daemontools({ ago: 0, pid: 12, want: "u" }));
    fs.mkdirSync(path.join(d, "svc"));
    fs.symlinkSync(real, path.join(d, "svc", "supervise"));
    expect(readServiceState(path.join(d, "svc"))).toMatchObject({ suite: "daemontools", up: true, pid: 12 });
    // A dangling link: the supervisor has not made its directory yet.
    fs.rmSync(real, { recursive: true });
    expect(readServiceState(path.join(d, "svc"))).toMatchObject({ problem: "no supervise dir" });
  });
});

// ---- the real supervisors ----

const have = (cmd: string): boolean => spawnSync("sh", ["-c", `command -v ${cmd}`]).status === 0;
const REAL = ["supervise", "svstat", "runsv", "sv", "s6-supervise", "s6-svstat", "s6-svdt"];
// A missing binary is an error, never a silent skip (scripts/prereqs.mjs installs the packages).
if (!REAL.every(have)) throw new Error(`live-status tests need ${REAL.join(", ")}: run \`npm run prereqs\``);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const run = (cmd: string, args: string[]) => {
  const r = spawnSync(cmd, args, { encoding: "utf8", timeout: 5000, env: { ...process.env, LC_ALL: "C" } });
  return (r.stdout + r.stderr).trim();
};

type SuiteName = "daemontools" | "runit" | "s6";
const SUPERVISOR: Record<SuiteName, string> = { daemontools: "supervise", runit: "runsv", s6: "s6-supervise" };
const SERVICES = {
  ok: { run: "#!/bin/sh\nexec sleep 1000\n" },
  // sh exits 127 when the program it execs does not exist.
  crash: { run: "#!/bin/sh\nexec /nonexistent/svlint-missing-daemon\n" },
  killed: { run: "#!/bin/sh\nkill -KILL $$\n" },
  down: { run: "#!/bin/sh\nexec sleep 1000\n", down: "" },
} as const;
type ServiceName = keyof typeof SERVICES;

/** What the suite's own tool prints for a service, with the seconds taken out. */
interface ToolView {
  text: string;
  seconds: number[];
}

function toolView(suite: SuiteName, dir: string): ToolView {
  const out =
    suite === "daemontools"
      ? run("svstat", [dir])
      : suite === "runit"
        ? run("sv", ["status", dir])
        : run("s6-svstat", ["-o", "up,wantedup,normallyup,ready,paused,pid,exitcode,signum,updownfor,readyfor", dir]);
  // s6-svstat from s6 2.11 prints an empty field after `fatal:` when no supervisor runs.
  return splitSeconds(suite, out.replace(/^s6-svstat: fatal: : /, "s6-svstat: fatal: "));
}

function splitSeconds(suite: SuiteName, out: string): ToolView {
  const seconds: number[] = [];
  const re = suite === "daemontools" ? / (\d+) seconds/ : suite === "runit" ? / (\d+)s(?=,|$)/ : / (\d+) (\d+)$/;
  const text = out.replace(re, (...m: string[]) => {
    seconds.push(Number(m[1]), ...(suite === "s6" ? [Number(m[2])] : []));
    return suite === "s6" ? " T T" : suite === "daemontools" ? " T seconds" : " Ts";
  });
  return { text, seconds };
}

/** The tool's line as the tool's source would print it from our state (svstat.c, sv.c, s6-svstat.c). */
function predicted(suite: SuiteName, dir: string, st: StatusResult): { text: string; seconds: number[] } {
  if (!isServiceState(st)) return { text: `no state: ${st.message}`, seconds: [] };
  const secs = [st.since ?? NaN];
  if (suite === "daemontools") {
    if (st.supervisor === "not running") return { text: `${dir}: supervise not running`, seconds: [] };
    let s = `${dir}: ${st.up ? `up (pid ${st.pid}) ` : "down "}T seconds`;
    if (st.up && !st.normallyUp) s += ", normally down";
    if (!st.up && st.normallyUp) s += ", normally up";
    if (st.up && st.paused) s += ", paused";
    if (!st.up && st.wantUp === true) s += ", want up";
    if (st.up && st.wantUp === false) s += ", want down";
    return { text: s, seconds: secs };
  }
  if (suite === "runit") {
    if (st.supervisor === "not running") return { text: `fail: ${dir}: runsv not running`, seconds: [] };
    const state = st.up ? "run" : st.finishing ? "finish" : "down";
    let s = `${state}: ${dir}: ${st.up ? `(pid ${st.pid}) ` : ""}Ts`;
    if (st.up && !st.normallyUp) s += ", normally down";
    if (!st.up && st.normallyUp) s += ", normally up";
    if (st.up && st.paused) s += ", paused";
    if (!st.up && st.wantUp === true) s += ", want up";
    if (st.up && st.wantUp === false) s += ", want down";
    if (st.up && st.gotTerm) s += ", got TERM";
    return { text: s, seconds: secs };
  }
  if (st.supervisor === "not running")
    return { text: `s6-svstat: fatal: unable to read status for ${dir}: s6-supervise not running`, seconds: [] };
  const exit = st.lastExit;
  const fields = [
    st.up,
    st.wantUp,
    st.normallyUp,
    st.ready,
    st.paused,
    st.pid ?? -1,
    exit && "code" in exit ? exit.code : -1,
    exit && "signal" in exit ? exit.signal : -1,
  ];
  // s6-svstat prints how long since readystamp even when the flag is off; that stamp is only given when it is on.
  return { text: `${fields.join(" ")} T T`, seconds: [st.since ?? NaN, st.readySince ?? NaN] };
}

/** Whether the tool's view is the one predicted from `st`, seconds within a second either way. */
function agrees(tool: ToolView, want: { text: string; seconds: number[] }): boolean {
  if (tool.text !== want.text) return false;
  return tool.seconds.every((t, i) => Number.isNaN(want.seconds[i]!) || Math.abs(t - want.seconds[i]!) <= 1.5);
}

interface Sample {
  before: StatusResult;
  tool: ToolView;
  after: StatusResult;
  /** The state the tool agreed with. */
  state?: ServiceState;
  deaths?: { before: number; tool: string[]; after: number };
}

describe("against the real supervisors (daemontools supervise, runit runsv, s6-supervise)", () => {
  const root = tempDir("svlint-live-truth-");
  const dirs: Record<SuiteName, Record<ServiceName, string>> = { daemontools: {}, runit: {}, s6: {} } as never;
  const procs: ChildProcess[] = [];
  const samples = new Map<string, Sample[]>();
  const sleepers = new Set<number>();

  /** Stops a supervisor's process group: TERM (each suite then stops its service), KILL after a while. */
  async function stop(p: ChildProcess): Promise<void> {
    if (p.exitCode !== null || p.signalCode !== null) return;
    const exited = new Promise((r) => p.once("exit", r));
    try {
      process.kill(-p.pid!, "SIGTERM");
    } catch {
      return;
    }
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([exited, new Promise((r) => (timer = setTimeout(r, 2000)))]);
    clearTimeout(timer);
    try {
      process.kill(-p.pid!, "SIGKILL");
    } catch {
      // the group is gone
    }
  }

  afterAll(async () => {
    await Promise.all(procs.map(stop));
    // s6-supervise starts each service in its own session, out of the group: any sleep it left
    // behind is ended by its pid, once that pid is shown to be the test's own `sleep 1000`.
    for (const pid of sleepers) {
      const cmd = (() => {
        try {
          return fs.readFileSync(`/proc/${pid}/cmdline`, "utf8");
        } catch {
          return "";
        }
      })();
      if (cmd === "sleep\u00001000\u0000") process.kill(pid, "SIGKILL");
    }
  });

  beforeAll(async () => {
    for (const suite of Object.keys(SUPERVISOR) as SuiteName[]) {
      for (const [name, files] of Object.entries(SERVICES) as Array<[ServiceName, Record<string, string>]>) {
        const dir = path.join(root, suite, name);
        fs.mkdirSync(dir, { recursive: true });
        for (const [f, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, f), text, { mode: 0o755 });
        dirs[suite][name] = dir;
        procs.push(spawn(SUPERVISOR[suite], [dir], { cwd: root, detached: true, stdio: "ignore" }));
      }
    }
    // Every supervisor has written a status, and the crash loops have gone round more than once.
    const all = Object.values(dirs).flatMap((d) => Object.values(d));
    for (let i = 0; i < 40 && !all.every((d) => fs.existsSync(path.join(d, "supervise/status"))); i++) await sleep(100);
    await sleep(2500);

    for (let round = 0; round < 3; round++) {
      if (round) await sleep(700);
      for (const suite of Object.keys(dirs) as SuiteName[]) {
        for (const [name, dir] of Object.entries(dirs[suite])) {
          // A crash loop can change twice between two reads (runit's run phase lasts as long as sh
          // takes to fail): a sample the tool disagrees with is taken again a moment later.
          let sample: Sample | undefined;
          for (let attempt = 0; attempt < 6 && !sample?.state; attempt++) {
            if (attempt) await sleep(150);
            const before = readServiceState(dir);
            const tool = toolView(suite, dir);
            const svdt = suite === "s6" ? run("s6-svdt", [dir]) : "";
            const after = readServiceState(dir);
            sample = { before, tool, after };
            for (const st of [before, after])
              if (!sample.state && isServiceState(st) && agrees(tool, predicted(suite, dir, st))) sample.state = st;
            if (suite === "s6")
              sample.deaths = {
                before: isServiceState(before) ? (before.deaths?.length ?? 0) : 0,
                tool: svdt === "" ? [] : svdt.split("\n"),
                after: isServiceState(after) ? (after.deaths?.length ?? 0) : 0,
              };
            for (const st of [before, after]) if (isServiceState(st) && st.pid) sleepers.add(st.pid);
          }
          samples.set(`${suite}/${name}`, [...(samples.get(`${suite}/${name}`) ?? []), sample!]);
        }
      }
    }
  }, 30_000);

  const SUITES: SuiteName[] = ["daemontools", "runit", "s6"];
  const NAMES = Object.keys(SERVICES) as ServiceName[];

  it.each(SUITES.flatMap((s) => NAMES.map((n) => [s, n] as const)))(
    "%s %s: each sample of the status files says what the suite's tool printed",
    (suite, name) => {
      const got = samples.get(`${suite}/${name}`)!;
      expect(got).toHaveLength(3);
      for (const s of got) {
        // On failure, the tool's line next to ours.
        if (!s.state)
          expect({
            tool: s.tool.text,
            ours: [
              predicted(suite, dirs[suite][name], s.before).text,
              predicted(suite, dirs[suite][name], s.after).text,
            ],
          }).toBe("in agreement");
        expect(s.state!.suite).toBe(suite);
        expect(s.state!.supervisor).toBe("running");
      }
    },
  );

  it.each(SUITES)("%s: healthy, crash-looping, killed and down services read as they are", (suite) => {
    const states = (name: ServiceName) => samples.get(`${suite}/${name}`)!.map((s) => s.state!);
    const ok = states("ok");
    for (const st of ok) expect(st).toMatchObject({ up: true, wantUp: true, normallyUp: true });
    // The pid is the test's own sleep, seen in /proc, and it has been up for longer each time.
    expect(fs.readFileSync(`/proc/${ok[0]!.pid}/cmdline`, "utf8")).toBe("sleep\u00001000\u0000");
    expect(new Set(ok.map((s) => s.pid)).size).toBe(1);
    expect(ok[2]!.since!).toBeGreaterThan(ok[0]!.since! + 1);
    for (const st of states("down")) {
      expect(st).toMatchObject({ up: false, wantUp: false, normallyUp: false });
      expect(st.pid).toBeUndefined();
    }
    for (const name of ["crash", "killed"] as const) {
      const loop = states(name);
      for (const st of loop) expect(st).toMatchObject({ wantUp: true, normallyUp: true });
      // A crash loop is never up for long: every look finds it down or just restarted.
      for (const st of loop) if (st.up) expect(st.since!).toBeLessThan(1.5);
      if (suite !== "daemontools") expect(loop.some((st) => !st.up)).toBe(true);
    }
  });

  it("s6: the last exit code and signal, and the death tally as s6-svdt prints it", () => {
    const lastExits = (name: ServiceName) =>
      samples
        .get(`s6/${name}`)!
        .map((s) => s.state!)
        .filter((st) => !st.up)
        .map((st) => st.lastExit);
    expect(lastExits("crash").length).toBeGreaterThan(0);
    for (const e of lastExits("crash")) expect(e).toEqual({ code: 127 });
    expect(lastExits("killed").length).toBeGreaterThan(0);
    for (const e of lastExits("killed")) expect(e).toEqual({ signal: 9 });
    for (const [name, line] of [
      ["crash", /^@4000[0-9a-f]{20} exitcode 127$/],
      ["killed", /^@4000[0-9a-f]{20} signal SIGKILL$/],
    ] as const) {
      for (const s of samples.get(`s6/${name}`)!) {
        const d = s.deaths!;
        expect(d.tool.length).toBeGreaterThanOrEqual(Math.max(d.before, 1));
        expect(d.tool.length).toBeLessThanOrEqual(d.after);
        for (const l of d.tool) expect(l).toMatch(line);
        const ours = (s.after as ServiceState).deaths!;
        for (const death of ours)
          expect(death).toEqual(
            name === "crash"
              ? { ago: expect.any(Number), code: 127 }
              : { ago: expect.any(Number), code: 137, signal: 9 },
          );
        // Oldest first, one a second or so apart, the newest a moment ago.
        expect(ours.map((x) => x.ago)).toEqual([...ours.map((x) => x.ago!)].sort((a, b) => b - a));
        expect(ours.at(-1)!.ago!).toBeLessThan(2.5);
      }
    }
    for (const s of [...samples.get("s6/ok")!, ...samples.get("s6/down")!]) expect(s.deaths!.tool).toEqual([]);
  });

  it("runit: the text files say what the binary status says", () => {
    for (const name of NAMES) {
      const dir = dirs.runit[name];
      const st = readServiceState(dir) as ServiceState;
      const text = decodeRunitStat(fs.readFileSync(path.join(dir, "supervise/stat"), "latin1"));
      const pid = decodeRunitPid(fs.readFileSync(path.join(dir, "supervise/pid"), "latin1"));
      const again = readServiceState(dir) as ServiceState;
      // A crash loop can move between the reads; the healthy and down services cannot.
      if (name === "ok" || name === "down") {
        expect(text?.state).toBe(st.up ? "run" : "down");
        expect(pid).toBe(st.pid ?? 0);
        expect(again.pid).toBe(st.pid);
      } else expect(text).toBeDefined();
    }
  });

  it("the lock is found by device and inode, and once the supervisors stop, each tool and svstat agree they are gone", async () => {
    const lock = path.join(dirs.s6.ok, "supervise/lock");
    expect(readLockTable()!.has(lockKey(diskFileId(lock)!))).toBe(true);
    await Promise.all(procs.map(stop));
    for (const suite of SUITES) {
      for (const name of NAMES) {
        const dir = dirs[suite][name];
        const st = readServiceState(dir);
        expect(st).toMatchObject({ supervisor: "not running" });
        expect(toolView(suite, dir).text).toBe(predicted(suite, dir, st).text);
      }
    }
  });
});
