// Ground truth: each rule's claim, shown with the real binaries from Debian's packages on a bad and
// a good fixture, and svlint's verdict on the same fixtures. The run writes docs/ground-truth.md
// from what it observed (rows are added only by tests whose assertions passed). The last block
// fixes the bad fixtures and the seed with the built CLI (bin/svlint.js, as test/cli-helpers.ts
// runs it): build first, as `npm test` does.
import { spawn, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import type { Edit } from "../../src/engine/rule.js";
import { applyEdits } from "../../src/fix/fixer.js";
import { RULES } from "../../src/rules/index.js";
import { svlint } from "../cli-helpers.js";
import { findings, lintWith, tempDir, writeTree, type TreeSpec } from "../helpers.js";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const have = (cmd: string): boolean => spawnSync("sh", ["-c", `command -v ${cmd}`]).status === 0;
const tools = [
  "setuidgid",
  "envdir",
  "softlimit",
  "multilog",
  "svscan",
  "supervise",
  "chpst",
  "s6-setuidgid",
  "s6-envdir",
];
// A missing binary is an error, never a silent skip (`npm test` checks the packages first:
// scripts/prereqs.mjs). Without root (the fixtures chown and drop privileges) the suite is skipped, with a notice.
if (!tools.every(have)) throw new Error("ground-truth tests need daemontools, runit and s6: run `npm run prereqs`");
const ready = process.getuid?.() === 0;
if (!ready && process.env.CI) throw new Error("ground-truth tests need root in CI");
if (!ready) console.warn("ground truth skipped: it needs root (the fixtures change owners and drop privileges)");
const truth = ready ? describe : describe.skip;

const version = (pkg: string): string =>
  spawnSync("dpkg-query", ["-W", "-f=${Version}", pkg], { encoding: "utf8" }).stdout.trim() || "unknown";
const DAEMONTOOLS = `daemontools ${version("daemontools")}`;
const COREUTILS = `coreutils ${version("coreutils")}`;
const RUNIT = `runit ${version("runit")}`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** Whether a process whose command line is exactly `cmdline` is running. */
const running = (cmdline: string): boolean => spawnSync("pgrep", ["-fx", cmdline]).status === 0;

interface Row {
  rule: string;
  fixture: string;
  binary: string;
  bad: string;
  good: string;
}
const rows: Row[] = [];
/** The seed cases after `svlint --fix --fix-unsafe`, run under svscan. */
const seedRows: Array<{ name: string; changed: string; left: string; observed: string }> = [];
/** The same with the first suggestion of each finding left applied. */
const suggestedRows: typeof seedRows = [];

/** A temp dir that the unprivileged account can enter (mkdtemp makes 0700). */
function openTemp(): string {
  const d = tempDir("svlint-truth-");
  fs.chmodSync(d, 0o755);
  return d;
}

/** A service dir inside an open temp dir. */
function service(spec: TreeSpec): string {
  const dir = path.join(openTemp(), "svc");
  writeTree(dir, spec);
  fs.chmodSync(dir, 0o755);
  return dir;
}

function sh(script: string, cwd: string, input?: string) {
  const r = spawnSync("sh", ["-c", script], {
    cwd,
    encoding: "utf8",
    timeout: 15000,
    input,
    env: { ...process.env, LC_ALL: "C" },
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/**
 * Runs a supervisor (svscan, supervise) for `ms` milliseconds in its own process group and returns
 * what it printed. The group is stopped by pid: TERM, then KILL after 2 s, then KILL again for
 * children that outlived their parent (svscan's supervise processes do).
 */
async function supervisorOutput(cmd: string, args: string[], cwd: string, ms: number): Promise<string> {
  const p = spawn(cmd, args, { cwd, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  p.stdout.on("data", (d) => (out += d));
  p.stderr.on("data", (d) => (out += d));
  await new Promise((r) => setTimeout(r, ms));
  const exited = new Promise((r) => p.once("exit", r));
  process.kill(-p.pid!, "SIGTERM");
  const kill = setTimeout(() => process.kill(-p.pid!, "SIGKILL"), 2000);
  await exited;
  clearTimeout(kill);
  try {
    process.kill(-p.pid!, "SIGKILL");
  } catch {
    // the group is already gone
  }
  return out;
}

// The fixtures run their logger as root (so that it can create its directory in a root-owned temp
// dir) and most leave stderr alone; logger-privileges and stderr-to-log have their own rows and
// are left out of the others' verdicts.
const HYGIENE = ["logger-privileges", "stderr-to-log"];
/** Off-by-default rules that a row turns on. */
const SLEEP_DEPENDENCY = RULES.filter((r) => r.meta.id === "sleep-dependency");
const ruleIdsOf = (dir: string, keep: string[] = []): string[] =>
  findings(dir, lintWith(dir, RULES, "live"))
    .map((f) => f.ruleId)
    .filter((id) => !HYGIENE.includes(id) || keep.includes(id));
const LOGRUN_OK = "#!/bin/sh\nexec multilog t ./main\n";

// ---- Fixtures shared by a rule's row and its row "after svlint --fix" (the last block) ----

const GREETING_ENV = { "env/GREETING": { content: "hello\n", mode: 0o600 }, env: { dir: true, mode: 0o700 } } as const;
/** A run that prints GREETING, read from a 0700 env dir by the chain `chain`. */
const greetingService = (chain: string): string =>
  service({ run: `#!/bin/sh\nexec ${chain} sh -c 'echo "$GREETING"'\n`, "log/run": LOGRUN_OK, ...GREETING_ENV });
/** setuidgid-last's bad chains, by suite, and what the env reader then says. */
const SETUIDGID_BAD = {
  daemontools: {
    chain: "setuidgid nobody envdir ./env",
    error: "envdir: fatal: unable to switch to directory ./env: access denied",
  },
  runit: {
    chain: "chpst -u nobody envdir ./env",
    error: "envdir: fatal: unable to switch to directory ./env: access denied",
  },
  s6: {
    chain: "s6-setuidgid nobody s6-envdir ./env",
    error: "s6-envdir: fatal: unable to envdir ./env: Permission denied",
  },
} as const;

/** A root multilog into PARENT/app, PARENT missing (mkdir-before-multilog). */
function missingParentLogger(): { dir: string; missing: string } {
  const missing = path.join(openTemp(), "no-such-parent", "app");
  return {
    dir: service({ "log/run": `#!/bin/sh\nexec multilog t ${missing}\n`, run: "#!/bin/sh\nexec true\n" }),
    missing,
  };
}
const RUN_APP = "#!/bin/sh\nexec 2>&1\nexec app\n";
/** svlogd into ./main, which does not exist (mkdir-before-multilog). */
const svlogdWithoutDir = (): string => service({ run: RUN_APP, "log/run": "#!/bin/sh\nexec svlogd -tt ./main\n" });
/** s6-log into DIR/x/y, DIR/x missing (mkdir-before-multilog). */
const s6logWithoutParent = (): string =>
  service({ run: RUN_APP, "log/run": `#!/bin/sh\nexec s6-log t ${path.join(openTemp(), "x/y")}\n` });

/** A daemon that writes a line to each stream (stderr-redirect-order, stderr-to-log). */
const BOTH_STREAMS = "sh -c 'echo to-stdout; echo to-stderr >&2'";
/** `exec 2>&1` after the final exec (stderr-redirect-order). */
const lateMerge = (): string => service({ run: `#!/bin/sh\nexec ${BOTH_STREAMS}\nexec 2>&1\n`, "log/run": LOGRUN_OK });
/** `2>&1 >FILE` on a setup command (stderr-redirect-order). */
function mergeBeforeFile(): { dir: string; file: string } {
  const file = path.join(openTemp(), "init.log");
  return {
    dir: service({ run: `#!/bin/sh\n${BOTH_STREAMS} 2>&1 >${file}\nexec true\n`, "log/run": LOGRUN_OK }),
    file,
  };
}
/** What reaches the log pipe from `./run` (the supervisor pipes stdout into the logger; `| cat` stands for it). */
const viaPipe = (dir: string): string => sh("./run 2>/dev/null | cat", dir).out;

/** shebang's bad runs. */
const NO_SHEBANG = "exec sleep 60\n";
const CRLF_SHEBANG = "#!/bin/sh\r\nexec sleep 60\r\n";
/** supervise started inside the service directory, as svscan does. */
const superviseOutput = (dir: string): Promise<string> => supervisorOutput("supervise", ["."], dir, 1500);

/** An env dir read by envdir before setuidgid, with a secret's modes (env-dir-permissions). */
const tokenService = (fileMode: number, dirMode: number): string =>
  service({
    run: "#!/bin/sh\nexec envdir ./env setuidgid app app\n",
    "log/run": LOGRUN_OK,
    "env/TOKEN": { content: "not-a-real-secret\n", mode: fileMode },
    env: { dir: true, mode: dirMode },
  });

/** A run of mode `mode` (run-executable). */
const modedRun = (mode: number): string =>
  service({ run: { content: "#!/bin/sh\nexec sleep 60\n", mode }, "log/run": LOGRUN_OK });
/** A service whose `check` exits 1, of mode `mode` (run-executable). */
const failingCheck = (mode: number): string =>
  service({ run: "#!/bin/sh\nexec sleep 60\n", check: { content: "#!/bin/sh\nexit 1\n", mode }, "log/run": LOGRUN_OK });
/** `sv check` (or `sv status`) on a service while runsv supervises it. */
async function underRunsv(dir: string, command: "check" | "status"): Promise<{ code: number | null; out: string }> {
  const sup = supervisorOutput("runsv", [dir], "/", 3500);
  await sleep(1200);
  const r = spawnSync("sv", ["-w", "1", command, dir], { encoding: "utf8" });
  await sup;
  return { code: r.status, out: r.stdout };
}

/** A daemon (`sleep N`, N naming it) started by sh without exec (exec-daemon). */
const noExec = (n: number): string => service({ run: `#!/bin/sh\nsleep ${n}\n`, "log/run": LOGRUN_OK });
/**
 * Whether `cmdline` runs under supervise, and still runs after `svc -d`. Checked while supervise
 * still runs: stopping its process group at the end kills strays too.
 */
async function runningAfterDown(dir: string, cmdline: string): Promise<[boolean, boolean]> {
  const sup = supervisorOutput("supervise", ["."], dir, 3000);
  await sleep(1000);
  const before = running(cmdline);
  spawnSync("svc", ["-d", "."], { cwd: dir });
  await sleep(700);
  const after = running(cmdline);
  await sup;
  return [before, after];
}

/** An env dir of private files read by envdir (env-file-format). */
const envFileService = (files: Record<string, string>): string =>
  service({
    run: "#!/bin/sh\nexec envdir ./env app\n",
    "log/run": LOGRUN_OK,
    ...Object.fromEntries(Object.entries(files).map(([k, v]) => [k, { content: v, mode: 0o600 }])),
    env: { dir: true, mode: 0o700 },
  });
const ENV_FILES_BAD = { "env/MULTI": "line1\nline2\n", "env/CR": "db.local\r\n", "env/A=B": "y\n" };
const ENV_FILES_GOOD = { "env/MULTI": "line1\n", "env/CR": "db.local\n", "env/A": "B=y\n" };
const ENV_READERS = ["envdir ./env", "chpst -e ./env", "s6-envdir ./env"] as const;
/** What a reader sets MULTI, CR and A to. */
const envRead = (reader: string, dir: string): string =>
  sh(`${reader} sh -c 'printf "%s|%s|%s" "$MULTI" "$CR" "$A"'`, dir).out;

/** A scan directory whose one service, `svc`, runs `run` and logs with multilog (stderr-to-log). */
function multilogScan(run: string): string {
  const root = path.join(openTemp(), "scan");
  writeTree(root, { "svc/run": run, "svc/log/run": "#!/bin/sh\nexec multilog t ./main\n" });
  return root;
}
const STDERR_DAEMON = "sh -c 'echo to-stdout; echo to-stderr >&2; exec sleep 60'";
/** The lines multilog wrote in the scan's svc/log/main/current, without their stamps. */
const logged = (root: string): string =>
  fs.readFileSync(path.join(root, "svc/log/main/current"), "utf8").replace(/^@\S+ /gm, "");

/**
 * A service whose log/run is `exec LOGGER` (multilog-script, s6-log-script, svlogd-config), with
 * `log/main` present for svlogd only (multilog and s6-log create it; svlogd needs it).
 */
function loggerService(logger: string): string {
  const dir = service({ run: RUN_APP, "log/run": `#!/bin/sh\nexec ${logger}\n`, "log/main": { dir: true } });
  if (!logger.startsWith("svlogd")) fs.rmdirSync(path.join(dir, "log/main"));
  return dir;
}
/** Logger scripts each logger refuses or ignores (multilog-script, s6-log-script, svlogd-config). */
const LOGGER_SCRIPTS = [
  {
    rule: "multilog-script",
    binary: DAEMONTOOLS,
    bad: "multilog t main",
    good: "multilog t ./main",
    fixed: "multilog t ./main",
    expectBad: (r: { code: number | null; err: string }, dir: string) => {
      expect(r.code).toBe(0);
      expect(fs.readdirSync(path.join(dir, "log")).sort()).toEqual(["run"]);
    },
    badSays: "exit 0, nothing written anywhere (`main` is silently ignored)",
  },
  {
    rule: "s6-log-script",
    binary: `s6 ${version("s6")}`,
    bad: "s6-log t main",
    good: "s6-log t ./main",
    fixed: "s6-log t ./main",
    expectBad: (r: { code: number | null; err: string }) => {
      expect(r.code).toBe(100);
      expect(r.err).toContain("s6-log: fatal: unrecognized directive: main");
    },
    badSays: "exit 100, `s6-log: fatal: unrecognized directive: main`",
  },
  {
    rule: "svlogd-config",
    binary: RUNIT,
    bad: "svlogd -tt -l 2000 ./main",
    good: "svlogd -tt -l 2000 -b 4096 ./main",
    // -b one above -l: the line length the script asks for, with a buffer svlogd accepts.
    fixed: "svlogd -tt -l 2000 -b 2001 ./main",
    expectBad: (r: { code: number | null; err: string }) => {
      expect(r.code).toBe(111);
      expect(r.err).toContain("usage: svlogd");
    },
    badSays: "exit 111, `usage: svlogd [-ttv] … [-l len] [-b buflen] dir ...`",
  },
];
/** log/run fed one line, as supervise runs it (inside log/). */
const feedLogger = (dir: string) => sh("echo hello | timeout 3 ./run", path.join(dir, "log"));

/** BusyBox acpid run as `./acpid FLAGS…` with its paths in the fixture (foreground-daemon). */
function acpidService(flags: string): { dir: string; pattern: string; args: string } {
  // The daemon changes to / once it forks, so its paths are absolute (and name the fixture).
  const dir = service({
    "log/run": LOGRUN_OK,
    acpid: { symlink: "/usr/bin/busybox" },
    conf: { dir: true },
    events: { fifo: true },
  });
  const args = `-c ${dir}/conf -e ${dir}/events -l ${dir}/acpid.log -p ${dir}/acpid.pid`;
  writeTree(dir, { run: `#!/bin/sh\nexec 2>&1\nexec ./acpid ${flags}${args}\n` });
  return { dir, pattern: `acpid ${flags}${args}`, args };
}
/** How many processes match `pattern`. */
const count = (pattern: string): number =>
  Number(spawnSync("pgrep", ["-fc", pattern], { encoding: "utf8" }).stdout.trim() || "0");
/** How many acpid copies run after supervise ran the service 3 s, and after `svc -d` stopped it. */
async function acpidAfterDown(f: { dir: string; pattern: string }): Promise<[number, number]> {
  const sup = supervisorOutput("supervise", ["."], f.dir, 4000);
  await sleep(3000);
  const during = count(f.pattern);
  spawnSync("svc", ["-d", "."], { cwd: f.dir });
  await sleep(500);
  const after = count(f.pattern);
  await sup;
  return [during, after];
}

/** clamd configurations with a one-signature database: one that forks, one with `Foreground yes`. */
function clamdConfs(): { dir: string; forks: string; stays: string } {
  // Not skipped when missing: the suite's other binaries are here, so this one must be too.
  if (!have("clamd")) throw new Error("clamd is missing: run `npm run prereqs`");
  const dir = openTemp();
  // One EICAR signature is database enough for clamd to start.
  writeTree(dir, {
    "db/test.ndb":
      "Eicar-Test-Signature:0:*:58354f2150254041505b345c505a58353428505e2937434329377d2443432937437d24454943\n",
  });
  const conf = (name: string, extra: string) => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, `DatabaseDirectory ${dir}/db\nLocalSocket ${dir}/${name}.sock\nUser root\n${extra}`);
    return file;
  };
  return { dir, forks: conf("forks.conf", ""), stays: conf("stays.conf", "Foreground yes\n") };
}
const clamdService = (config: string): string =>
  service({ run: `#!/bin/sh\nexec 2>&1\nexec clamd -c ${config}\n`, "log/run": LOGRUN_OK });

/**
 * Runs the built `svlint --fix` on a service as a user would (test/cli-helpers.ts), with unsafe
 * fixes and modes when asked, and the hygiene rules off unless kept (as the verdicts leave them
 * out: their fixes would change the fixture too). Returns the command, for the row.
 */
function svlintFix(dir: string, opts: { unsafe?: boolean; modes?: boolean; keep?: string[] } = {}): string {
  const flags = ["--fix", ...(opts.unsafe ? ["--fix-unsafe"] : []), ...(opts.modes ? ["--fix-modes"] : [])];
  const off = HYGIENE.filter((id) => !opts.keep?.includes(id)).flatMap((id) => ["--rule", `${id}:off`]);
  const r = svlint([...flags, ...off, "--no-config", "--context", "live", dir]);
  expect(r.stderr).not.toMatch(/internal error|fix not applied|not written/);
  expect(r.code).not.toBe(2);
  return `\`svlint ${flags.join(" ")}\``;
}
const read = (dir: string, file: string): string => fs.readFileSync(path.join(dir, file), "utf8");
const modeOf = (dir: string, file: string): number => fs.statSync(path.join(dir, file)).mode & 0o7777;
/** supervise run inside the service for 2 s, and what `svstat .` said after 1.2 s. */
async function superviseStatus(dir: string): Promise<{ out: string; status: string }> {
  // Polled: on a loaded machine supervise may take a while to start the run.
  const sup = supervisorOutput("supervise", ["."], dir, 3000);
  let status = "";
  for (let waited = 0; waited < 2700 && !status.includes(": up "); waited += 150) {
    await sleep(150);
    status = spawnSync("svstat", ["."], { cwd: dir, encoding: "utf8" }).stdout.trim();
  }
  return { out: await sup, status };
}
/** Lints a service with all rules, these off-by-default ones turned on, hygiene rules left out. */
const ruleIdsWith = (dir: string, on: readonly (typeof RULES)[number][]): string[] =>
  findings(dir, lintWith(dir, RULES, "live", on))
    .map((f) => f.ruleId)
    .filter((id) => !HYGIENE.includes(id));

let nextSshPort = 42000 + (process.pid % 1000) * 2;
/**
 * An sshd service on a high port of 127.0.0.1, with a temporary host key and config passed with
 * `-f` (never /etc/ssh). sshd needs its privilege separation directory, /run/sshd.
 */
function sshdService(flags: string): { dir: string; port: number } {
  const port = nextSshPort++;
  const dir = service({ "log/run": LOGRUN_OK });
  const etc = path.join(path.dirname(dir), "ssh");
  fs.mkdirSync(etc, { mode: 0o755 });
  expect(spawnSync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", `${etc}/host_key`]).status).toBe(0);
  fs.writeFileSync(
    `${etc}/sshd_config`,
    `Port ${port}\nListenAddress 127.0.0.1\nHostKey ${etc}/host_key\nPidFile none\nUsePAM no\n`,
  );
  fs.mkdirSync("/run/sshd", { recursive: true, mode: 0o755 });
  fs.writeFileSync(
    path.join(dir, "run"),
    `#!/bin/sh\nexec 2>&1\nexec /usr/sbin/sshd ${flags} -f ${etc}/sshd_config\n`,
    {
      mode: 0o755,
    },
  );
  return { dir, port };
}
/** clamd as a service, its config without `User` and with its socket in a directory nobody owns. */
function clamdAsService(drop: string): { dir: string; conf: string } {
  if (!have("clamd")) throw new Error("clamd is missing: run `npm run prereqs`");
  const dir = service({ "log/run": LOGRUN_OK });
  const top = path.dirname(dir);
  writeTree(top, {
    "db/test.ndb":
      "Eicar-Test-Signature:0:*:58354f2150254041505b345c505a58353428505e2937434329377d2443432937437d24454943\n",
  });
  fs.mkdirSync(`${top}/sock`, { mode: 0o755 });
  fs.chownSync(`${top}/sock`, Number(spawnSync("id", ["-u", "nobody"], { encoding: "utf8" }).stdout.trim()), 0);
  const conf = `${top}/clamd.conf`;
  fs.writeFileSync(conf, `DatabaseDirectory ${top}/db\nLocalSocket ${top}/sock/clamd.sock\nForeground yes\n`);
  fs.writeFileSync(path.join(dir, "run"), `#!/bin/sh\nexec 2>&1\nexec ${drop}clamd -c ${conf}\n`, { mode: 0o755 });
  return { dir, conf };
}
/** Runs `supervise .` in the service while `body` runs, then stops it (svc -dx, then its group). */
async function underSupervise<T>(dir: string, body: () => Promise<T>): Promise<T> {
  const p = spawn("supervise", ["."], { cwd: dir, detached: true, stdio: "ignore" });
  try {
    return await body();
  } finally {
    spawnSync("svc", ["-dx", "."], { cwd: dir });
    await sleep(300);
    try {
      process.kill(-p.pid!, "SIGKILL");
    } catch {
      // the group is already gone
    }
  }
}
/** The pid `svstat .` shows as up, polled for up to 5 s (another than `not` when given); 0 if none. */
async function upPid(dir: string, not?: number): Promise<number> {
  for (let waited = 0; waited < 5000; waited += 100) {
    const out = spawnSync("svstat", ["."], { cwd: dir, encoding: "utf8" }).stdout;
    const pid = Number(/: up \(pid (\d+)\)/.exec(out)?.[1] ?? 0);
    if (pid > 0 && pid !== not) return pid;
    await sleep(100);
  }
  return 0;
}
/** One connection to the port: `ssh-keyscan`, retried while sshd is still binding. */
function keyscan(port: number): string {
  for (let i = 0; i < 20; i++) {
    const r = spawnSync("ssh-keyscan", ["-T", "3", "-t", "ed25519", "-p", String(port), "127.0.0.1"], {
      encoding: "utf8",
    });
    if (r.stdout.includes("ssh-")) return r.stdout;
    spawnSync("sleep", ["0.2"]);
  }
  return "";
}
/**
 * Kills, by pid, the processes whose command line matches `pattern`: only patterns that name
 * what this suite started (a temp path, a sleep length of its own).
 */
function killMatching(pattern: string): void {
  const pids = spawnSync("pgrep", ["-f", pattern], { encoding: "utf8" }).stdout.split("\n").filter(Boolean);
  for (const pid of pids)
    try {
      process.kill(Number(pid), "SIGKILL");
    } catch {
      // already gone
    }
}

// ---- The seed fixtures (fixtures/seed), fixed and run under svscan ----

const SEED = path.join(ROOT, "fixtures/seed");
const SEED_CASES = fs
  .readdirSync(SEED)
  .filter((n) => fs.existsSync(path.join(SEED, n, "run")))
  .sort();
/** Stands in for metricsd, which this machine does not have: a line to each stream, 3 a second. */
const METRICSD_STAND_IN =
  '#!/bin/sh\n# stands in for metricsd\nwhile :; do\n  echo "metricsd: to stdout"\n  echo "metricsd: to stderr" >&2\n  sleep 0.3\ndone\n';
const STDERR_FIX = "`exec 2>&1` added before the daemon's exec (stderr-to-log)";
const CHOWN_FIX = `${STDERR_FIX}; \`chown -R metrics:metrics\` given the directory made just before it, the logger's (chown-target)`;
/** Where the daemon's lines end up: multilog's `current` in the case's log directory or in `log/main`, or cat's file. */
type SeedLogs = { to: "DIR"; owner: "root" | "nobody" } | { to: "log/main"; owner: "root" | "nobody" } | { to: "FILE" };
/**
 * What --fix --fix-unsafe does to each seed case (the files it changes, the findings left) and
 * where the fixed case's lines then go under svscan; and, for a case with findings left, the same
 * once the first suggestion of each is applied, as an editor would (--fix never applies them).
 */
const SEED_RUNS: Record<
  string,
  { changed: string[]; how?: string; left: string[]; logs: SeedLogs; suggested?: { left: string[]; logs: SeedLogs } }
> = {
  "1-cat-logger": {
    changed: ["run"],
    how: STDERR_FIX,
    left: ["no-cat-logging"],
    logs: { to: "FILE" },
    // A root cat becomes a root logger, which logger-privileges reports (docs/rules/no-cat-logging.md).
    suggested: { left: ["logger-privileges"], logs: { to: "log/main", owner: "root" } },
  },
  "2-multilog-without-mkdir": {
    changed: ["run"],
    how: STDERR_FIX,
    left: ["logger-privileges"],
    logs: { to: "DIR", owner: "root" },
    suggested: { left: [], logs: { to: "DIR", owner: "nobody" } },
  },
  "3-multilog-as-root": {
    changed: ["run"],
    how: STDERR_FIX,
    left: ["logger-privileges"],
    logs: { to: "DIR", owner: "root" },
    suggested: { left: [], logs: { to: "DIR", owner: "nobody" } },
  },
  "4-chown-without-target": {
    changed: ["run", "log/run"],
    how: CHOWN_FIX,
    left: [],
    logs: { to: "DIR", owner: "nobody" },
  },
  "5-stderr-and-chown": {
    changed: ["run", "log/run"],
    how: CHOWN_FIX,
    left: [],
    logs: { to: "DIR", owner: "nobody" },
  },
  "6-corrected": { changed: [], left: [], logs: { to: "DIR", owner: "nobody" } },
};

/** Asserts where a seed service's lines went under svscan and says it for the row. `varLog` stands for its /var/log. */
function seedObserved(svc: string, varLog: string, logs: SeedLogs): string {
  const dirCurrent = path.join(varLog, "metrics/current");
  const file = {
    DIR: dirCurrent,
    "log/main": path.join(svc, "log/main/current"),
    FILE: path.join(varLog, "metrics.log"),
  }[logs.to];
  const lines = fs.readFileSync(file, "utf8").split("\n").filter(Boolean);
  const stamp = logs.to === "FILE" ? "" : "@4000[0-9a-f]{20} ";
  const of = (stream: string) => lines.filter((l) => new RegExp(`^${stamp}metricsd: to ${stream}$`).test(l)).length;
  // Both streams, and nothing else: every line is one of the daemon's, whole.
  expect([of("stdout") > 0, of("stderr") > 0, of("stdout") + of("stderr")]).toEqual([true, true, lines.length]);
  if (logs.to === "FILE") {
    expect(fs.existsSync(path.join(varLog, "metrics"))).toBe(false);
    return "the logger is still `cat`: `FILE` got the daemon's stdout and stderr lines, unstamped; nothing rotates";
  }
  const nobody = Number(spawnSync("id", ["-u", "nobody"], { encoding: "utf8" }).stdout.trim());
  expect(fs.statSync(file).uid).toBe(logs.owner === "nobody" ? nobody : 0);
  return `multilog started and wrote \`${logs.to}/current\`, owned by ${logs.owner}: the daemon's stdout and stderr lines, stamped`;
}

truth("ground truth: the real supervisors agree with svlint", () => {
  afterAll(() => {
    if (rows.length === 0) return;
    const lines = [
      "# Ground truth",
      "",
      "Generated by `npm run test:truth` (test/truth/truth.test.ts) from what the real binaries did; do",
      "not edit by hand. Each row: the rule, the fixture (a bad and a good service made by the test),",
      "the binary and package version, and what was observed. svlint's verdict on the same fixtures is",
      "asserted in the same test: the rule is reported on the bad one and nothing on the good one.",
      "",
      'A row whose fixture says "after `svlint --fix`" takes the bad fixture of the rule\'s row, fixes it',
      "with the built svlint (`--fix-unsafe` and `--fix-modes` only where named; logger-privileges and",
      "stderr-to-log off but on their own rows, as the verdicts leave them out), asserts that the rule no",
      "longer reports, and runs it under the same binary: its last column is what the fixed fixture did.",
      "",
      "| rule | fixture | binary | observed on the bad fixture | observed on the good (or fixed) fixture |",
      "|---|---|---|---|---|",
      ...rows
        .sort((a, b) => a.rule.localeCompare(b.rule))
        .map((r) => `| [${r.rule}](rules/${r.rule}.md) | ${r.fixture} | ${r.binary} | ${r.bad} | ${r.good} |`),
      "",
      "Not shown with a binary: `not-shell`, `unreadable-file`, `rule-error` and",
      "`unused-disable-directive` are about svlint's own reading of files, not about a supervisor's",
      "behaviour; so is `parse-error`, but for the shells' acceptance of `<>` above.",
      "",
      ...(seedRows.length === 0
        ? []
        : [
            "## The seed fixtures after `svlint --fix --fix-unsafe`",
            "",
            "The six cases of [fixtures/seed](../fixtures/seed) copied into one scan directory, fixed by",
            "`svlint --fix --fix-unsafe` (a live tree, judged against test/accounts.passwd), then run by",
            `svscan (${DAEMONTOOLS}) for 3 s. What this machine lacks is put in after fixing: the account`,
            "`nobody` for `metrics` (`nobody:nogroup` for `metrics:metrics`), a directory of the test for",
            "`/var/log/` (one per case, as their loggers would share it), and for `/usr/local/bin/metricsd`,",
            "which is not installed, a stand-in sh loop that prints a line to stdout and one to stderr",
            "every 0.3 s. `DIR` is the case's log directory, `FILE` its `metrics.log`.",
            "",
            "| case | what --fix changed | findings left | observed under svscan |",
            "|---|---|---|---|",
            ...seedRows.map((r) => `| ${r.name} | ${r.changed} | ${r.left} | ${r.observed} |`),
            "",
            "The cases with findings left (all of them suggestions only), copied after --fix with the",
            "first suggestion of each finding applied, as an editor would apply it, and run in the same",
            "svscan (the account `log` a suggestion names also becomes `nobody`):",
            "",
            "| case | suggestion applied | findings left | observed under svscan |",
            "|---|---|---|---|",
            ...suggestedRows.map((r) => `| ${r.name} | ${r.changed} | ${r.left} | ${r.observed} |`),
            "",
          ]),
    ];
    fs.writeFileSync(path.join(ROOT, "docs/ground-truth.md"), lines.join("\n"));
  });

  it("setuidgid-last: setuidgid before envdir cannot read a 0700 env dir; envdir first works", () => {
    const bad = greetingService(SETUIDGID_BAD.daemontools.chain);
    const good = greetingService("envdir ./env setuidgid nobody");
    expect(sh("setuidgid nobody ls . >/dev/null", bad).code).toBe(0); // nobody can read the service dir itself
    const b = sh("./run", bad);
    expect(b.code).toBe(111);
    expect(b.err).toContain(SETUIDGID_BAD.daemontools.error);
    const g = sh("./run", good);
    expect([g.code, g.out]).toEqual([0, "hello\n"]);
    expect(ruleIdsOf(bad)).toEqual(["setuidgid-last"]);
    expect(ruleIdsOf(good)).toEqual([]);
    rows.push({
      rule: "setuidgid-last",
      fixture: "`setuidgid nobody envdir ./env …` vs `envdir ./env setuidgid nobody …`, env/ 0700",
      binary: DAEMONTOOLS,
      bad: "exit 111, `envdir: fatal: unable to switch to directory ./env: access denied`",
      good: "exit 0, the daemon printed the variable",
    });
  });

  it.each([
    [
      "runit",
      SETUIDGID_BAD.runit.chain,
      "chpst -u nobody -e ./env",
      SETUIDGID_BAD.runit.error,
      `runit ${version("runit")}`,
    ],
    [
      "s6",
      SETUIDGID_BAD.s6.chain,
      "s6-envdir ./env s6-setuidgid nobody",
      SETUIDGID_BAD.s6.error,
      `s6 ${version("s6")}`,
    ],
  ])(
    "setuidgid-last (%s): the env dir is read after the drop and fails; read first, it works",
    (_family, badChain, goodChain, error, binary) => {
      const bad = greetingService(badChain);
      const good = greetingService(goodChain);
      const b = sh("./run", bad);
      expect(b.code).toBe(111);
      expect(b.err).toContain(error);
      const g = sh("./run", good);
      expect([g.code, g.out]).toEqual([0, "hello\n"]);
      expect(ruleIdsOf(bad)).toEqual(["setuidgid-last"]);
      expect(ruleIdsOf(good)).toEqual([]);
      rows.push({
        rule: "setuidgid-last",
        fixture: `\`${badChain} …\` vs \`${goodChain} …\`, env/ 0700`,
        binary,
        bad: `exit 111, \`${error}\``,
        good: "exit 0, the daemon printed the variable",
      });
    },
  );

  it("softlimit after setuidgid behaves as it does as root (so setuidgid-last does not report it)", () => {
    const asUser = sh("setuidgid nobody softlimit -o 99999999 sh -c 'ulimit -n; ulimit -Hn'", "/");
    const asRoot = sh("softlimit -o 99999999 sh -c 'ulimit -n; ulimit -Hn'", "/");
    expect(asUser.code).toBe(0);
    const [soft, hard] = asUser.out.trim().split("\n");
    expect(soft).toBe(hard);
    expect(asRoot.out).toBe(asUser.out);
    const dir = service({ run: "#!/bin/sh\nexec setuidgid nobody softlimit -o 99999999 true\n", "log/run": LOGRUN_OK });
    expect(ruleIdsOf(dir)).toEqual([]);
    rows.push({
      rule: "setuidgid-last",
      fixture: "`setuidgid nobody softlimit -o 99999999 …` (not reported)",
      binary: DAEMONTOOLS,
      bad: "—",
      good: `exit 0; the soft limit is clamped to the hard limit (${hard}) exactly as when run as root`,
    });
  });

  it("chown-target and mkdir-before-multilog: the article's final log/run fails; the corrected one logs", () => {
    const logdir = path.join(openTemp(), "var-log", "app");
    const bad = service({
      "log/run": `#!/bin/sh\nmkdir -p ${logdir}\nchown -R nobody:nogroup\nexec setuidgid nobody multilog t ${logdir}\n`,
      run: "#!/bin/sh\nexec true\n",
    });
    const b = sh("./log/run", bad, "hello\n");
    expect(b.err).toContain("chown: missing operand after 'nobody:nogroup'");
    expect(b.code).toBe(111);
    const multilogLine = b.err.split("\n").find((l) => l.startsWith("multilog")) ?? "";
    expect(multilogLine).toMatch(/^multilog: fatal: unable to .*access denied$/);
    expect(fs.existsSync(path.join(logdir, "current"))).toBe(false);
    expect(ruleIdsOf(bad)).toEqual(["chown-target"]);

    const logdir2 = path.join(openTemp(), "var-log", "app");
    const good = service({
      "log/run": `#!/bin/sh\nmkdir -p ${logdir2}\nchown -R nobody:nogroup ${logdir2}\nexec setuidgid nobody multilog t ${logdir2}\n`,
      run: "#!/bin/sh\nexec true\n",
    });
    const g = sh("./log/run", good, "hello\nworld\n");
    expect(g.code).toBe(0);
    expect(fs.readFileSync(path.join(logdir2, "current"), "utf8")).toMatch(
      /^@4000[0-9a-f]{20} hello\n@4000[0-9a-f]{20} world\n$/,
    );
    expect(ruleIdsOf(good)).toEqual([]);
    rows.push({
      rule: "chown-target",
      fixture: "`chown -R nobody:nogroup` (no file) before `exec setuidgid nobody multilog t DIR`",
      binary: `${COREUTILS}, ${DAEMONTOOLS}`,
      bad: `\`chown: missing operand after 'nobody:nogroup'\`; the script went on; multilog exit 111: \`${multilogLine.replace(logdir, "DIR")}\``,
      good: "with `chown -R nobody:nogroup DIR`: exit 0, `DIR/current` holds the lines with TAI64N stamps",
    });

    const { dir: bad2, missing } = missingParentLogger();
    const m = sh("./log/run", bad2, "hello\n");
    expect(m.code).toBe(111);
    expect(m.err).toContain(`multilog: fatal: unable to open directory ${missing}: file does not exist`);
    expect(ruleIdsOf(bad2)).toEqual(["mkdir-before-multilog"]);
    rows.push({
      rule: "mkdir-before-multilog",
      fixture: "`exec multilog t PARENT/app` with PARENT missing vs `mkdir -p DIR` and `chown` first",
      binary: DAEMONTOOLS,
      bad: "exit 111, `multilog: fatal: unable to open directory PARENT/app: file does not exist`",
      good: "exit 0, `DIR/current` written (the corrected chown-target fixture)",
    });
  });

  it("no-cat-logging: multilog rotates and stays bounded; cat's file keeps every byte", () => {
    const input = Array.from({ length: 2000 }, (_, i) => `line ${i} ${"x".repeat(40)}`).join("\n") + "\n";
    const catFile = path.join(openTemp(), "app.log");
    const bad = service({ "log/run": `#!/bin/sh\nexec cat >> ${catFile}\n`, run: "#!/bin/sh\nexec true\n" });
    expect(sh("./log/run", bad, input).code).toBe(0);
    expect(fs.statSync(catFile).size).toBe(input.length);
    const good = service({ "log/run": "#!/bin/sh\nexec multilog t s4096 n3 ./main\n", run: "#!/bin/sh\nexec true\n" });
    expect(sh("./run", path.join(good, "log"), input).code).toBe(0); // supervise runs log/run inside log/
    const files = fs.readdirSync(path.join(good, "log/main"));
    const rotated = files.filter((f) => /^@[0-9a-f]{24}\.[su]$/.test(f));
    const total = files.reduce((s, f) => s + fs.statSync(path.join(good, "log/main", f)).size, 0);
    expect(rotated.length).toBeGreaterThan(0);
    expect(rotated.length).toBeLessThanOrEqual(2);
    expect(total).toBeLessThan(5 * 4096);
    expect(ruleIdsOf(bad)).toEqual(["no-cat-logging"]);
    expect(ruleIdsOf(good)).toEqual([]);
    rows.push({
      rule: "no-cat-logging",
      fixture: `${input.length} bytes through \`exec cat >> FILE\` vs \`exec multilog t s4096 n3 ./main\``,
      binary: DAEMONTOOLS,
      bad: `FILE is ${input.length} bytes: every byte kept, nothing rotates`,
      good: `${rotated.length} rotated \`@….s\` file(s) plus \`current\`, ${total} bytes in all (bounded by s4096, n3)`,
    });
  });

  it("stderr-redirect-order: stderr reaches the log pipe only when redirected before the final exec", () => {
    const daemon = BOTH_STREAMS;
    const good = service({ run: `#!/bin/sh\nexec 2>&1\nexec ${daemon}\n`, "log/run": LOGRUN_OK });
    const bad = lateMerge();
    expect(viaPipe(good)).toBe("to-stdout\nto-stderr\n");
    expect(viaPipe(bad)).toBe("to-stdout\n");
    expect(ruleIdsOf(bad)).toEqual(["stderr-redirect-order"]);
    expect(ruleIdsOf(good)).toEqual([]);

    const { dir: bad2, file } = mergeBeforeFile();
    expect(viaPipe(bad2)).toBe("to-stderr\n");
    expect(fs.readFileSync(file, "utf8")).toBe("to-stdout\n");
    const file2 = path.join(openTemp(), "init.log");
    const good2 = service({ run: `#!/bin/sh\n${daemon} >${file2} 2>&1\nexec true\n`, "log/run": LOGRUN_OK });
    expect(viaPipe(good2)).toBe("");
    expect(fs.readFileSync(file2, "utf8")).toBe("to-stdout\nto-stderr\n");
    expect(ruleIdsOf(bad2)).toEqual(["stderr-redirect-order"]);
    expect(ruleIdsOf(good2)).toEqual([]);
    rows.push({
      rule: "stderr-redirect-order",
      fixture:
        "a daemon writing to both streams: `exec 2>&1` after vs before the final exec; `2>&1 >FILE` vs `>FILE 2>&1`",
      binary: "/bin/sh (dash)",
      bad: "after the exec: the log pipe got stdout only; `2>&1 >FILE`: stderr went to the pipe, FILE got stdout only",
      good: "the log pipe got both lines; FILE got both lines",
    });
  });

  it("log-run-present: svscan's supervise cannot start a logger from a log/ without run", async () => {
    const scan = path.join(openTemp(), "scan");
    writeTree(scan, { "svc/run": "#!/bin/sh\nexec sleep 60\n", "svc/log/main": { dir: true } });
    const goodScan = path.join(openTemp(), "scan");
    writeTree(goodScan, {
      "svc/run": "#!/bin/sh\nexec sleep 60\n",
      "svc/log/run": "#!/bin/sh\nexec multilog t ./main\n",
    });
    const bad = await supervisorOutput("svscan", [scan], "/", 2500);
    const good = await supervisorOutput("svscan", [goodScan], "/", 2500);
    expect(bad).toContain("supervise: fatal: unable to start log/run: file does not exist");
    expect(good).not.toContain("unable to start");
    expect(fs.existsSync(path.join(goodScan, "svc/log/main/current"))).toBe(true);
    expect(ruleIdsOf(path.join(scan, "svc"))).toEqual(["log-run-present"]);
    expect(ruleIdsOf(path.join(goodScan, "svc"))).toEqual([]);
    rows.push({
      rule: "log-run-present",
      fixture: "svscan on a service whose log/ has no run vs one with `log/run`",
      binary: DAEMONTOOLS,
      bad: "`supervise: fatal: unable to start log/run: file does not exist`, retried by svscan",
      good: "the logger started and created `log/main/current`",
    });
  }, 20000);

  it("sleep-dependency: under runsvdir, sleep 1 races a dependency that needs 2 s; sv start waits for its check", async () => {
    // dep becomes ready (creates `ready`) 2 s after it starts, and its `check` says so; app's
    // client stands for a daemon that needs dep: it exits 111 while dep is not ready.
    const scanWith = (appRun: string): string => {
      const root = path.join(openTemp(), "scan");
      writeTree(root, {
        "dep/run": "#!/bin/sh\nrm -f ready\nsleep 2\ntouch ready\nexec sleep 3601\n",
        "dep/check": "#!/bin/sh\nexec test -e ready\n",
        "app/run": appRun,
        "app/client": {
          content:
            '#!/bin/sh\nif [ ! -e "$1" ]; then echo missing >>attempts; exit 111; fi\necho started >>attempts\nexec sleep 3602\n',
          mode: 0o755,
        },
      });
      return root;
    };
    const bad = scanWith("#!/bin/sh\nsleep 1\nexec chpst -b app ./client ../dep/ready\n");
    const good = scanWith("#!/bin/sh\nsv start ../dep || exit 1\nexec chpst -b app ./client ../dep/ready\n");
    const attempts = (root: string): string[] =>
      fs.existsSync(path.join(root, "app/attempts"))
        ? fs.readFileSync(path.join(root, "app/attempts"), "utf8").trim().split("\n")
        : [];
    try {
      await Promise.all([
        supervisorOutput("runsvdir", [bad], "/", 5000),
        supervisorOutput("runsvdir", [good], "/", 5000),
      ]);
    } finally {
      spawnSync("pkill", ["-fx", "sleep 360[12]"]);
    }
    const b = attempts(bad);
    const g = attempts(good);
    expect(b[0]).toBe("missing");
    expect(g.length).toBeGreaterThan(0);
    expect(g).not.toContain("missing");
    expect(g[0]).toBe("started");
    const ids = (dir: string): string[] =>
      findings(dir, lintWith(dir, RULES, "live", SLEEP_DEPENDENCY))
        .map((f) => f.ruleId)
        .filter((id) => id === "sleep-dependency");
    expect(ids(path.join(bad, "app"))).toEqual(["sleep-dependency"]);
    expect(ids(path.join(good, "app"))).toEqual([]);
    rows.push({
      rule: "sleep-dependency",
      fixture:
        "runsvdir on dep (ready 2 s after start, a `check` that says so) and app, whose client exits 111 while dep is not ready: `sleep 1` vs `sv start ../dep || exit 1` before the exec",
      binary: RUNIT,
      bad: `the client started before dep was ready and exited 111 (attempts: ${b.join(", ")})`,
      good: `\`sv start\` waited for dep's check; the client started once, with dep ready (attempts: ${g.join(", ")})`,
    });
  }, 20000);

  it("shebang: supervise cannot start a run without #! or with a CRLF #! line", async () => {
    const nobang = service({ run: NO_SHEBANG, "log/run": LOGRUN_OK });
    const crlf = service({ run: CRLF_SHEBANG, "log/run": LOGRUN_OK });
    const good = service({ run: "#!/bin/sh\nexec sleep 60\n", "log/run": LOGRUN_OK });
    expect(await superviseOutput(nobang)).toContain("supervise: fatal: unable to start ./run: exec format error");
    expect(await superviseOutput(crlf)).toContain("supervise: fatal: unable to start ./run: file does not exist");
    expect(await superviseOutput(good)).not.toContain("unable to start");
    expect(ruleIdsOf(nobang)).toEqual(["shebang"]);
    expect(ruleIdsOf(crlf)).toEqual(["shebang"]);
    expect(ruleIdsOf(good)).toEqual([]);
    rows.push({
      rule: "shebang",
      fixture: "supervise on a run without `#!`, and on one saved with CRLF line endings, vs `#!/bin/sh`",
      binary: DAEMONTOOLS,
      bad: "no `#!`: `supervise: fatal: unable to start ./run: exec format error`; CRLF: `… unable to start ./run: file does not exist`",
      good: "the daemon started",
    });
  }, 15000);

  it("env-dir-permissions: another account reads a 0644 env file; not a 0600 one in a 0700 dir", () => {
    const bad = tokenService(0o644, 0o755);
    const good = tokenService(0o600, 0o700);
    const b = sh("setuidgid nobody cat env/TOKEN >/dev/null", bad);
    const g = sh("setuidgid nobody cat env/TOKEN >/dev/null", good);
    expect(b.code).toBe(0);
    expect(g.code).not.toBe(0);
    expect(g.err).toContain("Permission denied");
    expect(ruleIdsOf(bad)).toEqual(["env-dir-permissions", "env-dir-permissions"]);
    expect(ruleIdsOf(good)).toEqual([]);
    rows.push({
      rule: "env-dir-permissions",
      fixture: "`setuidgid nobody cat env/TOKEN` with env/ 0755 and the file 0644 vs 0700 and 0600",
      binary: `${DAEMONTOOLS}, ${COREUTILS}`,
      bad: "exit 0: nobody read the value",
      good: "`Permission denied`",
    });
  });

  it("run-executable: runsv cannot start a 0644 run; sv check skips a 0644 check and says ok", async () => {
    const noexec = modedRun(0o644);
    const out = await supervisorOutput("runsv", [noexec], "/", 1500);
    expect(out).toContain("unable to start ./run: access denied");
    // A check script that would fail (exit 1): skipped when not executable, obeyed when it is.
    const check = async (mode: number) => {
      const dir = failingCheck(mode);
      return { dir, ...(await underRunsv(dir, "check")) };
    };
    const skipped = await check(0o644);
    const obeyed = await check(0o755);
    expect(skipped.out).toMatch(/^ok: run: /);
    expect(skipped.code).toBe(0);
    expect(obeyed.out).toMatch(/^timeout: run: /);
    expect(ruleIdsOf(noexec)).toEqual(["run-executable"]);
    expect(ruleIdsOf(skipped.dir)).toEqual(["run-executable"]);
    expect(ruleIdsOf(obeyed.dir)).toEqual([]);
    rows.push({
      rule: "run-executable",
      fixture: "runsv on a 0644 `run`; `sv check` on a service whose `check` exits 1, mode 0644 vs 0755",
      binary: RUNIT,
      bad: "`runsv …: fatal: unable to start ./run: access denied`; `sv check` on the 0644 check: `ok: run: …`, exit 0",
      good: "the 0755 check is run: `timeout: run: …`",
    });
  }, 20000);

  it("exec-daemon: svc -d stops the shell but not a daemon started without exec", async () => {
    // Unique sleep durations name the processes; both are killed at the end whatever happens.
    const bad = noExec(3001);
    const good = service({ run: "#!/bin/sh\nexec sleep 3002\n", "log/run": LOGRUN_OK });
    try {
      expect(await runningAfterDown(bad, "sleep 3001")).toEqual([true, true]);
      expect(await runningAfterDown(good, "sleep 3002")).toEqual([true, false]);
    } finally {
      spawnSync("pkill", ["-fx", "sleep 300[12]"]);
    }
    expect(ruleIdsOf(bad)).toEqual(["exec-daemon"]);
    expect(ruleIdsOf(good)).toEqual([]);
    rows.push({
      rule: "exec-daemon",
      fixture: "supervise, then `svc -d`, on `sleep 3001` run by sh vs `exec sleep 3002`",
      binary: `${DAEMONTOOLS}, dash`,
      bad: "the shell was stopped; `sleep 3001` kept running, unsupervised",
      good: "`sleep 3002` was stopped",
    });
  }, 20000);

  it("logger-privileges: multilog as root writes root-owned logs; after setuidgid, the account's", () => {
    const bad = service({ run: "#!/bin/sh\nexec app\n", "log/run": "#!/bin/sh\nexec multilog t ./main\n" });
    const good = service({
      run: "#!/bin/sh\nexec app\n",
      "log/run": "#!/bin/sh\nexec setuidgid nobody multilog t ./main\n",
    });
    fs.mkdirSync(path.join(good, "log/main"));
    expect(sh("chown nobody log/main && cd log && echo hello | ./run", good).code).toBe(0);
    expect(sh("cd log && echo hello | ./run", bad).code).toBe(0);
    const nobody = Number(spawnSync("id", ["-u", "nobody"], { encoding: "utf8" }).stdout.trim());
    expect(fs.statSync(path.join(bad, "log/main/current")).uid).toBe(0);
    expect(fs.statSync(path.join(good, "log/main/current")).uid).toBe(nobody);
    expect(ruleIdsOf(bad, ["logger-privileges"])).toEqual(["logger-privileges"]);
    expect(ruleIdsOf(good, ["logger-privileges"])).toEqual([]);
    rows.push({
      rule: "logger-privileges",
      fixture: "`multilog t ./main` vs `setuidgid nobody multilog t ./main`, fed one line",
      binary: DAEMONTOOLS,
      bad: "multilog ran as root: `main/current` is owned by uid 0",
      good: "`main/current` is owned by nobody",
    });
  });

  it("env-file-format: envdir, chpst -e and s6-envdir take the first line; envdir and chpst keep \\r; A=B sets A", () => {
    // Private modes, so that env-dir-permissions has nothing to say.
    const bad = envFileService(ENV_FILES_BAD);
    const good = envFileService(ENV_FILES_GOOD);
    for (const reader of ENV_READERS) {
      const s6 = reader.startsWith("s6");
      expect(envRead(reader, bad)).toBe(`line1|${s6 ? "db.local" : "db.local\r"}|${s6 ? "" : "B=y"}`);
      expect(envRead(reader, good)).toBe("line1|db.local|B=y");
    }
    expect(ruleIdsOf(bad)).toEqual(["env-file-format", "env-file-format", "env-file-format"]);
    expect(ruleIdsOf(good)).toEqual([]);
    rows.push({
      rule: "env-file-format",
      fixture:
        "env/ with a two-line file, a CRLF file and a file named `A=B`, read by envdir, `chpst -e` and s6-envdir",
      binary: `${DAEMONTOOLS}, ${RUNIT}, s6 ${version("s6")}`,
      bad: "all three use line 1 only; envdir and chpst keep `\\r` (s6-envdir cuts it); envdir and chpst set `A=B=y`, s6-envdir skips it",
      good: "one line, LF, `env/A` holding `B=y`: the same values from all three",
    });
  });

  it("stderr-to-log: the log pipe receives stdout only, unless run sends stderr there", async () => {
    // svscan pipes the service's stdout into log/run; the logger records what reaches it.
    const bad = multilogScan(`#!/bin/sh\nexec ${STDERR_DAEMON}\n`);
    const good = multilogScan(`#!/bin/sh\nexec 2>&1\nexec ${STDERR_DAEMON}\n`);
    const badOut = await supervisorOutput("svscan", [bad], "/", 2500);
    await supervisorOutput("svscan", [good], "/", 2500);
    expect(logged(bad)).toBe("to-stdout\n");
    expect(badOut).toContain("to-stderr");
    expect(logged(good)).toBe("to-stdout\nto-stderr\n");
    expect(ruleIdsOf(path.join(bad, "svc"), ["stderr-to-log"])).toEqual(["stderr-to-log"]);
    expect(ruleIdsOf(path.join(good, "svc"), ["stderr-to-log"])).toEqual([]);
    rows.push({
      rule: "stderr-to-log",
      fixture: "svscan on a daemon writing to both streams, with and without `exec 2>&1`, logged by multilog",
      binary: DAEMONTOOLS,
      bad: "`log/main/current` holds the stdout line only; the stderr line went to svscan's own output",
      good: "`log/main/current` holds both lines",
    });
  }, 20000);

  it.each(LOGGER_SCRIPTS)(
    "$rule: what the logger does with a bad script",
    ({ rule, binary, bad, good, expectBad, badSays }) => {
      // multilog and s6-log create their directory; svlogd needs it to exist (mkdir-before-multilog).
      const badDir = loggerService(bad);
      const goodDir = loggerService(good);
      const b = feedLogger(badDir);
      expectBad(b, badDir);
      const g = feedLogger(goodDir);
      expect(g.code).toBe(0);
      expect(fs.readFileSync(path.join(goodDir, "log/main/current"), "utf8")).toContain("hello");
      expect(ruleIdsOf(badDir)).toEqual([rule]);
      expect(ruleIdsOf(goodDir)).toEqual([]);
      rows.push({
        rule,
        fixture: `\`echo hello | ${bad}\` vs \`${good}\``,
        binary,
        bad: badSays,
        good: "exit 0, `hello` in `main/current`",
      });
    },
  );

  it("mkdir-before-multilog (runit, s6): svlogd needs its directory; s6-log creates only the last component", () => {
    const svlogd = svlogdWithoutDir();
    const s6log = s6logWithoutParent();
    const a = sh("echo hello | timeout 3 ./run", path.join(svlogd, "log"));
    expect(a.code).toBe(111);
    expect(a.err).toContain("unable to open log directory: ./main: file does not exist");
    const b = sh("echo hello | timeout 3 ./run", path.join(s6log, "log"));
    expect(b.code).toBe(111);
    expect(b.err).toContain("s6-log: fatal: unable to mkdir");
    expect(ruleIdsOf(svlogd)).toEqual(["mkdir-before-multilog"]);
    expect(ruleIdsOf(s6log)).toEqual(["mkdir-before-multilog"]);
    fs.mkdirSync(path.join(svlogd, "log/main"));
    expect(sh("echo hello | timeout 3 ./run", path.join(svlogd, "log")).code).toBe(0);
    expect(ruleIdsOf(svlogd)).toEqual([]);
    rows.push({
      rule: "mkdir-before-multilog",
      fixture: "`svlogd -tt ./main` without `log/main`; `s6-log t DIR/x/y` without `DIR/x`",
      binary: `${RUNIT}, s6 ${version("s6")}`,
      bad: "svlogd: exit 111, `unable to open log directory: ./main: file does not exist`; s6-log: exit 111, `unable to mkdir …`",
      good: "with `log/main` present, svlogd exits 0 after logging",
    });
  });

  it("log-dir-owner: multilog as nobody cannot use a directory chowned to another account", () => {
    const make = (owner: string) => {
      const dir = service({
        run: "#!/bin/sh\nexec 2>&1\nexec app\n",
        "log/run": `#!/bin/sh\nmkdir -p ./main\nchown ${owner} ./main\nexec setuidgid nobody multilog t ./main\n`,
      });
      return dir;
    };
    const bad = make("daemon");
    const good = make("nobody");
    const b = sh("echo hello | ./run", path.join(bad, "log"));
    expect(b.code).toBe(111);
    expect(b.err).toContain("multilog: fatal: unable to lock directory ./main: access denied");
    const g = sh("echo hello | ./run", path.join(good, "log"));
    expect(g.code).toBe(0);
    expect(ruleIdsOf(bad)).toEqual(["log-dir-owner"]);
    expect(ruleIdsOf(good)).toEqual([]);
    rows.push({
      rule: "log-dir-owner",
      fixture: "log/run: `chown daemon ./main` vs `chown nobody ./main`, then `setuidgid nobody multilog t ./main`",
      binary: DAEMONTOOLS,
      bad: "exit 111, `multilog: fatal: unable to lock directory ./main: access denied`",
      good: "exit 0, the line logged",
    });
  });

  it("unknown-account: setuidgid, chpst -u and s6-setuidgid refuse an account that does not exist", () => {
    const user = "svlint-no-such-user";
    expect(spawnSync("getent", ["passwd", user]).status).not.toBe(0);
    const out = (cmd: string) => sh(`${cmd} ${user} true`, "/");
    const d = out("setuidgid");
    const r = out("chpst -u");
    const s6 = out("s6-setuidgid");
    expect([d.code, d.err.trim()]).toEqual([111, `setuidgid: fatal: unknown account ${user}`]);
    expect([r.code, r.err.trim()]).toEqual([111, `chpst: fatal: unknown user/group: ${user}`]);
    expect(s6.code).not.toBe(0);
    expect(s6.err).toContain(`unknown user: ${user}`);
    const bad = service({ run: `#!/bin/sh\nexec 2>&1\nexec setuidgid ${user} app\n`, "log/run": LOGRUN_OK });
    const good = service({ run: "#!/bin/sh\nexec 2>&1\nexec setuidgid nobody app\n", "log/run": LOGRUN_OK });
    expect(ruleIdsOf(bad)).toEqual(["unknown-account"]);
    expect(ruleIdsOf(good)).toEqual([]);
    rows.push({
      rule: "unknown-account",
      fixture: "`setuidgid`, `chpst -u` and `s6-setuidgid` with an account not in /etc/passwd vs `nobody`",
      binary: `${DAEMONTOOLS}, ${RUNIT}, s6 ${version("s6")}`,
      bad: "`setuidgid: fatal: unknown account …` (111); `chpst: fatal: unknown user/group: …` (111); `s6-envuidgid: fatal: unknown user: …`",
      good: "the program runs",
    });
  });

  it("inline-secrets: an option's value is readable by every local account in ps", async () => {
    const marker = "svlint-truth-token-4711";
    // A shell that stays alive keeps the argv it was given, as a daemon does.
    const p = spawn("sh", ["-c", "sleep 3; :", "daemon", `--token=${marker}`], { stdio: "ignore" });
    try {
      await sleep(300);
      const seen = sh("setuidgid nobody ps -eo args", "/");
      expect(seen.code).toBe(0);
      expect(seen.out).toContain(`--token=${marker}`);
    } finally {
      p.kill("SIGKILL");
    }
    const bad = service({
      run: `#!/bin/sh\nexec 2>&1\nexec setuidgid nobody daemon --token=${marker}\n`,
      "log/run": LOGRUN_OK,
    });
    const good = service({
      run: "#!/bin/sh\nexec 2>&1\nexec envdir ./env setuidgid nobody daemon\n",
      "log/run": LOGRUN_OK,
      env: { dir: true, mode: 0o700 },
    });
    expect(ruleIdsOf(bad)).toEqual(["inline-secrets"]);
    expect(ruleIdsOf(good)).toEqual([]);
    rows.push({
      rule: "inline-secrets",
      fixture: "a process started with `--token=VALUE`, and `setuidgid nobody ps -eo args`",
      binary: `${DAEMONTOOLS}, procps ${version("procps")}`,
      bad: "the unprivileged account read `--token=VALUE` in ps output",
      good: "with the value in an env dir, nothing on the command line",
    });
  });

  it("foreground-daemon: BusyBox acpid without -f forks; supervise restarts it and the copies pile up", async () => {
    const bad = acpidService("");
    const good = acpidService("-f ");
    try {
      expect((await acpidAfterDown(bad))[1]).toBeGreaterThanOrEqual(2);
      expect((await acpidAfterDown(good))[1]).toBe(0);
    } finally {
      spawnSync("pkill", ["-f", bad.pattern]);
      spawnSync("pkill", ["-f", good.pattern]);
    }
    expect(ruleIdsOf(bad.dir)).toEqual(["foreground-daemon"]);
    expect(ruleIdsOf(good.dir)).toEqual([]);
    rows.push({
      rule: "foreground-daemon",
      fixture: "supervise for 3 s, then `svc -d`, on BusyBox `acpid` (as `./acpid`) without and with `-f`",
      binary: `${DAEMONTOOLS}, busybox ${version("busybox")}`,
      bad: "acpid forked and exited at once; supervise restarted it every second, and after `svc -d` two or more forked copies were still running",
      good: "one acpid stayed in the foreground and `svc -d` stopped it",
    });
  }, 20000);

  it("stderr-redirect-order (execline): fdmove -c 2 1 before redirfd -w 1 leaves stderr on the pipe", () => {
    const daemon = 'sh -c "echo to-stdout; echo to-stderr >&2"';
    const file = (dir: string) => path.join(dir, "out.txt");
    const make = (chain: (f: string) => string) => {
      const dir = service({ "log/run": LOGRUN_OK });
      writeTree(dir, { run: `#!/usr/bin/execlineb -P\n${chain(file(dir))}\n${daemon}\n` });
      return dir;
    };
    const bad = make((f) => `fdmove -c 2 1\nredirfd -w 1 ${f}`);
    const good = make((f) => `redirfd -w 1 ${f}\nfdmove -c 2 1`);
    const viaPipe = (dir: string) => sh("./run 2>/dev/null | cat", dir).out;
    expect(viaPipe(bad)).toBe("to-stderr\n");
    expect(fs.readFileSync(file(bad), "utf8")).toBe("to-stdout\n");
    expect(viaPipe(good)).toBe("");
    expect(fs.readFileSync(file(good), "utf8")).toBe("to-stdout\nto-stderr\n");
    expect(ruleIdsOf(bad)).toEqual(["stderr-redirect-order"]);
    expect(ruleIdsOf(good)).toEqual([]);
    rows.push({
      rule: "stderr-redirect-order",
      fixture: "execline: `fdmove -c 2 1 redirfd -w 1 FILE prog` vs `redirfd -w 1 FILE fdmove -c 2 1 prog`",
      binary: `execline ${version("execline")}`,
      bad: "stderr went to the pipe, FILE got stdout only",
      good: "FILE got both lines",
    });
  });

  it("execline-block-daemon: after s6-svc -d, a daemon started in foreground { } still runs; last in the chain, it stops", async () => {
    const rule = RULES.find((r) => r.meta.id === "execline-block-daemon")!;
    // A stand-in for memcached (a daemon of the table), in an sbin directory of the fixture: a sleep of its own length.
    const standIn = (secs: number): string => {
      const bin = path.join(openTemp(), "sbin/memcached");
      writeTree(path.dirname(bin), { memcached: { content: `#!/bin/sh\nexec sleep ${secs}\n`, mode: 0o755 } });
      return bin;
    };
    const make = (chain: string): string => {
      const dir = service({ "log/run": LOGRUN_OK });
      writeTree(dir, { run: `#!/usr/bin/execlineb -P\nforeground { mkdir -p ./state }\n${chain}\n` });
      return dir;
    };
    const bad = make(`foreground { ${standIn(3011)} }`);
    const good = make(standIn(3012));
    /** Whether the stand-in runs under s6-supervise, and still runs after `s6-svc -d`. */
    const afterS6Down = async (dir: string, cmdline: string): Promise<[boolean, boolean, string]> => {
      const sup = supervisorOutput("s6-supervise", ["."], dir, 3000);
      await sleep(1000);
      const before = running(cmdline);
      spawnSync("s6-svc", ["-d", dir]);
      await sleep(700);
      const after = running(cmdline);
      const status = spawnSync("s6-svstat", [dir], { encoding: "utf8" }).stdout.trim();
      await sup;
      return [before, after, status];
    };
    try {
      const [badBefore, badAfter, badStatus] = await afterS6Down(bad, "sleep 3011");
      expect([badBefore, badAfter]).toEqual([true, true]);
      expect(badStatus).toMatch(/^down \(signal SIGTERM\)/);
      expect((await afterS6Down(good, "sleep 3012")).slice(0, 2)).toEqual([true, false]);
    } finally {
      killMatching("^sleep 301[12]$");
    }
    const ids = (dir: string): string[] =>
      findings(dir, lintWith(dir, RULES, "live", [rule]))
        .map((f) => f.ruleId)
        .filter((id) => !HYGIENE.includes(id));
    expect(ids(bad)).toEqual(["execline-block-daemon"]);
    expect(ids(good)).toEqual([]);
    rows.push({
      rule: "execline-block-daemon",
      fixture:
        "s6-supervise, then `s6-svc -d`, on an execline run with `foreground { memcached }` (a stand-in that sleeps) vs `memcached` last in the chain",
      binary: `s6 ${version("s6")}, execline ${version("execline")}`,
      bad: "s6-svstat: `down (signal SIGTERM)`: `foreground` was stopped; the stand-in kept running, unsupervised",
      good: "the stand-in was the supervised process and was stopped",
    });
  }, 20000);

  it("discarded-output: with >/dev/null 2>&1 the error of a daemon that keeps exiting never reaches multilog's current", async () => {
    const rule = RULES.find((r) => r.meta.id === "discarded-output")!;
    // A stand-in that cannot start: it says why on stderr and exits 111, as daemons do.
    const ERROR = "standin: fatal: unable to bind to port 11211: address already used";
    const make = (redirect: string): string => {
      const root = multilogScan(`#!/bin/sh\nexec 2>&1\nexec ./standin${redirect}\n`);
      writeTree(root, { "svc/standin": { content: `#!/bin/sh\necho "${ERROR}" >&2\nexit 111\n`, mode: 0o755 } });
      return root;
    };
    const bad = make(" >/dev/null 2>&1");
    const good = make("");
    /** svscan for 3.5 s; svstat's lines on the service, polled meanwhile. */
    const scan = async (root: string): Promise<string[]> => {
      const sup = supervisorOutput("svscan", [root], "/", 3500);
      const seen: string[] = [];
      for (let waited = 0; waited < 3000; waited += 250) {
        await sleep(250);
        const s = spawnSync("svstat", [path.join(root, "svc")], { encoding: "utf8" }).stdout.trim();
        if (s) seen.push(s.replace(/^\S+: /, ""));
      }
      await sup;
      return seen;
    };
    const current = (root: string): string => {
      const f = path.join(root, "svc/log/main/current");
      return fs.existsSync(f) ? fs.readFileSync(f, "utf8") : "";
    };
    const badStatus = await scan(bad);
    await scan(good);
    // Restarting: svstat shows a new pid each time supervise starts it again, never up for 2 s.
    const pids = new Set(badStatus.map((l) => /^up \(pid (\d+)\)/.exec(l)?.[1]).filter(Boolean));
    expect(pids.size).toBeGreaterThanOrEqual(2);
    expect(badStatus.some((l) => /^up .* ([2-9]|\d\d+) seconds/.test(l))).toBe(false);
    expect(current(bad)).not.toContain(ERROR);
    expect(current(good)).toContain(ERROR);
    expect(
      current(good)
        .split("\n")
        .filter((l) => l.includes(ERROR)).length,
    ).toBeGreaterThanOrEqual(2);
    const ids = (root: string): string[] =>
      findings(path.join(root, "svc"), lintWith(path.join(root, "svc"), RULES, "live", [rule]))
        .map((f) => f.ruleId)
        .filter((id) => !HYGIENE.includes(id));
    expect(ids(bad)).toEqual(["discarded-output"]);
    expect(ids(good)).toEqual([]);
    rows.push({
      rule: "discarded-output",
      fixture:
        "svscan for 3.5 s on a stand-in that prints an error on stderr and exits 111, logged by multilog, `exec ./standin >/dev/null 2>&1` vs `exec ./standin` (both after `exec 2>&1`)",
      binary: DAEMONTOOLS,
      bad: "svstat showed a new pid every second or so (`up (pid N) 0 seconds`, then another N): restarting; `log/main/current` never held the error",
      good: "`log/main/current` held the error once per restart",
    });
  }, 20000);

  it("mkdir-before-multilog: a root multilog or s6-log creates its last component; `multilog t A A/sub` makes A first", () => {
    const top = openTemp();
    const m = sh(`echo hello | multilog t ${top}/m`, top);
    const s = sh(`echo hello | s6-log t ${top}/s`, top);
    const nested = sh(`echo hello | multilog t ${top}/a ${top}/a/sub`, top);
    expect(m.code).toBe(0);
    expect(s.code).toBe(0);
    expect(nested.code).toBe(0);
    for (const d of ["m", "s", "a", "a/sub"]) expect(fs.existsSync(path.join(top, d, "current"))).toBe(true);
    // svlint: a root logger under a parent that always exists needs no mkdir, and A/sub's parent is A.
    const varLog = service({
      run: "#!/bin/sh\nexec 2>&1\nexec app\n",
      "log/run": "#!/bin/sh\nexec multilog t /var/log/app\n",
    });
    const chained = service({
      run: "#!/bin/sh\nexec 2>&1\nexec app\n",
      "log/run": "#!/bin/sh\nexec multilog t /srv/logs/a /srv/logs/a/sub\n",
    });
    expect(ruleIdsOf(varLog)).toEqual([]);
    expect(
      findings(chained, lintWith(chained, RULES, "live"))
        .filter((f) => f.ruleId === "mkdir-before-multilog")
        .map((f) => f.column),
    ).toEqual([17]);
    rows.push({
      rule: "mkdir-before-multilog",
      fixture: "as root: `multilog t DIR/m`, `s6-log t DIR/s` with DIR present; `multilog t DIR/a DIR/a/sub`",
      binary: `${DAEMONTOOLS}, s6 ${version("s6")}`,
      bad: "(the rule's failing case is the row above: a missing parent)",
      good: "each exits 0 and creates its last component, `a` before `a/sub`",
    });
  });

  it("parse-error: dash and busybox sh accept the read-write redirection `<>`", () => {
    const dir = openTemp();
    const d = sh(`dash -c 'exec 3<> ${dir}/f; echo ok >&3; echo done'`, dir);
    const b = sh(`busybox sh -c 'exec 3<> ${dir}/g; echo done'`, dir);
    expect(d.code).toBe(0);
    expect(d.out).toBe("done\n");
    expect(b.code).toBe(0);
    expect(fs.readFileSync(path.join(dir, "f"), "utf8")).toBe("ok\n");
    const svc = service({ run: "#!/bin/sh\nexec <> ./fifo\nexec 2>&1\nexec app\n", "log/run": LOGRUN_OK });
    expect(ruleIdsOf(svc)).toEqual([]);
    rows.push({
      rule: "parse-error",
      fixture: "`exec 3<> FILE` in dash and busybox sh; a run with `exec <> ./fifo`",
      binary: `dash ${version("dash")}, busybox ${version("busybox")}`,
      bad: "(none: `<>` is valid sh)",
      good: "both shells exit 0 and open FILE read-write; svlint reports no parse error",
    });
  });

  it("foreground-daemon: clamd forks unless told to stay in the foreground (-F or Foreground yes)", async () => {
    const { dir, forks, stays } = clamdConfs();
    try {
      const bad = sh(`timeout 30 clamd -c ${forks}`, dir);
      expect(bad.code).toBe(0);
      await sleep(300);
      expect(spawnSync("pgrep", ["-f", `clamd -c ${forks}`]).status).toBe(0);
      const good = sh(`timeout 5 clamd -c ${stays}`, dir);
      expect(good.code).toBe(124);
    } finally {
      spawnSync("pkill", ["-f", `clamd -c ${dir}/`]);
    }
    expect(ruleIdsOf(clamdService(forks))).toEqual(["foreground-daemon"]);
    expect(ruleIdsOf(clamdService(stays))).toEqual([]);
    rows.push({
      rule: "foreground-daemon",
      fixture: "`clamd -c CONF` with a one-signature database; CONF without and with `Foreground yes`",
      binary: `clamav-daemon ${version("clamav-daemon")}`,
      bad: "clamd exited 0 at once and a clamd process stayed behind (it forked)",
      good: "with `Foreground yes` clamd kept running until `timeout` stopped it (exit 124)",
    });
  }, 60000);

  it("debug-mode: sshd -d serves one connection and exits, and supervise restarts it", async () => {
    const { dir: bad, port: badPort } = sshdService("-d");
    const { dir: good, port: goodPort } = sshdService("-D -e");
    const b = await underSupervise(bad, async () => {
      const first = await upPid(bad);
      const key = keyscan(badPort);
      const second = await upPid(bad, first);
      return { first, key, second };
    });
    // The first sshd served the scan and exited; supervise started another.
    expect(b.key).toMatch(/ssh-ed25519/);
    expect(b.first).toBeGreaterThan(0);
    expect(b.second).toBeGreaterThan(0);
    expect(b.second).not.toBe(b.first);
    const g = await underSupervise(good, async () => {
      const first = await upPid(good);
      const key = keyscan(goodPort);
      await sleep(1500);
      return { first, key, second: await upPid(good) };
    });
    expect(g.key).toMatch(/ssh-ed25519/);
    expect(g.second).toBe(g.first);
    const on = RULES.filter((r) => r.meta.id === "debug-mode");
    expect(ruleIdsWith(bad, on)).toEqual(["debug-mode"]);
    expect(ruleIdsWith(good, on)).toEqual([]);
    rows.push({
      rule: "debug-mode",
      fixture:
        "`exec /usr/sbin/sshd -d -f CONF` on a high port with a temporary host key, under `supervise`; good: `-D -e`",
      binary: `openssh-server ${version("openssh-server")}, ${DAEMONTOOLS}`,
      bad: "after one `ssh-keyscan`, sshd exited and `svstat` showed a new pid: supervise restarted it",
      good: "with `-D -e`, sshd served the scan and `svstat` showed the same pid 1.5 s later",
    });
  }, 60000);

  it("no-privilege-drop: clamd without a drop runs as root; after setuidgid nobody, as nobody", async () => {
    const uidOf = (pid: number): number =>
      Number(/^Uid:\s+(\d+)/m.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? -1);
    // nobody: the account the test passwd file (test/accounts.passwd) and this machine share.
    const nobody = Number(spawnSync("id", ["-u", "nobody"], { encoding: "utf8" }).stdout.trim());
    const { dir: bad, conf } = clamdAsService("");
    const { dir: good } = clamdAsService("setuidgid nobody ");
    // The pid svstat shows, a second later: still clamd (it loaded its database and stayed up), and its uid.
    const observe = async (dir: string) => {
      const pid = await upPid(dir);
      await sleep(1000);
      return { comm: fs.readFileSync(`/proc/${pid}/comm`, "utf8").trim(), uid: uidOf(pid) };
    };
    const b = await underSupervise(bad, () => observe(bad));
    const g = await underSupervise(good, () => observe(good));
    expect(b).toEqual({ comm: "clamd", uid: 0 });
    expect(nobody).toBeGreaterThan(0);
    expect(g).toEqual({ comm: "clamd", uid: nobody });
    const on = RULES.filter((r) => r.meta.id === "no-privilege-drop");
    expect(ruleIdsWith(bad, on)).toEqual(["no-privilege-drop"]);
    expect(ruleIdsWith(good, on)).toEqual([]);
    expect(fs.readFileSync(conf, "utf8")).not.toMatch(/^User/m);
    rows.push({
      rule: "no-privilege-drop",
      fixture:
        "`exec clamd -c CONF` (CONF without `User`, `Foreground yes`) under `supervise`; good: `exec setuidgid nobody clamd -c CONF`",
      binary: `clamav-daemon ${version("clamav-daemon")}, ${DAEMONTOOLS}`,
      bad: "/proc/PID/status of the pid `svstat` shows: `Uid: 0` (root)",
      good: `\`Uid: ${nobody}\`, the account setuidgid switched to`,
    });
  }, 60000);

  describe("fixed fixtures run like the good ones", () => {
    // Each bad fixture of a rule above, fixed by the built `svlint --fix` (with --fix-unsafe or
    // --fix-modes where the rule's fix needs them), then run under the same binary as its row.
    // The bad fixture is run again first where that is quick; under a supervisor (seconds each) its
    // row above, made from the same fixture function, has shown it.

    it.each([
      ["daemontools", "envdir ./env setuidgid nobody", DAEMONTOOLS],
      ["runit", "envdir ./env chpst -u nobody", `${RUNIT}, ${DAEMONTOOLS} (envdir)`],
      ["s6", "s6-envdir ./env s6-setuidgid nobody", `s6 ${version("s6")}`],
    ] as const)(
      "setuidgid-last (%s): the fixed chain reads the env dir before the drop",
      (suite, fixedChain, binary) => {
        const { chain, error } = SETUIDGID_BAD[suite];
        const dir = greetingService(chain);
        const b = sh("./run", dir);
        expect([b.code, b.err]).toEqual([111, expect.stringContaining(error)]);
        const command = svlintFix(dir);
        expect(read(dir, "run")).toBe(`#!/bin/sh\nexec ${fixedChain} sh -c 'echo "$GREETING"'\n`);
        expect(ruleIdsOf(dir)).toEqual([]);
        const g = sh("./run", dir);
        expect([g.code, g.out]).toEqual([0, "hello\n"]);
        rows.push({
          rule: "setuidgid-last",
          fixture: `\`${chain} …\`, env/ 0700, after ${command}: \`${fixedChain} …\``,
          binary,
          bad: `exit 111, \`${error}\``,
          good: "exit 0, the daemon printed the variable",
        });
      },
    );

    it("mkdir-before-multilog: the fixed log/run makes the directory, and the logger writes `current`", () => {
      const { dir: m, missing } = missingParentLogger();
      expect(sh("./log/run", m, "hello\n").code).toBe(111);
      const command = svlintFix(m);
      const parent = path.dirname(missing);
      expect(read(m, "log/run")).toBe(`#!/bin/sh\nmkdir -p ${parent}\nexec multilog t ${missing}\n`);
      expect(ruleIdsOf(m)).toEqual([]);
      expect(sh("./log/run", m, "hello\n").code).toBe(0);
      expect(fs.readFileSync(path.join(missing, "current"), "utf8")).toMatch(/^@4000[0-9a-f]{20} hello\n$/);
      rows.push({
        rule: "mkdir-before-multilog",
        fixture: `\`exec multilog t PARENT/app\` with PARENT missing, after ${command}: \`mkdir -p PARENT\` first`,
        binary: DAEMONTOOLS,
        bad: "exit 111, `multilog: fatal: unable to open directory PARENT/app: file does not exist`",
        good: "exit 0; multilog (root) made `app` itself and wrote the line to `PARENT/app/current`",
      });

      const v = svlogdWithoutDir();
      expect(feedLogger(v).code).toBe(111);
      svlintFix(v);
      expect(read(v, "log/run")).toBe("#!/bin/sh\nmkdir -p ./main\nexec svlogd -tt ./main\n");
      expect(ruleIdsOf(v)).toEqual([]);
      expect(feedLogger(v).code).toBe(0);
      expect(read(v, "log/main/current")).toMatch(/^\S+ hello\n$/);

      const s = s6logWithoutParent();
      const target = /s6-log t (\S+)/.exec(read(s, "log/run"))![1]!;
      const b = feedLogger(s);
      expect([b.code, b.err]).toEqual([111, expect.stringContaining("s6-log: fatal: unable to mkdir")]);
      svlintFix(s);
      expect(read(s, "log/run")).toBe(`#!/bin/sh\nmkdir -p ${path.dirname(target)}\nexec s6-log t ${target}\n`);
      expect(ruleIdsOf(s)).toEqual([]);
      expect(feedLogger(s).code).toBe(0);
      expect(fs.readFileSync(path.join(target, "current"), "utf8")).toMatch(/^@4000[0-9a-f]{20} hello\n$/);
      rows.push({
        rule: "mkdir-before-multilog",
        fixture: `\`svlogd -tt ./main\` without \`log/main\`; \`s6-log t DIR/x/y\` without \`DIR/x\`; after ${command}: \`mkdir -p ./main\`, \`mkdir -p DIR/x\` first`,
        binary: `${RUNIT}, s6 ${version("s6")}`,
        bad: "svlogd: exit 111, `unable to open log directory: ./main: file does not exist`; s6-log: exit 111, `unable to mkdir …`",
        good: "both exit 0 with the line in `main/current`, `DIR/x/y/current`",
      });
    });

    it("stderr-redirect-order: the fixed run sends stderr where the redirection meant it", () => {
      const late = lateMerge();
      expect(viaPipe(late)).toBe("to-stdout\n");
      const command = svlintFix(late);
      expect(read(late, "run")).toBe(`#!/bin/sh\nexec 2>&1\nexec ${BOTH_STREAMS}\n`);
      expect(ruleIdsOf(late)).toEqual([]);
      expect(viaPipe(late)).toBe("to-stdout\nto-stderr\n");
      rows.push({
        rule: "stderr-redirect-order",
        fixture: `\`exec 2>&1\` after the final exec, after ${command}: moved above it`,
        binary: "/bin/sh (dash)",
        bad: "the log pipe got stdout only",
        good: "the log pipe got both lines",
      });

      const { dir, file } = mergeBeforeFile();
      const original = read(dir, "run");
      expect(viaPipe(dir)).toBe("to-stderr\n");
      expect(fs.readFileSync(file, "utf8")).toBe("to-stdout\n");
      fs.rmSync(file);
      svlintFix(dir);
      expect(read(dir, "run")).toBe(original); // the swap is unsafe: --fix alone leaves it
      const unsafe = svlintFix(dir, { unsafe: true });
      expect(read(dir, "run")).toBe(`#!/bin/sh\n${BOTH_STREAMS} >${file} 2>&1\nexec true\n`);
      expect(ruleIdsOf(dir)).toEqual([]);
      expect(viaPipe(dir)).toBe("");
      expect(fs.readFileSync(file, "utf8")).toBe("to-stdout\nto-stderr\n");
      rows.push({
        rule: "stderr-redirect-order",
        fixture: `\`prog 2>&1 >FILE\` (not the main process), after ${unsafe} (\`--fix\` alone leaves it): \`prog >FILE 2>&1\``,
        binary: "/bin/sh (dash)",
        bad: "stderr went to the pipe, FILE got stdout only",
        good: "FILE got both lines, the pipe nothing",
      });
    });

    it("shebang: supervise starts the fixed runs", async () => {
      let command = "";
      for (const text of [NO_SHEBANG, CRLF_SHEBANG]) {
        const dir = service({ run: text, "log/run": LOGRUN_OK });
        command = svlintFix(dir);
        expect(read(dir, "run")).toBe("#!/bin/sh\nexec sleep 60\n");
        expect(ruleIdsOf(dir)).toEqual([]);
        const { out, status } = await superviseStatus(dir);
        expect(out).not.toContain("unable to start");
        expect(status).toMatch(/^\.: up \(pid \d+\) \d+ seconds?$/);
      }
      rows.push({
        rule: "shebang",
        fixture: `a run without \`#!\`, and one saved with CRLF line endings, after ${command}: \`#!/bin/sh\` added; LF endings`,
        binary: DAEMONTOOLS,
        bad: "no `#!`: `supervise: fatal: unable to start ./run: exec format error`; CRLF: `… unable to start ./run: file does not exist`",
        good: "supervise started each: `svstat` says `up (pid …)`",
      });
    }, 20000);

    it("env-dir-permissions: after --fix-modes another account cannot read the value; envdir as root still can", () => {
      const dir = tokenService(0o644, 0o755);
      expect(sh("setuidgid nobody cat env/TOKEN >/dev/null", dir).code).toBe(0);
      svlintFix(dir);
      expect([modeOf(dir, "env"), modeOf(dir, "env/TOKEN")]).toEqual([0o755, 0o644]); // modes need --fix-modes
      const command = svlintFix(dir, { modes: true });
      expect([modeOf(dir, "env"), modeOf(dir, "env/TOKEN")]).toEqual([0o700, 0o600]);
      expect(ruleIdsOf(dir)).toEqual([]);
      const g = sh("setuidgid nobody cat env/TOKEN >/dev/null", dir);
      expect(g.code).not.toBe(0);
      expect(g.err).toContain("Permission denied");
      // The run's reader, envdir before setuidgid, runs as root: it still reads the value.
      expect(sh("envdir ./env sh -c 'echo \"$TOKEN\"'", dir).out).toBe("not-a-real-secret\n");
      rows.push({
        rule: "env-dir-permissions",
        fixture: `env/ 0755 and env/TOKEN 0644, after ${command}: 0700 and 0600`,
        binary: `${DAEMONTOOLS}, ${COREUTILS}`,
        bad: "exit 0: nobody read the value",
        good: "`Permission denied` for nobody; the run's `envdir ./env` (as root) still reads it",
      });
    });

    it("run-executable: after --fix-modes runsv starts the run, and sv check runs the check", async () => {
      const dir = modedRun(0o644);
      const command = svlintFix(dir, { modes: true });
      expect(modeOf(dir, "run")).toBe(0o755);
      expect(ruleIdsOf(dir)).toEqual([]);
      expect((await underRunsv(dir, "status")).out).toMatch(/^run: /);

      const check = failingCheck(0o644);
      svlintFix(check, { modes: true });
      expect(modeOf(check, "check")).toBe(0o755);
      expect(ruleIdsOf(check)).toEqual([]);
      const obeyed = await underRunsv(check, "check");
      expect(obeyed.out).toMatch(/^timeout: run: /);
      rows.push({
        rule: "run-executable",
        fixture: `a 0644 \`run\`; a 0644 \`check\` that exits 1; after ${command}: 0755`,
        binary: RUNIT,
        bad: "`runsv …: fatal: unable to start ./run: access denied`; `sv check`: `ok: run: …` (the check skipped)",
        good: "`sv status`: `run: …`; `sv check` runs the check: `timeout: run: …`",
      });
    }, 30000);

    it("exec-daemon: after --fix, svc -d stops the daemon", async () => {
      const dir = noExec(3003);
      try {
        const command = svlintFix(dir);
        expect(read(dir, "run")).toBe("#!/bin/sh\nexec sleep 3003\n");
        expect(ruleIdsOf(dir)).toEqual([]);
        expect(await runningAfterDown(dir, "sleep 3003")).toEqual([true, false]);
        rows.push({
          rule: "exec-daemon",
          fixture: `\`sleep 3003\` run by sh, after ${command}: \`exec sleep 3003\`; supervise, then \`svc -d\``,
          binary: `${DAEMONTOOLS}, dash`,
          bad: "the shell was stopped; `sleep 3003` kept running, unsupervised",
          good: "`sleep 3003` was stopped",
        });
      } finally {
        killMatching("^sleep 3003$");
      }
    }, 20000);

    it("env-file-format: after --fix envdir and chpst -e read the CRLF file's value without \\r", () => {
      const dir = envFileService(ENV_FILES_BAD);
      const values = () => ENV_READERS.map((reader) => envRead(reader, dir));
      expect(values()).toEqual(["line1|db.local\r|B=y", "line1|db.local\r|B=y", "line1|db.local|"]);
      const command = svlintFix(dir);
      expect(read(dir, "env/CR")).toBe("db.local\n");
      expect([read(dir, "env/MULTI"), read(dir, "env/A=B")]).toEqual(["line1\nline2\n", "y\n"]);
      // The two-line file and the name with `=` are for a person (docs/rules/env-file-format.md).
      expect(
        findings(dir, lintWith(dir, RULES, "live"))
          .filter((f) => f.ruleId === "env-file-format")
          .map((f) => f.file)
          .sort(),
      ).toEqual(["env/A=B", "env/MULTI"]);
      expect(values()).toEqual(["line1|db.local|B=y", "line1|db.local|B=y", "line1|db.local|"]);
      rows.push({
        rule: "env-file-format",
        fixture: `the env/ above, after ${command}: \`env/CR\` is \`db.local\\n\`; the two-line file and \`A=B\` are not fixed (still reported)`,
        binary: `${DAEMONTOOLS}, ${RUNIT}, s6 ${version("s6")}`,
        bad: "envdir and `chpst -e` set CR to `db.local\\r`",
        good: "all three set CR to `db.local`, as from the good fixture",
      });
    });

    it("stderr-to-log: after --fix both streams reach multilog's `current`", async () => {
      const root = multilogScan(`#!/bin/sh\nexec ${STDERR_DAEMON}\n`);
      const svc = path.join(root, "svc");
      expect(await supervisorOutput("svscan", [root], "/", 2500)).toContain("to-stderr");
      expect(logged(root)).toBe("to-stdout\n");
      fs.rmSync(path.join(svc, "log/main"), { recursive: true });
      const command = svlintFix(svc, { keep: ["stderr-to-log"] });
      expect(read(svc, "run")).toBe(`#!/bin/sh\nexec 2>&1\nexec ${STDERR_DAEMON}\n`);
      expect(ruleIdsOf(svc, ["stderr-to-log"])).toEqual([]);
      await supervisorOutput("svscan", [root], "/", 2500);
      expect(logged(root)).toBe("to-stdout\nto-stderr\n");
      rows.push({
        rule: "stderr-to-log",
        fixture: `svscan on the daemon writing to both streams, after ${command}: \`exec 2>&1\` before its exec`,
        binary: DAEMONTOOLS,
        bad: "`log/main/current` holds the stdout line only",
        good: "`log/main/current` holds both lines",
      });
    }, 20000);

    it.each(LOGGER_SCRIPTS)(
      "$rule: the fixed logger script logs the line",
      ({ rule, binary, bad, fixed, expectBad, badSays }) => {
        const dir = loggerService(bad);
        expectBad(feedLogger(dir), dir);
        const command = svlintFix(dir);
        expect(read(dir, "log/run")).toBe(`#!/bin/sh\nexec ${fixed}\n`);
        expect(ruleIdsOf(dir)).toEqual([]);
        expect(feedLogger(dir).code).toBe(0);
        expect(read(dir, "log/main/current")).toMatch(/^\S+ hello\n$/);
        rows.push({
          rule,
          fixture: `\`${bad}\`, after ${command}: \`${fixed}\``,
          binary,
          bad: badSays,
          good: "exit 0, `hello` in `main/current`",
        });
      },
    );

    it("foreground-daemon: after --fix BusyBox acpid stays in the foreground and svc -d stops it", async () => {
      const bad = acpidService("");
      const fixedPattern = `acpid -f ${bad.args}`;
      try {
        const command = svlintFix(bad.dir);
        expect(read(bad.dir, "run")).toBe(`#!/bin/sh\nexec 2>&1\nexec ./acpid -f ${bad.args}\n`);
        expect(ruleIdsOf(bad.dir)).toEqual([]);
        expect(await acpidAfterDown({ dir: bad.dir, pattern: fixedPattern })).toEqual([1, 0]);
        rows.push({
          rule: "foreground-daemon",
          fixture: `BusyBox \`./acpid …\`, after ${command}: \`./acpid -f …\`; supervise for 3 s, then \`svc -d\``,
          binary: `${DAEMONTOOLS}, busybox ${version("busybox")}`,
          bad: "acpid forked; after `svc -d` two or more forked copies were still running",
          good: "one acpid stayed in the foreground and `svc -d` stopped it",
        });
      } finally {
        killMatching(bad.pattern);
        killMatching(fixedPattern);
      }
    }, 30000);

    it("foreground-daemon: after --fix clamd stays in the foreground", async () => {
      const { dir: confs, forks } = clamdConfs();
      const dir = clamdService(forks);
      try {
        expect(sh("timeout 30 ./run", dir).code).toBe(0);
        await sleep(300);
        expect(count(`clamd -c ${forks}`)).toBe(1);
        killMatching(`clamd -c ${forks}`);
        const command = svlintFix(dir);
        expect(read(dir, "run")).toBe(`#!/bin/sh\nexec 2>&1\nexec clamd --foreground -c ${forks}\n`);
        expect(ruleIdsOf(dir)).toEqual([]);
        expect(sh("timeout 5 ./run", dir).code).toBe(124);
        rows.push({
          rule: "foreground-daemon",
          fixture: `\`clamd -c CONF\`, CONF without \`Foreground\`, after ${command}: \`clamd --foreground -c CONF\``,
          binary: `clamav-daemon ${version("clamav-daemon")}`,
          bad: "`./run` exited 0 at once and a clamd process stayed behind (it forked)",
          good: "`./run` kept running until `timeout` stopped it (exit 124)",
        });
      } finally {
        killMatching(`clamd .*-c ${confs}/`);
      }
    }, 60000);

    it("the seed fixtures, after --fix --fix-unsafe, under svscan", async () => {
      const top = openTemp();
      const scan = path.join(top, "scan");
      const standIn = path.join(top, "bin/metricsd");
      writeTree(top, { "bin/metricsd": { content: METRICSD_STAND_IN, mode: 0o755 } });
      for (const name of SEED_CASES) fs.cpSync(path.join(SEED, name), path.join(scan, name), { recursive: true });
      // Fixed as deployed: a live tree, judged against the fixtures' accounts (metrics among them).
      const lint = () => {
        const r = svlint(["-f", "json", "--no-config", "--context", "live", scan]);
        return JSON.parse(r.stdout) as Array<{
          filePath: string;
          service: string;
          messages: Array<{ ruleId: string; suggestions?: Array<{ desc: string; edits: Edit[] }> }>;
        }>;
      };
      const fix = svlint(["--fix", "--fix-unsafe", "--no-config", "--context", "live", scan]);
      expect(fix.stderr).not.toMatch(/internal error|fix not applied|not written/);
      // The first suggestion of each finding left, applied to a copy of the fixed case.
      const applied = new Map<string, string[]>();
      for (const f of lint()) {
        const firsts = f.messages.flatMap((m) => m.suggestions?.slice(0, 1) ?? []);
        if (firsts.length === 0) continue;
        const name = path.basename(f.service);
        const copy = path.join(scan, `${name}-suggested`);
        if (!fs.existsSync(copy)) fs.cpSync(f.service, copy, { recursive: true });
        const file = path.join(copy, path.relative(f.service, f.filePath));
        const text = applyEdits(
          fs.readFileSync(file, "utf8"),
          firsts.flatMap((s) => s.edits),
        );
        expect(text).toBeDefined();
        fs.writeFileSync(file, text!);
        applied.set(name, [...(applied.get(name) ?? []), ...firsts.map((s) => s.desc)]);
      }
      const left = new Map<string, string[]>();
      for (const f of lint()) {
        const name = path.basename(f.service);
        left.set(name, [...(left.get(name) ?? []), ...f.messages.map((m) => m.ruleId)].sort());
      }
      const services = fs.readdirSync(scan).sort();
      for (const name of services) {
        const svc = path.join(scan, name);
        const seed = name.replace(/-suggested$/, "");
        if (name === seed)
          expect([name, ["run", "log/run"].filter((f) => read(svc, f) !== read(path.join(SEED, seed), f))]).toEqual([
            name,
            SEED_RUNS[seed]!.changed,
          ]);
        // What this machine lacks: the accounts, /var/log (one per service: their loggers would
        // share it) and the daemon.
        const varLog = path.join(top, `var-log-${name}`);
        fs.mkdirSync(varLog, { mode: 0o755 });
        for (const f of ["run", "log/run"]) {
          const text = read(svc, f)
            .replaceAll("/var/log/", `${varLog}/`)
            .replaceAll("/usr/local/bin/metricsd", standIn)
            .replaceAll("metrics:metrics", "nobody:nogroup")
            .replace(/(?<![\w/.-])(metrics|log)(?![\w/.-])/g, "nobody");
          fs.writeFileSync(path.join(svc, f), text);
        }
      }
      expect(services.filter((n) => n.endsWith("-suggested"))).toEqual(
        SEED_CASES.filter((n) => SEED_RUNS[n]!.suggested).map((n) => `${n}-suggested`),
      );
      const out = await supervisorOutput("svscan", [scan], "/", 3000).finally(() =>
        killMatching(`^/bin/sh ${standIn}`),
      );
      // Every fixed case starts: no chown, multilog or supervise failure anywhere in svscan's output.
      expect(out).not.toMatch(/fatal|missing operand|unable to/);
      for (const name of services) {
        const seed = name.replace(/-suggested$/, "");
        const expected = name === seed ? SEED_RUNS[seed]! : SEED_RUNS[seed]!.suggested!;
        const rules = left.get(name) ?? [];
        expect([name, rules]).toEqual([name, [...expected.left].sort()]);
        const observed = seedObserved(path.join(scan, name), path.join(top, `var-log-${name}`), expected.logs);
        const what = (list: string[]) => (list.length === 0 ? "none" : [...new Set(list)].join(", "));
        if (name === seed) {
          const run = SEED_RUNS[seed]!;
          seedRows.push({
            name,
            changed:
              run.changed.length === 0 ? "nothing" : `${run.changed.map((f) => `\`${f}\``).join(", ")}: ${run.how}`,
            left: what(rules),
            observed: expected.logs.to === "FILE" ? `${observed} (${what(rules)}: suggestions only)` : observed,
          });
        } else suggestedRows.push({ name: seed, changed: applied.get(seed)!.join("; "), left: what(rules), observed });
      }
    }, 30000);
  });
});
