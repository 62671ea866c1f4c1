// Supervisor detection: real service directories for each suite, and forcing it from the
// command line and the config file; the family is carried in JSON and SARIF.
import * as fs from "node:fs";
import * as path from "node:path";
import { lintService } from "../src/engine/lint.js";
import { RULES } from "../src/rules/index.js";
import { readService } from "../src/service.js";
import { svlint } from "./cli-helpers.js";
import { makeService, tempDir, writeTree } from "./helpers.js";

const familyOf = (dir: string) => lintService(readService(dir), { rules: RULES })[0]!.supervisor;

describe("supervisor detection", () => {
  it.each([
    [
      "daemontools: multilog",
      { run: "#!/bin/sh\nexec app\n", "log/run": "#!/bin/sh\nexec setuidgid log multilog t ./main\n" },
      "daemontools",
    ],
    ["daemontools: envdir", { run: "#!/bin/sh\nexec envdir ./env app\n" }, "daemontools"],
    ["runit: chpst", { run: "#!/bin/sh\nexec chpst -u app app\n" }, "runit"],
    [
      "runit: svlogd in log/run",
      { run: "#!/bin/sh\nexec app\n", "log/run": "#!/bin/sh\nexec svlogd -tt ./main\n" },
      "runit",
    ],
    ["runit: sv in run", { run: "#!/bin/sh\nsv start postgresql || exit 1\nexec app\n" }, "runit"],
    ["runit: Debian's invoke-run", { run: "#!/usr/bin/env /lib/runit/invoke-run\nexec app\n" }, "runit"],
    ["s6: execline run script", { run: "#!/command/execlineb -P\napp\n" }, "s6"],
    ["s6: notification-fd", { run: "#!/bin/sh\nexec app\n", "notification-fd": "3\n" }, "s6"],
    ["s6: s6-setuidgid in a shell script", { run: "#!/bin/sh\nexec s6-setuidgid app app\n" }, "s6"],
  ] as const)("%s", (_name, spec, family) => {
    expect(familyOf(makeService(spec))).toBe(family);
  });

  it("leaves the family unknown when nothing names one", () => {
    expect(familyOf(makeService({ run: "#!/bin/sh\nexec app\n" }))).toBeUndefined();
  });

  it("--supervisor forces it, shows in JSON and SARIF, and rejects unknown names", () => {
    const dir = makeService({ run: "#!/bin/sh\nexec chpst -u app app\n" });
    const json = JSON.parse(svlint(["-f", "json", "--no-config", "--supervisor", "s6", dir]).stdout) as Array<{
      supervisor?: string;
    }>;
    expect(json.map((r) => r.supervisor)).toEqual(["s6"]);
    const detected = JSON.parse(svlint(["-f", "json", "--no-config", dir]).stdout) as Array<{ supervisor?: string }>;
    expect(detected.map((r) => r.supervisor)).toEqual(["runit"]);
    const sarif = JSON.parse(svlint(["-f", "sarif", "--no-config", dir]).stdout) as {
      runs: Array<{ results: Array<{ properties?: { supervisor?: string } }> }>;
    };
    expect(sarif.runs[0]!.results.length).toBeGreaterThan(0);
    for (const r of sarif.runs[0]!.results) expect(r.properties?.supervisor).toBe("runit");
    const bad = svlint(["--supervisor", "systemd", dir]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("unknown supervisor 'systemd'");
  });

  it("the config file's `supervisor` forces it; a wrong value is a config error", () => {
    const root = tempDir();
    writeTree(root, {
      "svc/run": "#!/bin/sh\nexec chpst -u app app\n",
      ".svlintrc.json": JSON.stringify({ supervisor: "daemontools" }),
    });
    const json = JSON.parse(svlint(["-f", "json", path.join(root, "svc")]).stdout) as Array<{ supervisor?: string }>;
    expect(json.map((r) => r.supervisor)).toEqual(["daemontools"]);
    fs.writeFileSync(path.join(root, ".svlintrc.json"), JSON.stringify({ supervisor: "upstart" }));
    const bad = svlint([path.join(root, "svc")]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("'supervisor' must be one of daemontools, runit, s6");
  });
});
