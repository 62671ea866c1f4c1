// The real pre-commit (Debian package) installs this checkout as a hook and runs it, as a user's
// repository would: `pre-commit try-repo <checkout> svlint --all-files`. `npm test` checks
// that pre-commit and nodeenv are installed (scripts/prereqs.mjs).
import { spawnSync } from "node:child_process";
import { ROOT } from "./cli-helpers.js";
import { tempDir, writeTree } from "./helpers.js";

if (spawnSync("sh", ["-c", "command -v pre-commit && command -v nodeenv"]).status !== 0)
  throw new Error("pre-commit and nodeenv are missing: run `npm run prereqs`");

const LOG = "#!/bin/sh\nexec setuidgid log multilog t ./main\n";
const GOOD = {
  "sv/web/run": "#!/bin/sh\nexec 2>&1\nexec envdir ./env setuidgid app /usr/bin/app\n",
  "sv/web/log/run": LOG,
  README: "not a service file\n",
};
const BAD = {
  ...GOOD,
  "sv/api/run": "#!/bin/sh\nexec setuidgid app envdir ./env /usr/bin/api\n",
  "sv/api/log/run": LOG,
};

function gitRepo(spec: Record<string, string>): string {
  const dir = writeTree(tempDir("svlint-precommit-"), spec);
  for (const args of [
    ["init", "-q"],
    ["add", "-A"],
    ["-c", "user.email=t@example.invalid", "-c", "user.name=t", "commit", "-qm", "services"],
  ]) {
    const r = spawnSync("git", args, { cwd: dir });
    if (r.status !== 0) throw new Error(`git ${args.join(" ")}: ${r.stderr}`);
  }
  return dir;
}

describe("pre-commit hook", () => {
  const home = tempDir("svlint-precommit-home-");
  const tryRepo = (dir: string) => {
    const r = spawnSync("pre-commit", ["try-repo", ROOT, "svlint", "--all-files"], {
      cwd: dir,
      encoding: "utf8",
      env: { ...process.env, PRE_COMMIT_HOME: home, NO_COLOR: "1" },
      timeout: 400_000,
    });
    return { code: r.status, out: `${r.stdout}${r.stderr}` };
  };

  it("passes on a repository of good services", () => {
    const r = tryRepo(gitRepo(GOOD));
    expect(r.out).toMatch(/svlint\.+Passed/);
    expect(r.code).toBe(0);
  }, 420_000);

  it("fails on a bad service and shows the finding", () => {
    const r = tryRepo(gitRepo(BAD));
    expect(r.out).toMatch(/svlint\.+Failed/);
    expect(r.out).toContain("sv/api/run");
    expect(r.out).toMatch(/2:20 +error +`envdir` runs after `setuidgid`.*setuidgid-last/);
    expect(r.out).not.toContain("sv/web/run\n");
    expect(r.code).toBe(1);
  }, 420_000);
});
