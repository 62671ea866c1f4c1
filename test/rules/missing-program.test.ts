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

runRuleTests(rule, {
  valid: [
    { name: "an installed program", run: sh(`exec ${daemon} -f`) },
    {
      name: "chain loaders and bare names found in the supervisors' PATH",
      run: sh(`exec envdir ./env setuidgid app sleep 1`),
    },
    { name: "execline: Debian's execline directory is searched", run: xl(`fdmove -c 2 1 ${daemon}`) },
    { name: "a run-time word is not judged", run: sh("exec $DAEMON") },
    {
      name: "a script that sets PATH is not judged on bare names",
      run: sh("PATH=/opt/x/bin\nexec svlint-no-such-cmd"),
    },
    {
      name: "an env dir with a PATH file may give the bare name",
      run: sh("exec envdir ./env svlint-no-such-cmd"),
      files: { "env/PATH": "/opt/x/bin\n" },
    },
    { name: "an env dir outside the service may set PATH", run: sh("exec envdir /etc/app/env svlint-no-such-cmd") },
    { name: "earlier commands are not the service", run: sh(`${missing} --check\nexec ${daemon}`) },
    { name: "in a checkout the disk is not the machine", run: sh(`exec ${missing}`), context: "repo" },
  ],
  invalid: [
    {
      name: "an absolute path that does not exist (no supervisor here: conditional)",
      run: sh(`exec ${missing} -f`),
      errors: [
        {
          messageId: "missing",
          severity: "warning",
          certainty: "conditional",
          line: 2,
          column: 6,
          data: { program: missing, where: " (if this tree is the one deployed here)" },
        },
      ],
    },
    {
      name: "the daemon after chain loaders",
      run: sh(`exec envdir ./env setuidgid app ${missing}`),
      errors: [{ messageId: "missing", severity: "warning", line: 2, column: 33 }],
    },
    {
      name: "a file without an execute bit",
      run: sh(`exec ${path.join(bin, "plain")}`),
      errors: [{ messageId: "notExecutable", severity: "warning", includes: "(mode 0644)" }],
    },
    {
      name: "a directory",
      run: sh(`exec ${path.join(bin, "dir")}`),
      errors: [{ messageId: "notAFile", severity: "warning", includes: "is a dir, not a program" }],
    },
    {
      name: "a path relative to the service",
      run: sh("exec ./bin/app"),
      errors: [{ messageId: "missing", severity: "warning", includes: "`./bin/app` does not exist" }],
    },
    {
      name: "a bare name in no PATH directory",
      run: sh("exec svlint-no-such-cmd --serve"),
      errors: [{ messageId: "notInPath", severity: "warning", certainty: "conditional", column: 6 }],
    },
    {
      name: "execline: a missing program in the main chain",
      run: xl(`s6-setuidgid app ${missing}`),
      errors: [{ messageId: "missing", severity: "warning", line: 2, column: 18 }],
    },
    {
      name: "a service a supervisor runs here: proven, an error",
      run: sh(`exec ${missing}`),
      files: { "supervise/lock": "" },
      errors: [
        {
          messageId: "missing",
          severity: "error",
          certainty: "proven",
          data: { program: missing, where: "" },
        },
      ],
    },
  ],
});
