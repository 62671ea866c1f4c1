// Spawns the built command (npm test builds first) as a user would run it.
import * as fs from "node:fs";
import * as path from "node:path";
import { spawnSync } from "node:child_process";
import * as os from "node:os";
import { autoWorkerThreshold, workerCount } from "../src/runner/pool.js";
import { BIN, ROOT, svlint } from "./cli-helpers.js";
import { makeService, tempDir, TEST_PASSWD, writeTree } from "./helpers.js";

const GOOD = {
  run: "#!/bin/sh\nexec 2>&1\nexec envdir ./env setuidgid app /usr/bin/app\n",
  "log/run": "#!/bin/sh\nexec setuidgid log multilog t ./main\n",
};
const BAD = {
  run: "#!/bin/sh\nexec setuidgid app envdir ./env /usr/bin/app 2>&1\n",
  "log/run": "#!/bin/sh\nexec setuidgid log multilog t ./main\n",
};
const WARN_ONLY = { run: "#!/bin/sh\nexec app\n", "log/run": "#!/bin/sh\nexec setuidgid nobody multilog t ./main\n" };

describe("svlint command", () => {
  it("exits 0 and says so when nothing is wrong", () => {
    const r = svlint([makeService(GOOD)]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("1 service checked, no problems");
    expect(r.stderr).toBe("");
  });

  it("exits 1 on an error finding and prints it stylish: file heading, line:col, severity, message, rule id", () => {
    const dir = makeService(BAD);
    const r = svlint([dir]);
    expect(r.code).toBe(1);
    const lines = r.stdout.split("\n");
    expect(lines).toContain(path.join(dir, "run"));
    expect(r.stdout).toMatch(/^ {2}2:20 {2}error {2}`envdir` runs after `setuidgid`.* {2}setuidgid-last$/m);
    expect(r.stdout).toContain("✖ 1 problem (1 error, 0 warnings) in 1 service");
    expect(r.stdout).not.toMatch(/\u001b\[/); // NO_COLOR
  });

  it("exits 0 when there are only warnings", () => {
    const r = svlint([makeService(WARN_ONLY)]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("(0 errors, 1 warning)");
  });

  it("prints relative paths for services under the working directory", () => {
    const root = tempDir();
    writeTree(root, Object.fromEntries(Object.entries(BAD).map(([k, v]) => [`svc/${k}`, v])));
    const r = svlint(["svc"], { cwd: root });
    expect(r.stdout.split("\n")).toContain("svc/run");
  });

  it("colours with --color and FORCE_COLOR, not with --no-color", () => {
    const dir = makeService(BAD);
    expect(svlint(["--color", dir]).stdout).toMatch(/\u001b\[31merror/);
    expect(svlint([dir], { env: { FORCE_COLOR: "1" } }).stdout).toMatch(/\u001b\[/);
    expect(svlint(["--no-color", dir], { env: { FORCE_COLOR: "1" } }).stdout).not.toMatch(/\u001b\[/);
  });

  it("prints ESLint-shaped JSON", () => {
    const dir = makeService(BAD);
    const r = svlint(["-f", "json", dir]);
    expect(r.code).toBe(1);
    const json = JSON.parse(r.stdout) as Array<Record<string, unknown>>;
    const run = json.find((f) => f.filePath === path.join(dir, "run"))!;
    expect(run).toMatchObject({ errorCount: 1, warningCount: 0, fatalErrorCount: 0, fixableErrorCount: 1 });
    expect(run.messages).toEqual([
      {
        ruleId: "setuidgid-last",
        severity: 2,
        level: "error",
        certainty: "proven",
        message: expect.stringContaining("envdir"),
        line: 2,
        column: 20,
        endLine: 2,
        endColumn: 26,
        // `setuidgid app envdir ./env` (offsets 15 to 41) becomes `envdir ./env setuidgid app`.
        fix: { applicability: "safe", edits: [{ range: [15, 41], text: "envdir ./env setuidgid app" }] },
      },
    ]);
    expect(json.find((f) => f.filePath === path.join(dir, "log/run"))).toMatchObject({ messages: [], errorCount: 0 });
  });

  it("prints SARIF 2.1.0 with the rule catalogue and relative locations", () => {
    const root = tempDir();
    writeTree(root, Object.fromEntries(Object.entries(BAD).map(([k, v]) => [`svc/${k}`, v])));
    const r = svlint(["-f", "sarif", "svc"], { cwd: root });
    const sarif = JSON.parse(r.stdout);
    expect(sarif.version).toBe("2.1.0");
    const run = sarif.runs[0];
    expect(run.tool.driver.name).toBe("svlint");
    const ids = run.tool.driver.rules.map((x: { id: string }) => x.id);
    expect(ids).toContain("setuidgid-last");
    expect(run.results).toHaveLength(1);
    const res = run.results[0];
    expect(ids[res.ruleIndex]).toBe("setuidgid-last");
    expect(res.locations[0].physicalLocation).toEqual({
      artifactLocation: { uri: "svc/run", uriBaseId: "%SRCROOT%" },
      region: { startLine: 2, startColumn: 20, endLine: 2, endColumn: 26 },
    });
  });

  it("writes the report to a file with -o", () => {
    const out = path.join(tempDir(), "report.json");
    const r = svlint(["-f", "json", "-o", out, makeService(BAD)]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(JSON.parse(fs.readFileSync(out, "utf8"))).toHaveLength(2);
  });

  it.each([
    [["/nonexistent/svlint-path"], /^svlint: \/nonexistent\/svlint-path: no such file or directory\n$/],
    [["--bogus"], /^svlint: Unknown option '--bogus'\.\nTry 'svlint --help'\.\n$/],
    [
      ["-f", "xml", "."],
      /^svlint: unknown format 'xml'; use one of: stylish, json, sarif, codeclimate, gcc, github, diff, status\n/,
    ],
    [["--context", "prod", "."], /^svlint: unknown context 'prod'; use live or repo\n/],
    [
      ["--concurrency", "0", "."],
      /^svlint: --concurrency takes auto, off or a number of threads from 1 to 64, not '0'\n/,
    ],
    [
      ["--concurrency", "2.5", "."],
      /^svlint: --concurrency takes auto, off or a number of threads from 1 to 64, not '2.5'\n/,
    ],
  ])("exits 2 with one line and no stack trace: %j", (args, message) => {
    const r = svlint(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.stdout).toBe("");
  });

  it("prints help and version", () => {
    expect(svlint(["--help"]).stdout).toMatch(/^Usage: svlint/);
    expect(svlint(["--version"]).stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
  });

  it("says when it found no services", () => {
    const r = svlint([tempDir()]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain("no service directories found");
  });

  it("--context repo skips the live-only rules", () => {
    const dir = makeService({ ...GOOD, "env/PASS": { content: "x", mode: 0o644 } });
    expect(svlint([dir]).code).toBe(1);
    expect(svlint(["--context", "repo", dir]).code).toBe(0);
  });
});

describe("large runs", () => {
  it("a worker that dies costs speed, not results: its chunks are linted in-process", () => {
    const dir = tempDir();
    expect(spawnSync(process.execPath, [path.join(ROOT, "scripts/gen-tree.mjs"), dir, "320"]).status).toBe(0);
    // A copy of the built command whose worker throws as it loads: every worker dies at once,
    // holding its first chunks. The rest of the package is linked, not copied.
    const pkg = tempDir("svlint-deadworker-");
    fs.cpSync(path.join(ROOT, "dist"), path.join(pkg, "dist"), { recursive: true });
    fs.cpSync(path.join(ROOT, "bin"), path.join(pkg, "bin"), { recursive: true });
    fs.copyFileSync(path.join(ROOT, "package.json"), path.join(pkg, "package.json"));
    for (const d of ["node_modules", "native", "docs"]) fs.symlinkSync(path.join(ROOT, d), path.join(pkg, d));
    fs.writeFileSync(path.join(pkg, "dist/worker.js"), 'throw new Error("worker died");\n');
    const args = ["--passwd", TEST_PASSWD, "--no-config", "-f", "json", "--concurrency", "2", dir];
    const dead = spawnSync(process.execPath, [path.join(pkg, "bin/svlint.js"), ...args], {
      encoding: "utf8",
      timeout: 60000,
    });
    const healthy = spawnSync(process.execPath, [BIN, ...args], { encoding: "utf8", timeout: 60000 });
    expect(dead.stderr).toBe("");
    expect(dead.status).toBe(1);
    // Every service's run and log/run (env/WORKERS is 0644 but holds no secret: not flagged).
    expect(JSON.parse(dead.stdout)).toHaveLength(320 * 2);
    expect(dead.stdout).toBe(healthy.stdout);
  }, 120_000);

  it("workers started during discovery are stopped when the run turns out small or fails", () => {
    // With --concurrency auto, enough services start the workers while discovery walks; the config
    // then ignores all but 20 (an in-process run), or is broken (exit 2). Either way the command
    // must end at once: a worker left running would keep the process alive until the timeout.
    const dir = tempDir();
    const k = Math.min(os.availableParallelism(), 8);
    const big = autoWorkerThreshold(k) !== Infinity ? autoWorkerThreshold(k) + 10 : 20; // 2 cores: no workers
    const gen = (sub: string, n: number) =>
      spawnSync(process.execPath, [path.join(ROOT, "scripts/gen-tree.mjs"), path.join(dir, sub), String(n)]).status;
    expect(gen("big", big)).toBe(0);
    expect(gen("keep", 20)).toBe(0);
    fs.writeFileSync(path.join(dir, ".svlintrc.json"), JSON.stringify({ ignores: ["big"] }));
    const small = spawnSync(process.execPath, [BIN, "--passwd", TEST_PASSWD, "-f", "json", dir], {
      encoding: "utf8",
      timeout: 60000,
    });
    expect(small.signal).toBeNull();
    expect(small.stderr).toBe("");
    const files = JSON.parse(small.stdout) as Array<{ filePath: string }>;
    expect(
      new Set(files.map((f) => path.relative(dir, path.dirname(f.filePath)).split("/").slice(0, 2).join("/"))),
    ).toEqual(new Set(Array.from({ length: 20 }, (_, i) => `keep/svc${String(i).padStart(5, "0")}`)));

    fs.writeFileSync(path.join(dir, ".svlintrc.json"), JSON.stringify({ rules: { "no-such-rule": "error" } }));
    const broken = spawnSync(process.execPath, [BIN, "--passwd", TEST_PASSWD, dir], {
      encoding: "utf8",
      timeout: 60000,
    });
    expect(broken.signal).toBeNull();
    expect(broken.status).toBe(2);
    expect(broken.stderr).toMatch(/no-such-rule/);
    expect(broken.stderr.trim().split("\n")).toHaveLength(1);

    // A number starts the workers at the first service found, on any machine; the failure stops them.
    const given = spawnSync(process.execPath, [BIN, "--concurrency", "2", "--passwd", TEST_PASSWD, dir], {
      encoding: "utf8",
      timeout: 60000,
    });
    expect(given.signal).toBeNull();
    expect(given.status).toBe(2);
    expect(given.stderr).toMatch(/no-such-rule/);
  }, 120_000);

  it("--concurrency: auto waits for runs that repay the workers' start; a number is taken as given", () => {
    expect(autoWorkerThreshold(1)).toBe(Infinity); // one worker only adds its start-up
    expect(autoWorkerThreshold(2)).toBe(Infinity); // measured: in-process with its parse thread wins at 10,000
    expect(autoWorkerThreshold(3)).toBeGreaterThan(3000);
    expect(autoWorkerThreshold(8)).toBeLessThan(autoWorkerThreshold(4));
    expect(workerCount("off", 1_000_000)).toBe(0);
    expect(workerCount(1, 1_000_000)).toBe(0);
    expect(workerCount(3, 1)).toBe(3);
    expect(workerCount("auto", 10)).toBe(0);
    const k = Math.min(os.availableParallelism(), 8);
    expect(workerCount("auto", 1_000_000)).toBe(k >= 3 ? k : 0);
  });

  it("worker threads give exactly the in-process result (400 generated services)", async () => {
    const dir = tempDir();
    const gen = spawnSync(process.execPath, [path.join(ROOT, "scripts/gen-tree.mjs"), dir, "400"]);
    expect(gen.status).toBe(0);
    const r = svlint(["-f", "json", "--no-config", "--concurrency", "2", dir]);
    expect(r.code).toBe(1);
    const viaCli = JSON.parse(r.stdout);
    const { lint } = await import("../src/index.js");
    const inProcess = await lint([dir], { noConfig: true, concurrency: "off", passwd: TEST_PASSWD });
    expect(viaCli).toHaveLength(inProcess.results.length);
    expect(
      viaCli.map((f: { filePath: string; messages: Array<{ ruleId: string; line: number }> }) => [
        f.filePath,
        f.messages.map((m) => `${m.line}:${m.ruleId}`),
      ]),
    ).toEqual(inProcess.results.map((f) => [f.filePath, f.messages.map((m) => `${m.line}:${m.ruleId}`)]));
    expect(inProcess.errorCount).toBeGreaterThan(100);
  });

  it("batches end early on big scripts: every service of a tree of 700 KB scripts is linted to its last line", () => {
    // 2 MiB of script text ends a batch (src/runner/job.ts): 8 services of 700 KB make batches of
    // 3, 3 and 2 services, each parsed on the parse thread while the one before is linted.
    const dir = tempDir();
    const lines = 19_000; // `echo …` lines of about 37 characters
    for (let i = 0; i < 8; i++) {
      const body = Array.from({ length: lines }, (_, n) => `echo "service ${i} step ${n}" >> /tmp/x`).join("\n");
      writeTree(path.join(dir, `svc${i}`), {
        run: { content: `#!/bin/sh\n${body}\nchown -R app:app\nexec 2>&1\nexec app\n`, mode: 0o755 },
        "log/run": { content: "#!/bin/sh\nexec multilog t ./main\n", mode: 0o755 },
      });
    }
    expect(fs.statSync(path.join(dir, "svc0/run")).size).toBeGreaterThan(700_000);
    const r = svlint(["-f", "json", "--no-config", "--passwd", TEST_PASSWD, dir]);
    expect(r.stderr).toBe("");
    const files = JSON.parse(r.stdout) as Array<{
      filePath: string;
      messages: Array<{ ruleId: string; line: number }>;
    }>;
    for (let i = 0; i < 8; i++) {
      const run = files.find((f) => f.filePath === path.join(dir, `svc${i}`, "run"));
      expect({ i, chown: run?.messages.filter((m) => m.ruleId === "chown-target").map((m) => m.line) }).toEqual({
        i,
        chown: [lines + 2],
      });
    }
  }, 60_000);

  it("exits quietly with its code when the reader closes the pipe early (no EPIPE crash)", () => {
    const dir = tempDir();
    expect(spawnSync(process.execPath, [path.join(ROOT, "scripts/gen-tree.mjs"), dir, "150"]).status).toBe(0);
    // 150 services make about 280 KB of JSON, more than a pipe holds: head has gone when svlint writes.
    const both = spawnSync(
      "bash",
      [
        "-c",
        `set -o pipefail; ${process.execPath} ${BIN} --no-config -f json ${dir} 2>/tmp/svlint-epipe-$$ | head -c 10 >/dev/null; echo $?; cat /tmp/svlint-epipe-$$; rm -f /tmp/svlint-epipe-$$`,
      ],
      { encoding: "utf8", timeout: 60000 },
    );
    const [code, ...stderr] = both.stdout.split("\n");
    expect(stderr.join("\n").trim()).toBe("");
    expect(code).toBe("1"); // the tree has errors: the lint's own exit code, not a crash's
  });

  it("shows progress on a terminal only: not in a pipe, with --quiet or a machine format", () => {
    const dir = tempDir();
    expect(spawnSync(process.execPath, [path.join(ROOT, "scripts/gen-tree.mjs"), dir, "150"]).status).toBe(0);
    const onTty = (args: string) =>
      spawnSync("script", ["-qfec", `${process.execPath} ${BIN} --no-config ${args} ${dir} > /dev/null`, "/dev/null"], {
        encoding: "utf8",
        timeout: 60000,
      }).stdout;
    expect(onTty("")).toMatch(/\rsvlint: 150\/150 services/);
    expect(onTty("--quiet")).not.toContain("services");
    expect(onTty("-f json")).not.toContain("services");
    expect(svlint(["--no-config", dir]).stderr).toBe("");
  });
});
