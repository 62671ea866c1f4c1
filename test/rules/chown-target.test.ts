import rule from "../../src/rules/chown-target.js";
import { runRuleTests } from "../helpers.js";

const log = (body: string): string => `#!/bin/sh\n${body}\nexec setuidgid nobody multilog t ./main\n`;

runRuleTests(rule, {
  valid: [
    {
      name: "runit: chown before chpst svlogd",
      logRun:
        "#!/bin/sh\ninstall -d /var/log/app\nchown -R _runit-log:adm /var/log/app\nexec chpst -u _runit-log svlogd -tt /var/log/app\n",
    },
    {
      name: "s6: chown in an execline foreground block",
      logRun:
        "#!/command/execlineb -P\nforeground { chown -R nobody /var/log/app }\ns6-setuidgid nobody s6-log t /var/log/app\n",
    },
    { name: "owner and directory", logRun: log("chown -R app:app /var/log/app") },
    { name: "--reference needs only the file", logRun: log("chown --reference=/etc/passwd /var/log/app") },
    { name: "--reference with a separate value", logRun: log("chown --reference /etc/passwd /var/log/app") },
    { name: "-h and --", logRun: log("chown -h -- app /var/log/app") },
    { name: "chgrp with group and file", logRun: log("chgrp -R adm /var/log/app") },
    { name: "unquoted variable may split into owner and file", logRun: log("chown $OWNER_AND_DIR") },
    { name: "array expansion", logRun: log('chown "${args[@]}"') },
    { name: "--from takes a value", logRun: log("chown --from root app /var/log/app") },
  ],
  invalid: [
    {
      name: "runit: chown without a file before svlogd",
      logRun: "#!/bin/sh\nchown -R _runit-log:adm\nexec chpst -u _runit-log svlogd -tt /var/log/app\n",
      errors: [
        {
          messageId: "noTarget",
          // The whole chown command.
          line: 2,
          column: 1,
          endLine: 2,
          endColumn: 24,
          // The logger's directory, as the suggestion writes it.
          data: { program: "chown", owner: "_runit-log:adm", flags: "-R ", suggestion: "/var/log/app" },
          fix: "none",
          suggestions: [
            {
              desc: "Give chown the log directory: `chown -R _runit-log:adm /var/log/app`",
              output:
                "#!/bin/sh\nchown -R _runit-log:adm /var/log/app\nexec chpst -u _runit-log svlogd -tt /var/log/app\n",
            },
          ],
        },
      ],
    },
    {
      name: "s6: chown without a file in a foreground block",
      logRun: "#!/command/execlineb -P\nforeground { chown -R nobody }\ns6-setuidgid nobody s6-log t /var/log/app\n",
      // The command inside the block, without its braces.
      errors: [
        {
          messageId: "noTarget",
          line: 2,
          column: 14,
          endLine: 2,
          endColumn: 29,
          suggestions: [
            {
              output:
                "#!/command/execlineb -P\nforeground { chown -R nobody /var/log/app }\ns6-setuidgid nobody s6-log t /var/log/app\n",
            },
          ],
        },
      ],
    },
    {
      name: "the directory made just before is the logger's: fixed, nothing to choose",
      logRun: "#!/bin/sh\nmkdir -p /var/log/app\nchown -R app:app\nexec setuidgid app multilog t /var/log/app\n",
      errors: [
        {
          messageId: "noTarget",
          fix: "safe",
          suggestions: [
            {
              output:
                "#!/bin/sh\nmkdir -p /var/log/app\nchown -R app:app /var/log/app\nexec setuidgid app multilog t /var/log/app\n",
            },
          ],
        },
      ],
      output:
        "#!/bin/sh\nmkdir -p /var/log/app\nchown -R app:app /var/log/app\nexec setuidgid app multilog t /var/log/app\n",
    },
    {
      name: "the chown gives the directory to another account than the logger's: only suggestions",
      logRun: "#!/bin/sh\nmkdir -p /var/log/app\nchown app:app\nexec setuidgid log multilog t /var/log/app\n",
      errors: [{ messageId: "noTarget", fix: "none" }],
    },
    {
      name: "the logger writes to two directories: only suggestions",
      logRun:
        "#!/bin/sh\nmkdir -p /var/log/app\nchown -R app:app\nexec setuidgid app multilog t /var/log/app +*err* /var/log/app/err\n",
      errors: [{ messageId: "noTarget", fix: "none" }],
    },
    {
      name: "the article's last script: chown -R owner without a file",
      logRun: log("mkdir -p /var/log/app\nchown -R app:app"),
      errors: [
        {
          messageId: "noTarget",
          file: "log/run",
          line: 3,
          includes: "`chown -R app:app /var/log/app`",
          // The directory made just before it first, then the logger's.
          suggestions: [
            {
              desc: "Give chown the directory made before it: `chown -R app:app /var/log/app`",
              output: log("mkdir -p /var/log/app\nchown -R app:app /var/log/app"),
            },
            {
              desc: "Give chown the log directory: `chown -R app:app ./main`",
              output: log("mkdir -p /var/log/app\nchown -R app:app ./main"),
            },
          ],
        },
      ],
    },
    {
      name: "no -R: the suggestion adds it, for the logger's files in the directory",
      logRun: "#!/bin/sh\nchown metrics:metrics\nexec setuidgid metrics multilog t ./main\n",
      errors: [
        {
          messageId: "noTarget",
          data: { program: "chown", owner: "metrics:metrics", flags: "-R ", suggestion: "./main" },
          suggestions: [
            {
              desc: "Give chown the log directory: `chown -R metrics:metrics ./main`",
              output: "#!/bin/sh\nchown -R metrics:metrics ./main\nexec setuidgid metrics multilog t ./main\n",
            },
          ],
        },
      ],
    },
    {
      name: "no options",
      logRun: log("chown app"),
      errors: [
        {
          messageId: "noTarget",
          includes: "`chown -R app ./main`",
          suggestions: [
            { desc: "Give chown the log directory: `chown -R app ./main`", output: log("chown -R app ./main") },
          ],
        },
      ],
    },
    {
      name: "chgrp without file",
      logRun: log("chgrp adm"),
      errors: [{ messageId: "noTarget", suggestions: [{ output: log("chgrp -R adm ./main") }] }],
    },
    {
      name: "several options",
      logRun: log("chown -R -h -v app:app"),
      errors: [{ messageId: "noTarget", suggestions: [{ output: log("chown -R -h -v app:app ./main") }] }],
    },
    {
      name: "every directory of the logger, through a variable",
      logRun:
        "#!/bin/sh\nD=/var/log/app\nchown -R log\nexec setuidgid log multilog t \"$D\" '-*' '+*err*' /var/log/err\n",
      errors: [
        {
          messageId: "noTarget",
          suggestions: [
            {
              desc: "Give chown the log directory: `chown -R log /var/log/app /var/log/err`",
              output:
                "#!/bin/sh\nD=/var/log/app\nchown -R log /var/log/app /var/log/err\nexec setuidgid log multilog t \"$D\" '-*' '+*err*' /var/log/err\n",
            },
          ],
        },
      ],
    },
    {
      name: "a directory with a space is quoted",
      logRun: "#!/bin/sh\nchown -R log\nexec setuidgid log multilog t '/srv/my app/log'\n",
      errors: [
        {
          messageId: "noTarget",
          suggestions: [
            { output: "#!/bin/sh\nchown -R log '/srv/my app/log'\nexec setuidgid log multilog t '/srv/my app/log'\n" },
          ],
        },
      ],
    },
    {
      name: "no suggestion when no directory is known",
      run: "#!/bin/sh\nchown app\nexec app\n",
      errors: [{ messageId: "noTarget", file: "run", includes: "/path/to/dir", suggestions: [] }],
    },
    {
      name: "not the logger's own directory, which holds its run script",
      logRun: "#!/bin/sh\nchown -R log\nexec chpst -u log svlogd -tt .\n",
      errors: [{ messageId: "noTarget", includes: "/path/to/dir", suggestions: [] }],
    },
    {
      name: "not a system directory",
      run: "#!/bin/sh\nmkdir -p /var/log\nchown app\nexec app\n",
      errors: [{ messageId: "noTarget", file: "run", suggestions: [] }],
    },
    {
      name: "no relative directory across a cd",
      logRun: "#!/bin/sh\nchown -R log\ncd /srv/app\nexec setuidgid log multilog t ./main\n",
      errors: [{ messageId: "noTarget", includes: "/path/to/dir", suggestions: [] }],
    },
    {
      name: "only --reference",
      logRun: log("chown --reference=/etc/passwd"),
      errors: [{ messageId: "nothing", suggestions: [] }],
    },
    { name: "nothing at all", logRun: log("chown"), errors: [{ messageId: "nothing", suggestions: [] }] },
    {
      name: "in an && list in run",
      run: "#!/bin/sh\nmkdir -p /srv/d && chown app:app\nexec app\n",
      errors: [
        {
          messageId: "noTarget",
          file: "run",
          line: 2,
          suggestions: [
            {
              desc: "Give chown the directory made before it: `chown app:app /srv/d`",
              output: "#!/bin/sh\nmkdir -p /srv/d && chown app:app /srv/d\nexec app\n",
            },
          ],
        },
      ],
    },
    {
      name: "inside if",
      logRun: log('if [ -d /var/log/app ]; then\n  chown -R "$U"\nfi'),
      errors: [
        {
          messageId: "noTarget",
          line: 3,
          column: 3,
          endLine: 3,
          endColumn: 16,
          data: { program: "chown", owner: '"$U"', flags: "-R ", suggestion: "./main" },
          suggestions: [{ output: log('if [ -d /var/log/app ]; then\n  chown -R "$U" ./main\nfi') }],
        },
      ],
    },
    {
      name: "with a full path",
      logRun: log("/bin/chown -R app:app"),
      errors: [
        {
          messageId: "noTarget",
          suggestions: [
            {
              desc: "Give chown the log directory: `/bin/chown -R app:app ./main`",
              output: log("/bin/chown -R app:app ./main"),
            },
          ],
        },
      ],
    },
  ],
});
