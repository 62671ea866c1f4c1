import rule from "../../src/rules/setuidgid-last.js";
import { runRuleTests } from "../helpers.js";

const sh = (body: string): string => `#!/bin/sh\n${body}\n`;

runRuleTests(rule, {
  valid: [
    { name: "envdir before setuidgid", run: sh("exec envdir ./env setuidgid app /usr/bin/app") },
    {
      name: "setlock and envdir before the drop",
      run: sh("exec setlock -n /run/app.lock envdir ./env setuidgid app app"),
    },
    {
      name: "softlimit after setuidgid (it clamps to the hard limit, root or not)",
      run: sh("exec setuidgid app softlimit -m 100000000 /usr/bin/app"),
    },
    {
      name: "chpst -u with -e: chpst reads the env dir before switching",
      run: sh("exec chpst -u app -e ./env /usr/bin/app"),
    },
    { name: "s6-envdir before s6-setuidgid", run: sh("exec s6-envdir ./env s6-setuidgid app app") },
    { name: "no privilege drop at all", run: sh("exec envdir ./env /usr/bin/app") },
    {
      name: "setuidgid's account named envdir is an operand, not a program",
      run: sh("exec setuidgid envdir /usr/bin/app"),
    },
    {
      name: "a daemon argument that looks like a chain-loader",
      run: sh("exec setuidgid app /usr/bin/app envdir ./env"),
    },
    { name: "separate commands do not chain", run: sh("setuidgid app true\nexec envdir ./env /usr/bin/app") },
    {
      name: "live: the service's env dir is readable by everyone (0755), so envdir works as app",
      files: {
        run: sh("exec setuidgid app envdir ./env /usr/bin/app"),
        env: { dir: true, mode: 0o755 },
        "env/PORT": "80",
      },
    },
  ],
  invalid: [
    {
      name: "containers: su-exec before envdir",
      run: sh("exec su-exec app envdir ./env /usr/bin/app"),
      errors: [{ messageId: "afterDrop", line: 2 }],
    },
    {
      name: "runit: tcpsvd -u before envdir",
      run: sh("exec tcpsvd -u app 0 80 envdir ./env httpd"),
      errors: [{ messageId: "afterDrop", line: 2 }],
    },
    {
      name: "envdir after setuidgid",
      run: sh("exec setuidgid app envdir ./env /usr/bin/app"),
      errors: [
        {
          messageId: "afterDrop",
          // The program after the drop, not the dropper.
          line: 2,
          column: 20,
          endLine: 2,
          endColumn: 26,
          includes: "`envdir ./env setuidgid app …`",
          data: {
            program: "envdir",
            dropper: "setuidgid",
            why: "reads its directory, which holds secrets and should be private to root (0700)",
            account: "app",
            fixed: "envdir ./env setuidgid app",
          },
        },
      ],
    },
    {
      name: "without exec",
      run: sh("setuidgid app envdir ./env /usr/bin/app"),
      errors: [{ messageId: "afterDrop", line: 2 }],
    },
    {
      name: "quoted and variable arguments",
      run: sh('U=app\nexec setuidgid "$U" envdir "./env" /usr/bin/app'),
      errors: [{ messageId: "afterDrop", line: 3, includes: 'as `"$U"`' }],
    },
    {
      name: "after && ",
      run: sh("test -d ./env && exec setuidgid app envdir ./env app"),
      errors: [{ messageId: "afterDrop", line: 2 }],
    },
    {
      name: "inside if",
      run: sh("if [ -d ./env ]; then\n  exec setuidgid app envdir ./env app\nfi"),
      errors: [{ messageId: "afterDrop", line: 3 }],
    },
    {
      name: "full path to setuidgid",
      run: sh("exec /usr/bin/setuidgid app /usr/bin/envdir ./env app"),
      errors: [
        {
          messageId: "afterDrop",
          line: 2,
          column: 29,
          endLine: 2,
          endColumn: 44,
          data: {
            program: "envdir",
            dropper: "setuidgid",
            why: "reads its directory, which holds secrets and should be private to root (0700)",
            account: "app",
            fixed: "/usr/bin/envdir ./env /usr/bin/setuidgid app",
          },
        },
      ],
    },
    {
      name: "setlock after setuidgid",
      run: sh("exec setuidgid app setlock /run/app.lock app"),
      errors: [{ messageId: "afterDrop", includes: "lock file" }],
    },
    {
      name: "setuidgid twice",
      run: sh("exec setuidgid app setuidgid other app"),
      errors: [{ messageId: "afterDrop" }],
    },
    {
      name: "envuidgid after setuidgid",
      run: sh("exec setuidgid app envuidgid other app"),
      errors: [{ messageId: "afterDrop" }],
    },
    {
      name: "chroot after setuidgid",
      run: sh("exec setuidgid app chroot /srv/jail app"),
      errors: [{ messageId: "afterDrop" }],
    },
    {
      name: "two programs after the drop: both reported",
      run: sh("exec setuidgid app envdir ./env setlock /run/l app"),
      // envdir, then setlock.
      errors: [
        { messageId: "afterDrop", line: 2, column: 20, endLine: 2, endColumn: 26 },
        { messageId: "afterDrop", line: 2, column: 33, endLine: 2, endColumn: 40 },
      ],
    },
    {
      name: "runit: envdir after chpst -u",
      run: sh("exec chpst -u app envdir ./env /usr/bin/app"),
      errors: [{ messageId: "afterDrop", includes: "as `app`" }],
    },
    {
      name: "s6: s6-envdir after s6-setuidgid",
      run: sh("exec s6-setuidgid app s6-envdir ./env app"),
      errors: [{ messageId: "afterDrop" }],
    },
    {
      name: "live: a private env dir (0700) fails after the drop",
      files: {
        run: sh("exec setuidgid app envdir ./env /usr/bin/app"),
        env: { dir: true, mode: 0o700 },
        "env/PORT": "80",
      },
      errors: [{ messageId: "afterDrop", certainty: "proven" }],
    },
    {
      name: "a shared env dir outside the service: a risk, not a certain failure",
      run: sh("exec s6-setuidgid app s6-envdir /etc/env-network app"),
      errors: [
        {
          messageId: "sharedEnvDir",
          severity: "info",
          certainty: "conditional",
          includes: "if `/etc/env-network` is private",
        },
      ],
    },
    {
      name: "softlimit options are skipped correctly",
      run: sh("exec setuidgid app softlimit -m 1000 -o 20 envdir ./env app"),
      errors: [{ messageId: "afterDrop" }],
    },
  ],
});
