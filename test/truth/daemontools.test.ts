// Ground truth: run the real daemontools binaries (Debian package) on the same scripts svlint
// judges, and check that reality and svlint's verdict agree. `.ci/run` installs the packages;
// where they are missing outside CI, these tests are skipped with a notice, never passed.
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { RULES } from "../../src/rules/index.js";
import { findings, lintWith, makeService } from "../helpers.js";

const have = (cmd: string): boolean => spawnSync("sh", ["-c", `command -v ${cmd}`]).status === 0;
const ready = ["setuidgid", "envdir", "softlimit"].every(have) && process.getuid?.() === 0;
if (!ready && process.env.CI) throw new Error("ground-truth tests need daemontools and root in CI (.ci/run installs them)");
if (!ready) console.warn("ground truth skipped: install daemontools and run as root (apt-get install daemontools)");
const truth = ready ? describe : describe.skip;

/** Opens the service dir and its temp parent (mkdtemp makes 0700), so only env/'s own mode can deny. */
function openParents(dir: string): string {
  fs.chmodSync(path.dirname(dir), 0o755);
  fs.chmodSync(dir, 0o755);
  return dir;
}

function sh(script: string, cwd: string) {
  const r = spawnSync("sh", ["-c", script], { cwd, encoding: "utf8", timeout: 10000, env: { ...process.env, LC_ALL: "C" } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

truth("daemontools 0.76, observed", () => {
  it("setuidgid before envdir on a 0700 env dir: envdir exits 111, and svlint reports setuidgid-last", () => {
    const run = "#!/bin/sh\nexec setuidgid nobody envdir ./env sh -c 'echo \"$GREETING\"'\n";
    const dir = openParents(makeService({ run, "log/run": "#!/bin/sh\nexec multilog t ./main\n", "env/GREETING": { content: "hello\n", mode: 0o600 }, env: { dir: true, mode: 0o700 } }));
    expect(sh("setuidgid nobody ls . >/dev/null", dir).code).toBe(0); // nobody can read the service dir itself
    const r = sh("./run", dir);
    expect(r.code).toBe(111);
    expect(r.err).toContain("envdir: fatal: unable to switch to directory ./env: access denied");
    expect(findings(dir, lintWith(dir, RULES)).map((f) => f.ruleId)).toContain("setuidgid-last");
  });

  it("envdir before setuidgid: the daemon sees the variable, and svlint reports nothing", () => {
    const run = "#!/bin/sh\nexec envdir ./env setuidgid nobody sh -c 'echo \"$GREETING\"'\n";
    const dir = makeService({ run, "log/run": "#!/bin/sh\nexec multilog t ./main\n", "env/GREETING": { content: "hello\n", mode: 0o600 }, env: { dir: true, mode: 0o700 } });
    const r = sh("./run", dir);
    expect(r.code).toBe(0);
    expect(r.out).toBe("hello\n");
    expect(findings(dir, lintWith(dir, RULES))).toEqual([]);
  });

  it("softlimit after setuidgid clamps to the hard limit exactly as root does: not a setuidgid-last finding", () => {
    const asUser = sh("setuidgid nobody softlimit -o 99999999 sh -c 'ulimit -n; ulimit -Hn'", "/");
    const asRoot = sh("softlimit -o 99999999 sh -c 'ulimit -n; ulimit -Hn'", "/");
    expect(asUser.code).toBe(0);
    const [soft, hard] = asUser.out.trim().split("\n");
    expect(soft).toBe(hard);
    expect(asRoot.out).toBe(asUser.out);
    const dir = makeService({ run: "#!/bin/sh\nexec setuidgid nobody softlimit -o 99999999 true\n", "log/run": "#!/bin/sh\nexec multilog t ./main\n" });
    expect(findings(dir, lintWith(dir, RULES))).toEqual([]);
  });

  it("chown with an owner and no file: exit 1 'missing operand', the script goes on; svlint reports chown-target", () => {
    const dir = makeService({ run: "#!/bin/sh\nexec true\n", "log/run": "#!/bin/sh\nmkdir -p ./logdir\nchown -R nobody:nogroup\necho still-running\nexec true\n" });
    const r = sh("./log/run", dir);
    expect(r.err).toContain("chown: missing operand after 'nobody:nogroup'");
    expect(r.out).toBe("still-running\n");
    expect(fs.statSync(path.join(dir, "logdir")).uid).toBe(0);
    expect(findings(dir, lintWith(dir, RULES)).map((f) => f.ruleId)).toEqual(["chown-target"]);
  });
});
