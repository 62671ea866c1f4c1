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
      // The suite is runit (chpst): its logger, as the same account, which must own ./main.
      errors: [
        {
          messageId: "catToFile",
          line: 2,
          fix: "none",
          suggestions: [
            {
              desc:
                "Log with svlogd (runit), which rotates, into ./main: `exec chpst -u log svlogd -tt ./main`, " +
                "after `install -d -o log ./main`",
              output: "#!/bin/sh\ninstall -d -o log ./main\nexec chpst -u log svlogd -tt ./main\n",
            },
          ],
        },
      ],
    },
    {
      name: "runit: log/main is in the tree: no directory to make",
      files: {
        run: "#!/bin/sh\nexec app\n",
        "log/run": "#!/bin/sh\nexec chpst -u log cat >> /var/log/app.log\n",
        "log/main": { dir: true },
      },
      errors: [
        {
          messageId: "catToFile",
          suggestions: [
            {
              desc: "Log with svlogd (runit), which rotates, into ./main: `exec chpst -u log svlogd -tt ./main`",
              output: "#!/bin/sh\nexec chpst -u log svlogd -tt ./main\n",
            },
          ],
        },
      ],
    },
    {
      name: "s6: execline redirfd -a 1 file cat",
      logRun: "#!/command/execlineb -P\nredirfd -a 1 /var/log/app.log\ncat\n",
      // The redirfd goes with cat; s6-log as root makes ./main itself.
      errors: [
        {
          messageId: "catToFile",
          line: 3,
          suggestions: [
            {
              desc: "Log with s6-log (s6), which rotates, into ./main: `s6-log t ./main`",
              output: "#!/command/execlineb -P\ns6-log t ./main\n",
            },
          ],
        },
      ],
    },
    {
      name: "s6: execline, redirfd inside the chain, as another account",
      logRun: "#!/command/execlineb -P\nfdmove -c 2 1\ns6-setuidgid log redirfd -a 1 /var/log/app.log cat\n",
      errors: [
        {
          messageId: "catToFile",
          suggestions: [
            {
              desc:
                "Log with s6-log (s6), which rotates, into ./main: `s6-setuidgid log s6-log t ./main`, " +
                "after `if { install -d -o log ./main }`",
              output:
                "#!/command/execlineb -P\nfdmove -c 2 1\nif { install -d -o log ./main }\ns6-setuidgid log s6-log t ./main\n",
            },
          ],
        },
      ],
    },
    {
      name: "s6: execline, redirfd before the chain: it goes, and the directory is made in its place",
      logRun: "#!/command/execlineb -P\nredirfd -a 1 /var/log/app.log\ns6-setuidgid log cat\n",
      errors: [
        {
          messageId: "catToFile",
          suggestions: [
            {
              output: "#!/command/execlineb -P\nif { install -d -o log ./main }\ns6-setuidgid log s6-log t ./main\n",
            },
          ],
        },
      ],
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
          // No suite detected: each suite's logger.
          suggestions: [
            {
              desc: "Log with multilog (daemontools), which rotates, into ./main: `exec multilog t ./main`",
              output: log("exec multilog t ./main"),
            },
            {
              desc: "Log with svlogd (runit), which rotates, into ./main: `exec svlogd -tt ./main`, after `mkdir -p ./main`",
              output: log("mkdir -p ./main\nexec svlogd -tt ./main"),
            },
            {
              desc: "Log with s6-log (s6), which rotates, into ./main: `exec s6-log t ./main`",
              output: log("exec s6-log t ./main"),
            },
          ],
        },
      ],
    },
    {
      name: "append through a variable",
      logRun: log('F=/var/log/app.log\nexec cat >>"$F"'),
      // The target as written.
      errors: [
        {
          messageId: "catToFile",
          line: 3,
          column: 1,
          endLine: 3,
          endColumn: 16,
          data: { file: '"$F"' },
          suggestions: [
            { output: log("F=/var/log/app.log\nexec multilog t ./main") },
            { output: log("F=/var/log/app.log\nmkdir -p ./main\nexec svlogd -tt ./main") },
            { output: log("F=/var/log/app.log\nexec s6-log t ./main") },
          ],
        },
      ],
    },
    {
      name: "without exec: the logger is exec'd in the script's place",
      logRun: log("cat > /var/log/app.log"),
      errors: [
        {
          messageId: "catToFile",
          suggestions: [
            { output: log("exec multilog t ./main") },
            { output: log("mkdir -p ./main\nexec svlogd -tt ./main") },
            { output: log("exec s6-log t ./main") },
          ],
        },
      ],
    },
    {
      name: "not the last statement: no exec added",
      logRun: log("setuidgid log cat > /var/log/app.log\nsleep 1"),
      errors: [
        {
          messageId: "catToFile",
          suggestions: [{ output: log("mkdir -p ./main\nchown log ./main\nsetuidgid log multilog t ./main\nsleep 1") }],
        },
      ],
    },
    {
      name: "cat - and -u",
      logRun: log("exec cat -u - >> /var/log/app.log"),
      errors: [
        {
          messageId: "catToFile",
          suggestions: [
            { output: log("exec multilog t ./main") },
            { output: log("mkdir -p ./main\nexec svlogd -tt ./main") },
            { output: log("exec s6-log t ./main") },
          ],
        },
      ],
    },
    {
      name: "other redirects stay; a line continuation before the file goes with it",
      logRun: log("exec setuidgid log cat \\\n  >> /var/log/app.log 2>/dev/null"),
      errors: [
        {
          messageId: "catToFile",
          suggestions: [
            { output: log("mkdir -p ./main\nchown log ./main\nexec setuidgid log multilog t ./main 2>/dev/null") },
          ],
        },
      ],
    },
    {
      name: "in the run script, piped from the daemon",
      run: "#!/bin/sh\n/usr/bin/app 2>&1 | cat >> /var/log/app.log\n",
      // cat, after the pipe. No suggestion: ./main means the logger's directory only in log/run.
      errors: [{ messageId: "catToFile", file: "run", line: 2, column: 21, suggestions: [] }],
    },
    {
      name: "through setuidgid",
      logRun: log("exec setuidgid log cat > /var/log/app.log"),
      // daemontools (setuidgid): multilog as log, which cannot make ./main in the root-owned log/.
      errors: [
        {
          messageId: "catToFile",
          suggestions: [
            {
              desc:
                "Log with multilog (daemontools), which rotates, into ./main: `exec setuidgid log multilog t ./main`, " +
                "after `mkdir -p ./main` and `chown log ./main`",
              output: log("mkdir -p ./main\nchown log ./main\nexec setuidgid log multilog t ./main"),
            },
          ],
        },
      ],
    },
    {
      name: "an account known at run time only: no suggestion",
      logRun: log('exec chpst -u "$LOGUSER" cat >> /var/log/app.log'),
      errors: [{ messageId: "catToFile", suggestions: [] }],
    },
    {
      name: "inside an if: no suggestion",
      logRun: log("if true; then\n  exec cat >> /var/log/app.log\nfi"),
      errors: [{ messageId: "catToFile", suggestions: [] }],
    },
  ],
});
