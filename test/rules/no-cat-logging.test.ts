import rule from "../../src/rules/no-cat-logging.js";
import { runRuleTests } from "../helpers.js";

const log = (body: string): string => `#!/bin/sh\n${body}\n`;

runRuleTests(rule, {
  valid: [
    { name: "runit: svlogd", logRun: "#!/bin/sh\nexec chpst -u log svlogd -tt ./main\n" },
    { name: "s6: s6-log in execline", logRun: "#!/command/execlineb -P\ns6-setuidgid nobody s6-log t ./main\n" },
    { name: "multilog", logRun: log("exec setuidgid nobody multilog t ./main") },
    {
      name: "cat writes a config file from a heredoc",
      run: "#!/bin/sh\ncat > /etc/app.conf <<EOF\nport=1\nEOF\nexec app\n",
    },
    { name: "cat copies a file", run: "#!/bin/sh\ncat /etc/app.defaults > /etc/app.conf\nexec app\n" },
    { name: "cat from a file redirect", run: "#!/bin/sh\ncat < /etc/a > /etc/b\nexec app\n" },
    { name: "cat to /dev/null", logRun: log("exec cat > /dev/null") },
    { name: "cat to stderr", logRun: log("exec cat >&2") },
    { name: "plain cat to the console", logRun: log("exec cat") },
  ],
  invalid: [
    {
      name: "runit: chpst -u log cat >> file",
      logRun: "#!/bin/sh\nexec chpst -u log cat >> /var/log/app.log\n",
      errors: [{ messageId: "catToFile", line: 2 }],
    },
    {
      name: "s6: execline redirfd -a 1 file cat",
      logRun: "#!/command/execlineb -P\nredirfd -a 1 /var/log/app.log\ncat\n",
      errors: [{ messageId: "catToFile", line: 3 }],
    },
    {
      name: "exec cat > file",
      logRun: log("exec cat > /var/log/app.log"),
      errors: [
        {
          messageId: "catToFile",
          // The statement with its redirect.
          file: "log/run",
          line: 2,
          column: 1,
          endLine: 2,
          endColumn: 28,
          includes: "/var/log/app.log",
          data: { file: "/var/log/app.log" },
        },
      ],
    },
    {
      name: "append through a variable",
      logRun: log('F=/var/log/app.log\nexec cat >>"$F"'),
      // The target as written.
      errors: [{ messageId: "catToFile", line: 3, column: 1, endLine: 3, endColumn: 16, data: { file: '"$F"' } }],
    },
    { name: "without exec", logRun: log("cat > /var/log/app.log"), errors: [{ messageId: "catToFile" }] },
    { name: "cat - and -u", logRun: log("exec cat -u - >> /var/log/app.log"), errors: [{ messageId: "catToFile" }] },
    {
      name: "in the run script, piped from the daemon",
      run: "#!/bin/sh\n/usr/bin/app 2>&1 | cat >> /var/log/app.log\n",
      // cat, after the pipe.
      errors: [{ messageId: "catToFile", file: "run", line: 2, column: 21 }],
    },
    {
      name: "through setuidgid",
      logRun: log("exec setuidgid log cat > /var/log/app.log"),
      errors: [{ messageId: "catToFile" }],
    },
  ],
});
