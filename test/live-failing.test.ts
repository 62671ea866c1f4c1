// Ground truth for svlint on a running system: svscan, runsvdir and s6-svscan run a healthy
// service, a crash-looping one (its program is missing), one whose run is not executable, one
// whose logger cannot start, and one that is down on purpose. svlint, run three times, must report
// every failing service with its cause and no healthy one, its --status lines must say what svstat,
// sv and s6-svstat say, and it must execute, write and signal nothing.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { svlint } from "./cli-helpers.js";
import { tempDir } from "./helpers.js";

const have = (cmd: string): boolean => spawnSync("sh", ["-c", `command -v ${cmd}`]).status === 0;
const REAL = ["svscan", "svstat", "multilog", "runsvdir", "sv", "svlogd", "s6-svscan", "s6-svstat", "s6-log"];
// A missing binary is an error, never a silent skip (scripts/prereqs.mjs installs the packages).
if (!REAL.every(have)) throw new Error(`live tests need ${REAL.join(", ")}: run \`npm run prereqs\``);

type Suite = "daemontools" | "runit" | "s6";
const SUITES: Suite[] = ["daemontools", "runit", "s6"];
const SCANNER: Record<Suite, string> = { daemontools: "svscan", runit: "runsvdir", s6: "s6-svscan" };
const LOGGER: Record<Suite, string> = {
  daemontools: "exec multilog t ./main",
  runit: "mkdir -p ./main\nexec svlogd -tt ./main",
  s6: "exec s6-log t ./main",
};
/** The daemon stand-in: a sleep with a length no other process on the machine uses. */
const DAEMON = "sleep 7321";
const MARKER = "svlint-marker";

interface Spec {
  files: Record<string, { text: string; mode: number }>;
  /** The findings svlint must link to the failure, by file; none: healthy. */
  failing?: { file: string; cause: string };
}

function services(suite: Suite, root: string): Record<string, Spec> {
  const x = (text: string) => ({ text, mode: 0o755 });
  const log = x(`#!/bin/sh\n${LOGGER[suite]}\n`);
  // A check script that would leave a marker if anything ran it: supervisors do not, svlint must not.
  const check = x(`#!/bin/sh\ntouch ${root}/${MARKER}-check\n`);
  return {
    ok: { files: { run: x(`#!/bin/sh\nexec ${DAEMON}\n`), "log/run": log, check } },
    crash: {
      files: { run: x("#!/bin/sh\nexec /nonexistent/svlint-missing-daemon\n"), "log/run": log },
      failing: { file: "run", cause: "missing-program" },
    },
    noexec: {
      files: { run: { text: `#!/bin/sh\nexec ${DAEMON}\n`, mode: 0o644 }, "log/run": log },
      failing: { file: "run", cause: "run-executable" },
    },
    badlog: {
      files: { run: x(`#!/bin/sh\nexec ${DAEMON}\n`), "log/run": { text: log.text, mode: 0o644 } },
      failing: { file: "log/run", cause: "run-executable" },
    },
    down: { files: { run: x(`#!/bin/sh\nexec ${DAEMON}\n`), "log/run": log, down: { text: "", mode: 0o644 } } },
  };
}

/** What the suite's own tool says: up or down, and the pid. */
function toolState(suite: Suite, dir: string): { up: boolean; pid?: number; text: string } {
  const args: [string, string[]] =
    suite === "daemontools"
      ? ["svstat", [dir]]
      : suite === "runit"
        ? ["sv", ["status", dir]]
        : ["s6-svstat", ["-o", "up,pid", dir]];
  const r = spawnSync(args[0], args[1], { encoding: "utf8", env: { ...process.env, LC_ALL: "C" } });
  const text = (r.stdout + r.stderr).trim();
  const pid = /\(pid (\d+)\)/.exec(text)?.[1] ?? (suite === "s6" ? /^true (\d+)/.exec(text)?.[1] : undefined);
  const up =
    suite === "daemontools" ? /: up /.test(text) : suite === "runit" ? /^run: /.test(text) : /^true /.test(text);
  return { up, text, ...(pid ? { pid: Number(pid) } : {}) };
}

/** Names, modes and contents of the tree, leaving out what the supervisors and loggers write. */
function treeHash(dir: string): string {
  const h = createHash("sha256");
  const walk = (d: string): void => {
    for (const name of fs.readdirSync(d).sort()) {
      if (["supervise", "main", "event", ".s6-svscan"].includes(name)) continue;
      const p = path.join(d, name);
      const st = fs.lstatSync(p);
      h.update(`${path.relative(dir, p)} ${st.mode}\n`);
      if (st.isFile()) h.update(fs.readFileSync(p));
      else if (st.isDirectory()) walk(p);
    }
  };
  walk(dir);
  return h.digest("hex");
}

interface Message {
  ruleId: string;
  message: string;
  related?: Array<{ ruleId: string }>;
}
interface FileJson {
  filePath: string;
  messages: Message[];
  supervision?: { service: { up: boolean; pid?: number; suite: string } };
}

describe("svlint on running daemontools, runit and s6 trees", () => {
  const root = tempDir("svlint-live-failing-");
  const scans: Record<Suite, string> = {} as never;
  const procs: ChildProcess[] = [];

  beforeAll(async () => {
    for (const suite of SUITES) {
      const scan = path.join(root, suite);
      for (const [name, spec] of Object.entries(services(suite, root)))
        for (const [f, { text, mode }] of Object.entries(spec.files)) {
          const p = path.join(scan, name, f);
          fs.mkdirSync(path.dirname(p), { recursive: true });
          fs.writeFileSync(p, text);
          fs.chmodSync(p, mode);
        }
      scans[suite] = scan;
      procs.push(spawn(SCANNER[suite], [scan], { cwd: scan, detached: true, stdio: "ignore" }));
    }
    // The healthy services are up for a few seconds; the failing ones have gone round a few times.
    await new Promise((r) => setTimeout(r, 4000));
  }, 20_000);

  afterAll(async () => {
    for (const p of procs) {
      try {
        process.kill(-p.pid!, "SIGTERM");
      } catch {
        // gone
      }
    }
    await new Promise((r) => setTimeout(r, 1500));
    for (const p of procs) {
      try {
        process.kill(-p.pid!, "SIGKILL");
      } catch {
        // gone
      }
    }
    // s6-supervise starts services in their own sessions: the stand-in daemons left are ended by pid.
    spawnSync("pkill", ["-KILL", "-xf", DAEMON]);
  });

  it.each(SUITES)(
    "%s: three runs in a row report every failing service with its cause, no healthy one, and change nothing",
    (suite) => {
      const scan = scans[suite];
      const specs = services(suite, root);
      for (let run = 0; run < 3; run++) {
        const hash = treeHash(scan);
        const before = Object.fromEntries(Object.keys(specs).map((n) => [n, toolState(suite, path.join(scan, n))]));
        const r = svlint(["-f", "json", scan]);
        expect(r.stderr).toBe("");
        const files = JSON.parse(r.stdout) as FileJson[];
        // The JSON report's state of the healthy service, as the suite's tool said it just before.
        const okState = files.find((f) => f.filePath === path.join(scan, "ok", "run"))!.supervision!.service;
        expect({ suite: okState.suite, up: okState.up, pid: okState.pid }).toEqual({
          suite,
          up: true,
          pid: before.ok!.pid,
        });
        const failures = files.flatMap((f) =>
          f.messages
            .filter((m) => m.ruleId === "service-failing")
            .map((m) => ({ at: path.relative(scan, f.filePath), causes: (m.related ?? []).map((x) => x.ruleId) })),
        );
        const want = Object.entries(specs)
          .filter(([, s]) => s.failing)
          .map(([n, s]) => ({ at: `${n}/${s.failing!.file}`, cause: s.failing!.cause }));
        expect(failures.map((f) => f.at).sort()).toEqual(want.map((w) => w.at).sort());
        for (const w of want) expect(failures.find((f) => f.at === w.at)!.causes).toContain(w.cause);

        // --status: one line per service and logger; the stable ones as the suite's tool says them.
        const status = svlint(["--status", scan]).stdout.split("\n");
        for (const name of ["ok", "down"]) {
          const tool = toolState(suite, path.join(scan, name));
          const line = status.find((l) => l.startsWith(`${path.join(scan, name)}: `));
          expect(line).toBeDefined();
          expect(line!.includes(tool.up ? `: up (pid ${tool.pid})` : ": down")).toBe(true);
        }
        for (const name of Object.keys(specs)) {
          expect(status.filter((l) => l.startsWith(`${path.join(scan, name)}: `))).toHaveLength(1);
          expect(status.filter((l) => l.startsWith(`${path.join(scan, name)}/log: `))).toHaveLength(1);
        }

        // Nothing executed, written or signalled: the tree, the check scripts' marker, and the
        // supervisors' view of the healthy and the downed service, the same after as before.
        expect(treeHash(scan)).toBe(hash);
        expect(fs.existsSync(path.join(root, `${MARKER}-check`))).toBe(false);
        for (const name of ["ok", "down"]) {
          const after = toolState(suite, path.join(scan, name));
          expect({ up: after.up, pid: after.pid }).toEqual({ up: before[name]!.up, pid: before[name]!.pid });
        }
        expect(before.ok!.up).toBe(true);
        expect(before.down!.up).toBe(false);
      }
    },
    60_000,
  );

  it("stylish prints the possible cause under the failure; SARIF gives it as a related location", () => {
    const crash = path.join(scans.daemontools, "crash");
    const stylish = svlint([crash]).stdout;
    expect(stylish).toMatch(
      /error +The service fails now: [^\n]*service-failing\n\s+↳ possible cause: 2:6 missing-program\n/,
    );
    const sarif = JSON.parse(svlint(["-f", "sarif", crash]).stdout) as {
      runs: Array<{ results: Array<{ ruleId: string; relatedLocations?: Array<Record<string, unknown>> }> }>;
    };
    const failure = sarif.runs[0]!.results.find((r) => r.ruleId === "service-failing")!;
    expect(failure.relatedLocations).toEqual([
      {
        id: 0,
        physicalLocation: {
          artifactLocation: expect.objectContaining({ uri: expect.stringMatching(/crash\/run$/) }),
          region: { startLine: 2, startColumn: 6, endLine: 2, endColumn: 40 },
        },
        message: {
          text: expect.stringMatching(/^missing-program: `\/nonexistent\/svlint-missing-daemon` does not exist/),
        },
      },
    ]);
  }, 20_000);
});
