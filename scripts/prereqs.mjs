// @ts-check
// npm test's first step (and .ci/run's): the Debian packages the test suite runs for real. The one
// list: ground truth runs the supervisors, the pre-commit test the real pre-commit, the native test
// needs the addon that node-gyp builds. As root, missing packages are installed with apt-get (and
// the addon rebuilt when the toolchain was missing); otherwise this stops at once with the line to
// run, so no test is skipped for want of a binary.
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/** @type {Array<[string, string[]]>} Package, and the programs of it the tests run (on PATH) or files it installs. */
const PACKAGES = [
  ["daemontools", ["svscan", "supervise", "svc", "multilog", "setuidgid", "envdir", "softlimit"]],
  ["runit", ["runsv", "sv", "chpst", "svlogd"]],
  ["s6", ["s6-svscan", "s6-supervise", "s6-log", "s6-setuidgid", "s6-envdir"]],
  ["execline", ["execlineb"]],
  ["busybox", ["busybox"]],
  ["procps", ["pgrep", "pkill"]],
  ["clamav-daemon", ["clamd"]],
  ["pre-commit", ["pre-commit"]],
  ["nodeenv", ["nodeenv"]],
  ["git", ["git"]],
  // node-gyp's toolchain for native/ (`npm ci` builds it; test/native.test.ts needs it).
  ["g++", ["g++"]],
  ["make", ["make"]],
  ["python3", ["python3"]],
  // test/lsp-nvim.test.ts runs the language server under a real editor.
  ["neovim", ["nvim"]],
  // test/action.test.ts reads action.yml with PyYAML.
  ["python3-yaml", ["/usr/lib/python3/dist-packages/yaml/__init__.py"]],
];

const onPath = (cmd) =>
  (process.env.PATH ?? "").split(":").some((d) => {
    try {
      fs.accessSync(path.join(d || ".", cmd), fs.constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });

/** A program on PATH, or a file (an absolute path) the package installs. */
const present = (probe) => (probe.startsWith("/") ? fs.existsSync(probe) : onPath(probe));
const missing = () => PACKAGES.filter(([, probes]) => !probes.every(present)).map(([pkg]) => pkg);
const addon = path.join(ROOT, "native/build/Release/svlint_parser.node");

/** `--packages`: the packages only (.ci/run, before `npm ci` has fetched what the addon is built from). */
export function main(packagesOnly = process.argv.includes("--packages")) {
  const absent = missing();
  const needAddon = !packagesOnly && !fs.existsSync(addon);
  if (absent.length === 0 && !needAddon) return 0;
  const line = `apt-get install -y --no-install-recommends ${absent.join(" ")}`;
  if (process.getuid?.() !== 0) {
    if (absent.length > 0) {
      console.error(`svlint's tests run the real supervisors; missing: ${absent.join(", ")}. As root, run:`);
      console.error(`  apt-get update && ${line}`);
    }
    if (needAddon)
      console.error(`the native addon is not built: run \`npm run build:native\` (needs g++, make, python3)`);
    return 1;
  }
  if (absent.length > 0) {
    console.error(`prereqs: installing ${absent.join(" ")}`);
    const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
    // Debian's policy-rc.d convention (exit 101): the packages' daemons are not started on install.
    const policy = "/usr/sbin/policy-rc.d";
    const ownPolicy = !fs.existsSync(policy);
    if (ownPolicy) fs.writeFileSync(policy, "#!/bin/sh\nexit 101\n", { mode: 0o755 });
    try {
      for (const args of [
        ["update", "-qq"],
        ["install", "-y", "-qq", "--no-install-recommends", ...absent],
      ]) {
        const r = spawnSync("apt-get", args, { stdio: ["ignore", "ignore", "inherit"], env });
        if (r.status !== 0) {
          console.error(`prereqs: apt-get ${args[0]} failed (exit ${r.status ?? r.signal}); run: ${line}`);
          return 1;
        }
      }
    } finally {
      if (ownPolicy) fs.rmSync(policy, { force: true });
    }
    const still = missing();
    if (still.length > 0) {
      console.error(`prereqs: still missing after apt-get: ${still.join(", ")}`);
      return 1;
    }
  }
  if (needAddon) {
    console.error("prereqs: building the native addon");
    const r = spawnSync("npm", ["run", "build:native"], { cwd: ROOT, stdio: "inherit" });
    if (r.status !== 0 || !fs.existsSync(addon)) {
      console.error("prereqs: the native addon did not build; see node-gyp's output above");
      return 1;
    }
  }
  return 0;
}

if (process.argv[1] && fs.realpathSync(process.argv[1]) === fileURLToPath(import.meta.url)) process.exitCode = main();
