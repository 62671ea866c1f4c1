import * as fs from "node:fs";
import * as path from "node:path";
import rule from "../../src/rules/run-executable.js";
import { fixServices } from "../../src/fix/run.js";
import {
  lintWith,
  makeRepoService,
  makeService,
  MULTILOG_LOG_RUN,
  runRuleTests,
  TEST_PASSWD,
  writeTree,
} from "../helpers.js";

const RUN = "#!/bin/sh\nexec app\n";

runRuleTests(rule, {
  valid: [
    {
      name: "checkout: a build class elsewhere in the repository sets the modes (Yocto's runit.bbclass)",
      files: { run: { content: "#!/bin/sh\nexec kea-dhcp4\n", mode: 0o644 } },
      repo: { "classes/runit.bbclass": "do_install_append() {\n  chmod u+x ${D}${sysconfdir}/sv/*/run\n}\n" },
      at: "recipes-connectivity/kea/files/sv/kea-dhcp4",
    },
    {
      name: "checkout: GNU install without -m gives 0755",
      files: { run: { content: "#!/bin/sh\nexec ly\n", mode: 0o644 } },
      repo: { makefile: "install:\n\tinstall -DZ runit/* -t /etc/sv/ly\n" },
      at: "runit",
    },
    {
      name: "checkout: s6-rc-compile sets the modes of a source definition",
      files: { run: { content: "#!/bin/sh\nexec app\n", mode: 0o644 }, type: "longrun\n" },
      repo: {},
      at: "src/app",
    },
    {
      name: "checkout: the Dockerfile makes the scripts executable",
      files: { run: { content: "#!/bin/sh\nexec app\n", mode: 0o644 } },
      repo: { Dockerfile: "FROM debian\nCOPY sv /etc/service\nRUN chmod +x /etc/service/*/run\n" },
    },
    {
      name: "checkout: the Dockerfile runs chmod with options through xargs",
      files: { run: { content: "#!/bin/sh\nexec app\n", mode: 0o644 } },
      repo: { Dockerfile: 'FROM debian\nCOPY sv /etc/service\nRUN find . -name "run" | xargs chmod -v a+x\n' },
    },
    {
      name: "checkout: xbps-src's vsv installs run 0755",
      files: { run: { content: "#!/bin/sh\nexec app\n", mode: 0o644 } },
      repo: { "srcpkgs/app/template": "post_install() {\n\tvsv app\n}\n" },
      at: "srcpkgs/app/files/app",
    },
    { name: "run and log/run 0755", files: { run: RUN, "log/run": MULTILOG_LOG_RUN } },
    { name: "owner-only executable (0700) counts", files: { run: { content: RUN, mode: 0o700 } } },
    {
      name: "run is a symlink to an executable file",
      files: { "bin/app-run": { content: RUN, mode: 0o755 }, run: { symlink: "bin/app-run" } },
    },
    { name: "a FIFO named run is not this rule's to report", files: { run: { fifo: true } } },
    {
      name: "runit: finish and check executable",
      files: {
        run: "#!/bin/sh\nexec chpst -u app app\n",
        finish: "#!/bin/sh\nexit 0\n",
        check: "#!/bin/sh\nexec sv status .\n",
      },
    },
    {
      name: "s6: execline run executable",
      files: { run: "#!/command/execlineb -P\ns6-setuidgid app app\n", "notification-fd": "3\n" },
    },
  ],
  invalid: [
    {
      name: "checkout: a lone run that never execs may be no service (a package recipe named run): a note",
      files: { run: { content: "#!/bin/sh\nNAME=alsa-lib\nbuild() {\n  make\n}\n", mode: 0o644 } },
      repo: {},
      errors: [{ messageId: "checkout", severity: "info", certainty: "conditional" }],
    },
    {
      name: "checkout: a 0644 log/run beside a 0755 run",
      files: {
        run: "#!/bin/sh\nexec app\n",
        "log/run": { content: "#!/bin/sh\nexec multilog t ./main\n", mode: 0o644 },
      },
      repo: {},
      errors: [
        {
          messageId: "inconsistent",
          file: "log/run",
          severity: "warning",
          certainty: "proven",
          includes: "while `run` is",
          data: {
            file: "log/run",
            mode: "0644",
            siblings: "`run`",
            are: "is",
            consequence: "the logger never starts and the service blocks once the pipe to it fills",
          },
        },
      ],
    },
    {
      name: "checkout: one 0644 run among executable siblings",
      files: { run: { content: "#!/bin/sh\nexec app\n", mode: 0o644 } },
      repo: { "sv/a/run": "#!/bin/sh\nexec a\n", "sv/b/run": "#!/bin/sh\nexec b\n" },
      errors: [{ messageId: "inconsistent", severity: "warning", includes: "2 of the 2 services beside it" }],
    },
    {
      name: "checkout: nothing sets the mode, so it holds only if installed as checked out",
      files: { run: { content: "#!/bin/sh\nexec app\n", mode: 0o644 } },
      repo: {},
      errors: [{ messageId: "checkout", severity: "warning", certainty: "conditional" }],
    },
    {
      name: "run 0644",
      files: { run: { content: RUN, mode: 0o644 } },
      errors: [
        {
          messageId: "notExecutable",
          // A mode, not a line: at the start of the file.
          file: "run",
          line: 1,
          column: 1,
          endLine: 1,
          endColumn: 1,
          includes: "0644",
          data: {
            file: "run",
            mode: "0644",
            consequence:
              'the supervisor cannot start the service ("unable to start ./run: access denied") and retries every second',
          },
        },
      ],
    },
    {
      name: "log/run 0644 (daemontools)",
      files: { run: RUN, "log/run": { content: MULTILOG_LOG_RUN, mode: 0o644 } },
      errors: [{ messageId: "notExecutable", file: "log/run", includes: "logger never starts" }],
    },
    {
      name: "runit: check not executable is skipped by sv check",
      files: { run: "#!/bin/sh\nexec chpst -u app app\n", check: { content: "#!/bin/sh\nexit 1\n", mode: 0o644 } },
      errors: [{ messageId: "notExecutable", file: "check", includes: "sv check" }],
    },
    {
      name: "s6: finish 0600",
      files: { run: "#!/command/execlineb -P\napp\n", finish: { content: "#!/bin/sh\nexit 0\n", mode: 0o600 } },
      errors: [
        {
          messageId: "notExecutable",
          file: "finish",
          line: 1,
          column: 1,
          includes: "0600",
          data: {
            file: "finish",
            mode: "0600",
            consequence: "the supervisor cannot run it when the service stops, so its clean-up never happens",
          },
        },
      ],
    },
    {
      name: "run is a symlink to a 0644 file",
      files: { "bin/app-run": { content: RUN, mode: 0o644 }, run: { symlink: "bin/app-run" } },
      errors: [{ messageId: "notExecutable", file: "run" }],
    },
  ],
});

describe("run-executable's mode fix", () => {
  const modeFixes = (dir: string, context?: "repo") =>
    lintWith(dir, [rule], context).flatMap((r) => r.messages.map((m) => [path.relative(dir, r.filePath), m.modeFix]));

  it.each([
    ["0644 → 0755", 0o644, 0o755],
    ["0600 → 0700", 0o600, 0o700],
    ["0640 → 0750", 0o640, 0o750],
    ["0604 → 0705", 0o604, 0o705],
    ["0200 (no read bit) → 0300", 0o200, 0o300],
  ])("adds execute bits where read bits are: %s", (_n, from, to) => {
    const dir = makeService({ run: { content: RUN, mode: from } });
    expect(modeFixes(dir)).toEqual([["run", { file: "run", mode: to }]]);
  });

  it("on each script that lacks the bit", () => {
    const dir = makeService({
      run: RUN,
      finish: { content: "#!/bin/sh\nexit 0\n", mode: 0o600 },
      "log/run": { content: MULTILOG_LOG_RUN, mode: 0o644 },
    });
    expect(modeFixes(dir)).toEqual([
      ["finish", { file: "finish", mode: 0o700 }],
      ["log/run", { file: "log/run", mode: 0o755 }],
    ]);
  });

  it("on the file a link leads to, when it is in the service", () => {
    const dir = makeService({ "bin/app-run": { content: RUN, mode: 0o644 }, run: { symlink: "bin/app-run" } });
    expect(modeFixes(dir)).toEqual([["run", { file: "bin/app-run", mode: 0o755 }]]);
  });

  it("none through a link that leaves the service", () => {
    const dir = makeService({ run: { symlink: "../app-run" } });
    writeTree(path.dirname(dir), { "app-run": { content: RUN, mode: 0o644 } });
    expect(modeFixes(dir)).toEqual([["run", undefined]]);
  });

  it("in a checkout: on an inconsistent tree and where nothing sets the mode", () => {
    const inconsistent = makeRepoService({ run: RUN, "log/run": { content: MULTILOG_LOG_RUN, mode: 0o644 } }, {});
    expect(modeFixes(inconsistent, "repo")).toEqual([["log/run", { file: "log/run", mode: 0o755 }]]);
    const unset = makeRepoService({ run: { content: RUN, mode: 0o644 } }, {});
    expect(modeFixes(unset, "repo")).toEqual([["run", { file: "run", mode: 0o755 }]]);
  });

  it("none in a checkout for a file named run that may be no service (the note)", () => {
    const dir = makeRepoService({ run: { content: "#!/bin/sh\nNAME=alsa-lib\n", mode: 0o644 } }, {});
    expect(modeFixes(dir, "repo")).toEqual([["run", undefined]]);
  });

  it("--fix-modes sets the mode, and the finding is gone", () => {
    const dir = makeService({ run: { content: RUN, mode: 0o644 }, "log/run": MULTILOG_LOG_RUN });
    let results = lintWith(dir, [rule]);
    const summary = fixServices(
      [{ dir, results, replace: (r) => (results = r), options: { passwd: TEST_PASSWD } }],
      [rule],
      { write: true, modes: true },
    );
    expect(summary.notWritten).toEqual([]);
    expect(fs.statSync(path.join(dir, "run")).mode & 0o7777).toBe(0o755);
    expect(results.flatMap((r) => r.messages)).toEqual([]);
    expect(lintWith(dir, [rule]).flatMap((r) => r.messages)).toEqual([]);
  });
});
