import rule from "../../src/rules/log-dir-owner.js";
import { runRuleTests } from "../helpers.js";

const log = (body: string) => `#!/bin/sh\n${body}\n`;

runRuleTests(rule, {
  valid: [
    {
      name: "live: a log directory on disk that the account may write (group or others' write bit)",
      logRun: log("exec setuidgid log multilog t ./main"),
      files: { "log/main": { dir: true, mode: 0o777 } },
    },
    {
      name: "live: a log directory for a logger that stays root",
      logRun: log("exec multilog t ./main"),
      files: { "log/main": { dir: true, mode: 0o755 } },
    },
    {
      name: "live: a directory the script makes is the script's doing, not the disk's (mkdir-before-multilog)",
      logRun: log("mkdir -p ./main\nexec setuidgid log multilog t ./main"),
      files: { "log/main": { dir: true, mode: 0o755 } },
    },
    {
      name: "in a checkout, the disk is not the machine",
      logRun: log("exec setuidgid log multilog t ./main"),
      files: { "log/main": { dir: true, mode: 0o755 } },
      context: "repo",
    },
    {
      name: "daemontools: chown to the logger's account",
      logRun: log("mkdir -p /var/log/app\nchown log /var/log/app\nexec setuidgid log multilog t /var/log/app"),
    },
    {
      name: "runit: install -d -o with the same account",
      logRun: log(
        "install -d -m 0750 -o _runit-log /var/log/app\nexec chpst -u _runit-log:adm svlogd -tt /var/log/app",
      ),
    },
    {
      name: "s6: chown in a foreground block",
      logRun:
        "#!/command/execlineb -P\nforeground { chown -R nobody:nogroup /var/log/app }\ns6-setuidgid nobody s6-log t /var/log/app\n",
    },
    {
      name: "logger as root (logger-privileges' finding, not this one)",
      logRun: log("chown daemon /var/log/app\nexec multilog t /var/log/app"),
    },
    {
      name: "chown of another directory",
      logRun: log("chown daemon /var/lib/app\nexec setuidgid log multilog t /var/log/app"),
    },
    {
      name: "owner in a variable is not judged",
      logRun: log('chown "$LOGUSER" /var/log/app\nexec setuidgid log multilog t /var/log/app'),
    },
    { name: "chgrp only", logRun: log("chown :adm /var/log/app\nexec setuidgid log multilog t /var/log/app") },
  ],
  invalid: [
    {
      name: "live: the log directory on disk is root's and 0755, the logger runs as log",
      logRun: log("exec setuidgid log multilog t ./main"),
      files: { "log/main": { dir: true, mode: 0o755 } },
      errors: [
        {
          messageId: "notWritable",
          file: "log/run",
          line: 2,
          column: 31,
          endColumn: 37,
          includes: "is owned by uid 0 (mode 0755) on this machine, but multilog runs as `log` (uid 1002)",
        },
      ],
    },
    {
      name: "daemontools: chowned to the service's account",
      logRun: log("mkdir -p /var/log/app\nchown -R app:app /var/log/app\nexec setuidgid log multilog t /var/log/app"),
      errors: [
        {
          messageId: "wrongOwner",
          // The owner operand of the chown that decides.
          line: 3,
          column: 10,
          endLine: 3,
          endColumn: 17,
          includes: "chown log /var/log/app",
          data: { dir: "/var/log/app", owner: "app", logger: "multilog", account: "log" },
          // Running the logger as `app` is the other way out: a person chooses.
          fix: "none",
          suggestions: [
            {
              desc: "Give the log directory to the logger's account: `chown -R log:app /var/log/app`",
              output: log(
                "mkdir -p /var/log/app\nchown -R log:app /var/log/app\nexec setuidgid log multilog t /var/log/app",
              ),
            },
          ],
        },
      ],
    },
    {
      name: "runit: install -d -o another account",
      logRun: log("install -d -o app /var/log/app\nexec chpst -u log svlogd -tt /var/log/app"),
      errors: [
        {
          messageId: "wrongOwner",
          // install's -o value.
          line: 2,
          column: 15,
          endLine: 2,
          endColumn: 18,
          includes: "svlogd runs as `log`",
          data: { dir: "/var/log/app", owner: "app", logger: "svlogd", account: "log" },
          suggestions: [
            {
              desc: "Give the log directory to the logger's account: `install -d -o log /var/log/app`",
              output: log("install -d -o log /var/log/app\nexec chpst -u log svlogd -tt /var/log/app"),
            },
          ],
        },
      ],
    },
    {
      name: "s6: recursive chown of the parent",
      logRun:
        "#!/command/execlineb -P\nforeground { chown -R app /var/log }\ns6-setuidgid nobody s6-log t /var/log/app\n",
      // Giving all of /var/log to the logger is not a correction: no suggestion.
      errors: [
        {
          messageId: "wrongOwner",
          includes: "`nobody`",
          line: 2,
          column: 23,
          endLine: 2,
          endColumn: 26,
          fix: "none",
          suggestions: [],
        },
      ],
    },
    {
      name: "s6: chown of exactly the directory in a foreground block",
      logRun:
        "#!/command/execlineb -P\nforeground { chown -R app /var/log/app }\ns6-setuidgid nobody s6-log t /var/log/app\n",
      errors: [
        {
          messageId: "wrongOwner",
          suggestions: [
            {
              desc: "Give the log directory to the logger's account: `chown -R nobody /var/log/app`",
              output:
                "#!/command/execlineb -P\nforeground { chown -R nobody /var/log/app }\ns6-setuidgid nobody s6-log t /var/log/app\n",
            },
          ],
        },
      ],
    },
    {
      name: "a quoted owner keeps its quotes and its group",
      logRun: log('chown "app:adm" /var/log/app\nexec setuidgid log multilog t /var/log/app'),
      errors: [
        {
          messageId: "wrongOwner",
          suggestions: [
            {
              desc: 'Give the log directory to the logger\'s account: `chown "log:adm" /var/log/app`',
              output: log('chown "log:adm" /var/log/app\nexec setuidgid log multilog t /var/log/app'),
            },
          ],
        },
      ],
    },
    {
      name: "a chown of other files too: no suggestion (they would change owner as well)",
      logRun: log("chown app /var/log/app /var/lib/app\nexec setuidgid log multilog t /var/log/app"),
      errors: [{ messageId: "wrongOwner", suggestions: [] }],
    },
    {
      name: "an owner from a variable: no suggestion (the assignment says it)",
      logRun: log("OWNER=app\nchown $OWNER /var/log/app\nexec setuidgid log multilog t /var/log/app"),
      errors: [
        {
          messageId: "wrongOwner",
          data: { dir: "/var/log/app", owner: "app", logger: "multilog", account: "log" },
          suggestions: [],
        },
      ],
    },
    {
      name: "the last change decides",
      logRun: log("chown log /var/log/app\nchown app /var/log/app\nexec setuidgid log multilog t /var/log/app"),
      errors: [
        {
          messageId: "wrongOwner",
          line: 3,
          suggestions: [
            {
              output: log("chown log /var/log/app\nchown log /var/log/app\nexec setuidgid log multilog t /var/log/app"),
            },
          ],
        },
      ],
    },
  ],
});
