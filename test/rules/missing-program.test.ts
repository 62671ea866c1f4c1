import * as fs from "node:fs";
import * as path from "node:path";
import rule from "../../src/rules/missing-program.js";
import { runRuleTests, tempDir } from "../helpers.js";

// Real files on this machine's disk for the programs: the rule reads the disk in live context.
const bin = tempDir("svlint-missing-program-");
fs.writeFileSync(path.join(bin, "daemon"), "#!/bin/sh\n", { mode: 0o755 });
fs.writeFileSync(path.join(bin, "plain"), "#!/bin/sh\n", { mode: 0o644 });
fs.mkdirSync(path.join(bin, "dir"));
const daemon = path.join(bin, "daemon");
const missing = path.join(bin, "no-such-daemon");
const sh = (body: string) => `#!/bin/sh\n${body}\n`;
const xl = (body: string) => `#!/bin/execlineb -P\n${body}\n`;
/** A supervise directory: a supervisor has run the service here, so this machine is where it runs. */
const SUPERVISED = { "supervise/lock": "" };

runRuleTests(rule, {
  valid: [
    { name: "an installed program", run: sh(`exec ${daemon} -f`), files: SUPERVISED },
    {
      name: "chain loaders and bare names found in the supervisors' PATH",
      run: sh(`exec envdir ./env setuidgid app sleep 1`),
      files: SUPERVISED,
    },
    {
      name: "execline: Debian's execline directory is searched",
      run: xl(`fdmove -c 2 1 ${daemon}`),
      files: SUPERVISED,
    },
    { name: "a run-time word is not judged", run: sh("exec $DAEMON"), files: SUPERVISED },
    {
      name: "a script that sets PATH is not judged on bare names",
      run: sh("PATH=/opt/x/bin\nexec svlint-no-such-cmd"),
      files: SUPERVISED,
    },
    {
      name: "an env dir with a PATH file may give the bare name",
      run: sh("exec envdir ./env svlint-no-such-cmd"),
      files: { ...SUPERVISED, "env/PATH": "/opt/x/bin\n" },
    },
    {
      name: "an env dir outside the service may set PATH",
      run: sh("exec envdir /etc/app/env svlint-no-such-cmd"),
      files: SUPERVISED,
    },
    { name: "earlier commands are not the service", run: sh(`${missing} --check\nexec ${daemon}`), files: SUPERVISED },
    // runit-services' templates in /usr/share/runit/sv name daemons installed only with the service.
    { name: "a tree no supervisor has run here is not judged", run: sh(`exec ${missing}`) },
    {
      name: "in a checkout the disk is not the machine",
      run: sh(`exec ${missing}`),
      files: SUPERVISED,
      context: "repo",
    },
  ],
  invalid: [
    {
      name: "an absolute path that does not exist",
      run: sh(`exec ${missing} -f`),
      files: SUPERVISED,
      errors: [
        {
          messageId: "missing",
          severity: "error",
          certainty: "proven",
          line: 2,
          column: 6,
          endColumn: 6 + missing.length,
          data: { program: missing },
        },
      ],
    },
    {
      name: "the daemon after chain loaders",
      run: sh(`exec envdir ./env setuidgid app ${missing}`),
      files: SUPERVISED,
      errors: [{ messageId: "missing", line: 2, column: 33 }],
    },
    {
      name: "a file without an execute bit",
      run: sh(`exec ${path.join(bin, "plain")}`),
      files: SUPERVISED,
      errors: [{ messageId: "notExecutable", data: { program: path.join(bin, "plain"), mode: "0644" } }],
    },
    {
      name: "a directory",
      run: sh(`exec ${path.join(bin, "dir")}`),
      files: SUPERVISED,
      errors: [{ messageId: "notAFile", data: { program: path.join(bin, "dir"), kind: "dir" } }],
    },
    {
      name: "a path relative to the service",
      run: sh("exec ./bin/app"),
      files: SUPERVISED,
      errors: [{ messageId: "missing", data: { program: "./bin/app" } }],
    },
    {
      name: "a bare name in no PATH directory: conditional, the supervisor's PATH may hold more",
      run: sh("exec svlint-no-such-cmd --serve"),
      files: SUPERVISED,
      errors: [{ messageId: "notInPath", severity: "warning", certainty: "conditional", column: 6 }],
    },
    {
      name: "execline: a missing program in the main chain",
      run: xl(`s6-setuidgid app ${missing}`),
      files: SUPERVISED,
      errors: [{ messageId: "missing", line: 2, column: 18 }],
    },
  ],
});
