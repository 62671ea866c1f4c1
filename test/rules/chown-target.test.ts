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
          data: { program: "chown", owner: "_runit-log:adm", flags: "-R ", suggestion: "/path/to/dir" },
        },
      ],
    },
    {
      name: "s6: chown without a file in a foreground block",
      logRun: "#!/command/execlineb -P\nforeground { chown -R nobody }\ns6-setuidgid nobody s6-log t /var/log/app\n",
      // The command inside the block, without its braces.
      errors: [{ messageId: "noTarget", line: 2, column: 14, endLine: 2, endColumn: 29 }],
    },
    {
      name: "the article's last script: chown -R owner without a file",
      logRun: log("mkdir -p /var/log/app\nchown -R app:app"),
      errors: [{ messageId: "noTarget", file: "log/run", line: 3, includes: "`chown -R app:app /var/log/app`" }],
    },
    { name: "no options", logRun: log("chown app"), errors: [{ messageId: "noTarget", includes: "/path/to/dir" }] },
    { name: "chgrp without file", logRun: log("chgrp adm"), errors: [{ messageId: "noTarget" }] },
    { name: "several options", logRun: log("chown -R -h -v app:app"), errors: [{ messageId: "noTarget" }] },
    { name: "only --reference", logRun: log("chown --reference=/etc/passwd"), errors: [{ messageId: "nothing" }] },
    { name: "nothing at all", logRun: log("chown"), errors: [{ messageId: "nothing" }] },
    {
      name: "in an && list in run",
      run: "#!/bin/sh\nmkdir -p /srv/d && chown app:app\nexec app\n",
      errors: [{ messageId: "noTarget", file: "run", line: 2 }],
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
          data: { program: "chown", owner: '"$U"', flags: "-R ", suggestion: "/path/to/dir" },
        },
      ],
    },
    { name: "with a full path", logRun: log("/bin/chown -R app:app"), errors: [{ messageId: "noTarget" }] },
  ],
});
