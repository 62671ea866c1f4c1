// service-failing reads a supervisor's files: these cases write them as the supervisors would
// (test/status-bytes.ts) and hold `supervise/lock` with flock(1), as a running supervisor does.
// test/live-failing.test.ts runs the real supervisors.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { lintService } from "../../src/engine/lint.js";
import runExecutable from "../../src/rules/run-executable.js";
import rule from "../../src/rules/service-failing.js";
import { firstLook } from "../../src/live/supervision.js";
import { diskHost } from "../../src/host/disk.js";
import { readService } from "../../src/service.js";
import { daemontools, dtally, s6 } from "../status-bytes.js";
import { findings, tempDir, TEST_PASSWD } from "../helpers.js";

if (spawnSync("sh", ["-c", "command -v flock"]).status !== 0) throw new Error("the test needs flock (util-linux)");

const holders: ChildProcess[] = [];
afterAll(() => holders.forEach((p) => p.kill("SIGKILL")));

/** A service whose supervise directory holds `status` (and more), its lock held unless `held` is false. */
async function service(
  files: Record<string, Uint8Array | string>,
  opts: { held?: boolean; runMode?: number } = {},
): Promise<string> {
  const dir = path.join(tempDir("svlint-failing-"), "svc");
  for (const [rel, data] of Object.entries({ run: "#!/bin/sh\nexec sleep 1000\n", ...files })) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), data);
  }
  fs.chmodSync(path.join(dir, "run"), opts.runMode ?? 0o755);
  for (const sup of ["supervise", "log/supervise"]) {
    if (!fs.existsSync(path.join(dir, sup, "status")) || opts.held === false) continue;
    const lock = path.join(dir, sup, "lock");
    fs.writeFileSync(lock, "");
    const p = spawn("flock", [lock, "sleep", "60"], { stdio: "ignore" });
    holders.push(p);
    // flock(1) takes the lock once it runs: wait until the kernel's table shows it.
    for (let i = 0; i < 50 && !fs.readFileSync("/proc/locks", "utf8").includes(`:${fs.statSync(lock).ino} `); i++)
      await new Promise((r) => setTimeout(r, 20));
  }
  return dir;
}

function lint(dir: string, opts: { rewrite?: Record<string, Uint8Array>; rules?: (typeof rule)[] } = {}) {
  // The first look, then the files as the second look finds them; the wait is taken as done.
  const first = firstLook(diskHost, dir, fs.existsSync(path.join(dir, "log")));
  for (const [rel, data] of Object.entries(opts.rewrite ?? {})) fs.writeFileSync(path.join(dir, rel), data);
  const svc = readService(dir, {
    context: "live",
    looks: opts.rewrite ? "twice" : "once",
    ...(first ? { firstLook: { ...first, at: first.at - 2000 } } : {}),
  });
  const results = lintService(svc, { rules: opts.rules ?? [rule], passwdFile: TEST_PASSWD });
  return { results, found: findings(dir, results).filter((f) => f.ruleId === "service-failing") };
}

const now = () => Date.now();
const dt = (o: Parameters<typeof daemontools>[0]) => daemontools(o, now());

describe("service-failing", () => {
  it("a healthy service, up for a while: nothing", async () => {
    const dir = await service({ "supervise/status": dt({ ago: 100, pid: 4121, want: "u" }) });
    expect(lint(dir).found).toEqual([]);
  });

  it("just restarted, then up with the same pid at the second look: nothing", async () => {
    const dir = await service({ "supervise/status": dt({ ago: 0.5, pid: 4121, want: "u" }) });
    expect(lint(dir, { rewrite: { "supervise/status": dt({ ago: 2, pid: 4121, want: "u" }) } }).found).toEqual([]);
  });

  it("up for under a second with another pid at each look: restarting, an error on run", async () => {
    const dir = await service({ "supervise/status": dt({ ago: 0.3, pid: 4121, want: "u" }) });
    const { found } = lint(dir, { rewrite: { "supervise/status": dt({ ago: 0.2, pid: 4133, want: "u" }) } });
    expect(found.map((f) => [f.file, f.line, f.severity, f.certainty])).toEqual([["run", 1, "error", "proven"]]);
    expect(found[0]!.message).toMatch(/^The service fails now: its supervisor keeps restarting it \(looked at twice, /);
    expect(found[0]!.message).toContain("up for under a second (pid 4121), then up for under a second (pid 4133)");
  });

  it("down although wanted up, at one look for longer than a restart: stuck", async () => {
    const dir = await service({ "supervise/status": dt({ ago: 10, pid: 0, want: "u" }) });
    const { found } = lint(dir);
    expect(found.map((f) => f.message)).toEqual([
      expect.stringMatching(
        /^The service is down although its supervisor is told to keep it up \(it has been down for 10 s\)/,
      ),
    ]);
  });

  it("down on purpose (want down), or paused: nothing", async () => {
    const down = await service({ "supervise/status": dt({ ago: 10, pid: 0, want: "d" }) });
    expect(lint(down).found).toEqual([]);
    const paused = await service({ "supervise/status": dt({ ago: 0.1, pid: 4121, want: "u", paused: true }) });
    expect(lint(paused, { rewrite: { "supervise/status": dt({ ago: 0.1, pid: 4200, want: "u" }) } }).found).toEqual([]);
  });

  it("no supervisor holds the lock: the files are stale, nothing", async () => {
    const dir = await service({ "supervise/status": dt({ ago: 10, pid: 0, want: "u" }) }, { held: false });
    expect(lint(dir).found).toEqual([]);
  });

  it("s6: three deaths in the last ten seconds, the last exit 127, at one look", async () => {
    const dir = await service({
      "supervise/status": s6({ ago: 0.4, pid: 0, wantUp: true, wstat: 127 << 8 }, now()),
      "supervise/death_tally": dtally(
        [
          { ago: 3, code: 127, sig: 0 },
          { ago: 2, code: 127, sig: 0 },
          { ago: 0.4, code: 127, sig: 0 },
        ],
        now(),
      ),
    });
    const { found } = lint(dir);
    expect(found.map((f) => f.message)).toEqual([
      expect.stringContaining("(it died 3 times in the last 10 s; its last run exited 127 (a program was not found))"),
    ]);
  });

  it("the logger down while the service is up: on log/run", async () => {
    const dir = await service({
      "supervise/status": dt({ ago: 100, pid: 4121, want: "u" }),
      "log/run": "#!/bin/sh\nexec multilog t ./main\n",
      "log/supervise/status": dt({ ago: 10, pid: 0, want: "u" }),
    });
    const { found } = lint(dir);
    expect(found.map((f) => [f.file, f.message.slice(0, 50)])).toEqual([
      ["log/run", "The logger is down while the service is up (it has"],
    ]);
  });

  it("links the problem findings on the failing file as possible causes", async () => {
    const dir = await service({ "supervise/status": dt({ ago: 10, pid: 0, want: "u" }) }, { runMode: 0o644 });
    const { results } = lint(dir, { rules: [rule, runExecutable] });
    const failure = results.flatMap((r) => r.messages).find((m) => m.ruleId === "service-failing")!;
    expect(failure.related?.map((x) => [x.ruleId, x.line, x.column])).toEqual([["run-executable", 1, 1]]);
  });
});
