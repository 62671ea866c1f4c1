// Hostile input: every odd thing a directory can hold gets a diagnostic or a clear message —
// never a crash, a hang, a write, an execution or a leaked secret.
import { createHash } from "node:crypto";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { exitCodeFor } from "../src/cli.js";
import { ROOT, svlint } from "./cli-helpers.js";
import { TEST_PASSWD, tempDir, writeTree } from "./helpers.js";

const SECRET = "hunter2-SVLINT-SECRET-MARKER";
const HUGE_MARKER = "HUGE-SCRIPT-CONTENT-MARKER";
const LOG = "#!/bin/sh\nexec setuidgid nobody multilog t ./main\n";
const isRoot = process.getuid?.() === 0;

/** Builds the hostile scan directory; returns its path and the marker a run script would create. */
function hostileTree(): { root: string; marker: string } {
  const root = tempDir("svlint-hostile-");
  const marker = path.join(root, "EXECUTED");
  writeTree(root, {
    // A script that would leave a marker if anything ran it.
    "sv/trap/run": `#!/bin/sh\ntouch ${marker}\nexec sleep 1000\n`,
    "sv/trap/log/run": `#!/bin/sh\ntouch ${marker}.log\nexec setuidgid nobody multilog t ./main\n`,
    "sv/trap/env/DB_PASSWORD": { content: `${SECRET}\n`, mode: 0o644 },
    "sv/trap/env/API_TOKEN": { content: `${SECRET}-2\n`, mode: 0o640 },
    "sv/fifo/run": { fifo: true },
    "sv/fifo/log/run": { fifo: true },
    "sv/dirrun/run": { dir: true },
    "sv/dirrun/log/run": LOG,
    "sv/loop/run": "#!/bin/sh\nexec app\n",
    "sv/loop/log": { symlink: ".." },
    "sv/outside/run": "#!/bin/sh\nexec app\n",
    "sv/outside/log": { symlink: "/" },
    "sv/dangling/run": "#!/bin/sh\nexec app\n",
    "sv/dangling/log": { symlink: "/nonexistent/svlint/logger" },
    "sv/runlink/run": { symlink: "run" },
    "sv/runlink/log/run": LOG,
    "sv/binary/run": "#!/bin/sh\n\u0000\u0001\u0002ELF",
    "sv/binary/log/run": LOG,
    "sv/empty/run": "",
    "sv/empty/log/run": LOG,
    "sv/crlf/run": "#!/bin/sh\r\nexec 2>&1\r\nexec setuidgid app envdir ./env app\r\n",
    "sv/crlf/log/run": LOG,
    "sv/nesting/run": "#!/bin/sh\n" + "if true; then\n".repeat(3000) + "exec app 2>&1\n" + "fi\n".repeat(3000),
    "sv/nesting/log/run":
      "#!/bin/sh\nx=" + "$(echo ".repeat(2000) + "y" + ")".repeat(2000) + "\nexec setuidgid nobody multilog t ./main\n",
    "sv/bigenv/run": "#!/bin/sh\nexec envdir ./env app\n",
    "sv/bigenv/log/run": LOG,
    "scan/self": { symlink: "." },
    "scan/up": { symlink: ".." },
    "scan/trap": { symlink: "../sv/trap" },
    "scan/gone": { symlink: "/nonexistent/svlint/service" },
  });
  // Non-UTF-8 text (Latin-1 bytes) must be read, not rejected.
  writeTree(root, { "sv/latin1/log/run": LOG, "sv/huge/log/run": LOG });
  fs.writeFileSync(
    path.join(root, "sv/latin1/run"),
    Buffer.from("#!/bin/sh\n# caf\xe9 \xff\nexec app 2>&1\n", "latin1"),
    { mode: 0o755 },
  );
  // A 30 MB run script, never read.
  fs.writeFileSync(path.join(root, "sv/huge/run"), `#!/bin/sh\n# ${HUGE_MARKER}\n` + "x".repeat(30 * 1024 * 1024), {
    mode: 0o755,
  });
  // An env dir with 5,000 files.
  fs.mkdirSync(path.join(root, "sv/bigenv/env"), { mode: 0o700 });
  for (let i = 0; i < 5000; i++)
    fs.writeFileSync(path.join(root, `sv/bigenv/env/V${i}`), `${SECRET}\n`, { mode: 0o600 });
  // A socket named run (python leaves the socket file behind).
  fs.mkdirSync(path.join(root, "sv/socket/log"), { recursive: true });
  spawnSync("python3", [
    "-c",
    `import socket; s = socket.socket(socket.AF_UNIX); s.bind(${JSON.stringify(path.join(root, "sv/socket/run"))})`,
  ]);
  // A device named run (only root can make one).
  if (isRoot) {
    fs.mkdirSync(path.join(root, "sv/device/log"), { recursive: true });
    spawnSync("mknod", [path.join(root, "sv/device/run"), "c", "1", "3"]);
  }
  return { root, marker };
}

/** Contents (regular files only: FIFOs, sockets and devices are never opened), modes, sizes, mtimes. */
function fingerprintTree(root: string): Map<string, string> {
  const out = new Map<string, string>();
  const stack = [root];
  while (stack.length > 0) {
    const dir = stack.pop()!;
    for (const name of fs.readdirSync(dir)) {
      const p = path.join(dir, name);
      const st = fs.lstatSync(p);
      let content = "";
      if (st.isFile()) content = createHash("sha256").update(fs.readFileSync(p)).digest("hex");
      else if (st.isSymbolicLink()) content = fs.readlinkSync(p);
      else if (st.isDirectory()) stack.push(p);
      out.set(path.relative(root, p), `${st.mode.toString(8)} ${st.size} ${st.mtimeMs} ${content}`);
    }
  }
  return out;
}

describe("hostile tree", () => {
  const { root, marker } = hostileTree();
  const before = fingerprintTree(root);
  const runs = Object.fromEntries(
    ["stylish", "json", "sarif", "gcc", "github"].map((f) => [
      f,
      svlint(["-f", f, "--no-config", "--context", "live", "sv", "scan"], { cwd: root }),
    ]),
  );

  it("finishes every format with findings (exit 1), a parseable report and no crash", () => {
    for (const [format, r] of Object.entries(runs)) {
      expect([format, r.code]).toEqual([format, 1]);
      expect(r.stderr).not.toMatch(/\n\s+at |internal error|RangeError|TypeError/);
    }
    expect(() => JSON.parse(runs.json!.stdout)).not.toThrow();
    expect(() => JSON.parse(runs.sarif!.stdout)).not.toThrow();
  });

  it("says what each odd file is", () => {
    const json = JSON.parse(runs.json!.stdout) as Array<{
      filePath: string;
      messages: Array<{ ruleId: string; message: string }>;
    }>;
    const about = (rel: string): string[] =>
      json
        .filter((f) => f.filePath === path.join(root, rel))
        .flatMap((f) => f.messages.map((m) => `${m.ruleId}: ${m.message}`));
    expect(about("sv/fifo/run").join()).toMatch(/unreadable-file: `run` is a named pipe \(FIFO\)/);
    expect(about("sv/dirrun/run").join()).toMatch(/unreadable-file: `run` is a directory/);
    expect(about("sv/socket/run").join()).toMatch(/unreadable-file: `run` is a socket/);
    if (isRoot) expect(about("sv/device/run").join()).toMatch(/unreadable-file: `run` is a device file/);
    expect(about("sv/runlink/run").join()).toMatch(/unreadable-file: .*symbolic link that leads nowhere/);
    expect(about("sv/huge/run").join()).toMatch(/unreadable-file: This script is 31457\d+ bytes, over svlint's limit/);
    expect(about("sv/binary/run").join()).toMatch(/unreadable-file: This script holds NUL bytes/);
    expect(about("sv/dangling/run").join()).toMatch(
      /log-run-present: `log` is a symbolic link to `\/nonexistent\/svlint\/logger`/,
    );
    expect(about("sv/crlf/run").join()).toMatch(/setuidgid-last/);
    expect(about("sv/nesting/run")).toEqual([]);
    expect(about("sv/latin1/run")).toEqual([]);
    expect(about("sv/empty/run")).toEqual([expect.stringMatching(/^shebang: `run` does not start with a `#!` line/)]);
    expect(about("sv/crlf/run").join()).toMatch(/shebang: The `#!` line of `run` ends with a carriage return/);
    // 5,000 private env files: nothing to report, nothing printed.
    expect(json.filter((f) => f.filePath.includes("/sv/bigenv/"))).toHaveLength(2);
    expect(runs.stylish!.stderr).toContain("scan/gone: symbolic link that leads nowhere");
  });

  it("never executes a script", () => {
    expect(fs.existsSync(marker)).toBe(false);
    expect(fs.existsSync(`${marker}.log`)).toBe(false);
  });

  it("never prints a secret or a huge script's content, in any format", () => {
    for (const r of Object.values(runs)) {
      expect(r.stdout + r.stderr).not.toContain("hunter2");
      expect(r.stdout + r.stderr).not.toContain(HUGE_MARKER);
    }
    expect(runs.json!.stdout).toContain("env/DB_PASSWORD"); // named, not shown
  });

  it("changes nothing on disk (contents, modes, sizes, mtimes)", () => {
    expect(fingerprintTree(root)).toEqual(before);
  });
});

describe("read-only on every fixture and example", () => {
  it.each(["fixtures", "examples"])("%s", (dir) => {
    const abs = path.join(ROOT, dir);
    const before = fingerprintTree(abs);
    for (const f of ["stylish", "json", "sarif"]) svlint(["-f", f, "--no-config", dir]);
    expect(fingerprintTree(abs)).toEqual(before);
  });
});

describe("exit codes", () => {
  it("a rule that crashed makes the run exit 2, whatever else was found", () => {
    expect(exitCodeFor({ ruleErrorCount: 1, errorCount: 0, warningCount: 0 })).toBe(2);
    expect(exitCodeFor({ ruleErrorCount: 1, errorCount: 5, warningCount: 0 })).toBe(2);
    expect(exitCodeFor({ ruleErrorCount: 0, errorCount: 1, warningCount: 0 })).toBe(1);
    expect(exitCodeFor({ ruleErrorCount: 0, errorCount: 0, warningCount: 3 }, 2)).toBe(1);
    expect(exitCodeFor({ ruleErrorCount: 0, errorCount: 0, warningCount: 3 })).toBe(0);
  });
});

(isRoot ? describe : describe.skip)("as an unprivileged user", () => {
  it("reports what it cannot read and still lints the rest", () => {
    const root = tempDir("svlint-unpriv-");
    fs.chmodSync(root, 0o755);
    writeTree(root, {
      "ok/run": "#!/bin/sh\nexec setuidgid app envdir ./env app 2>&1\n",
      "ok/log/run": LOG,
      "secret/run": { content: "#!/bin/sh\nexec app\n", mode: 0o700 },
      "secret/log/run": LOG,
      "closed/run": "#!/bin/sh\nexec app\n",
    });
    fs.chmodSync(path.join(root, "closed"), 0o700);
    // Load svlint (API, parser, formatter) as root, then drop to nobody and lint: the checkout
    // itself may not be readable by nobody (CI clones into a 0700 temp dir); the tree under test is
    // what matters. The already-loaded API is called directly, since a dynamic import would have
    // to resolve its path again.
    const dist = (rel: string) => JSON.stringify(path.join(ROOT, "dist", rel));
    const script = `
      const { lint } = await import(${dist("index.js")});
      const { parseFlat } = await import(${dist("parse/shell.js")});
      const { default: json } = await import(${dist("formatters/json.js")});
      parseFlat("true");
      process.setgroups([]); process.setgid(65534); process.setuid(65534);
      const report = await lint([${JSON.stringify(root)}], { noConfig: true, concurrency: "off", passwd: ${JSON.stringify(TEST_PASSWD)} });
      console.log(JSON.stringify({ warnings: report.warnings, results: JSON.parse(json(report, { cwd: "/" })), errors: report.errorCount }));`;
    const r = spawnSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8", timeout: 30000 });
    expect(r.stderr).toBe("");
    const out = JSON.parse(r.stdout) as {
      warnings: Array<{ path: string; message: string }>;
      errors: number;
      results: Array<{ filePath: string; messages: Array<{ ruleId: string; message: string }> }>;
    };
    expect(out.warnings).toEqual([
      { path: path.join(root, "closed"), message: "cannot list directory: permission denied" },
    ]);
    const msgs = (rel: string) =>
      out.results.filter((f) => f.filePath === path.join(root, rel)).flatMap((f) => f.messages);
    expect(msgs("secret/run")).toEqual([
      expect.objectContaining({ ruleId: "unreadable-file", message: expect.stringContaining("permission denied") }),
    ]);
    expect(msgs("ok/run").map((m) => m.ruleId)).toEqual(["setuidgid-last"]);
    expect(out.errors).toBe(2);
  });
});

describe("an untrusted checkout", () => {
  it("does not read scripts or logger configs that link out of the repository, so never quotes them", () => {
    const outside = tempDir();
    const secret = "svlint-outside-secret-line";
    // A file shaped so that rules would quote it if it were read as a run script.
    writeTree(outside, { "secret.sh": `#!/bin/sh\n${secret} --now\n`, "logdir/config": `${secret}\n` });
    const repo = tempDir();
    writeTree(repo, {
      ".git/HEAD": "ref: refs/heads/main\n",
      "svc/run": { symlink: path.join(outside, "secret.sh") },
      "svc/log/run": "#!/bin/sh\nexec chpst -u log svlogd -tt ./main\n",
      "svc/log/main": { symlink: path.join(outside, "logdir") },
    });
    const r = svlint(["-f", "json", "--no-config", path.join(repo, "svc")]);
    expect(r.stdout).not.toContain(secret);
    const results = JSON.parse(r.stdout) as Array<{
      filePath: string;
      messages: Array<{ ruleId: string; message: string }>;
    }>;
    const run = results.find((f) => f.filePath.endsWith("/svc/run"))!;
    expect(run.messages.map((m) => m.ruleId)).toContain("unreadable-file");
    expect(run.messages.find((m) => m.ruleId === "unreadable-file")!.message).toContain("link out of the repository");
    // The same link on a live tree (a deployed service pointing at a shared script) is read.
    const live = svlint(["-f", "json", "--no-config", "--context", "live", path.join(repo, "svc")]);
    expect(live.stdout).not.toContain("link out of the repository");
  });
});
