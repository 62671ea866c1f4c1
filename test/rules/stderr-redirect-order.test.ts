import rule from "../../src/rules/stderr-redirect-order.js";
import { MULTILOG_LOG_RUN, runRuleTests } from "../helpers.js";

const sh = (body: string): string => `#!/bin/sh\n${body}\n`;

runRuleTests(rule, {
  valid: [
    {
      name: "runit: exec 1>&2 before the final exec (Debian's style)",
      files: { run: "#!/bin/sh\nexec 1>&2\nexec chpst -u app app\n" },
    },
    {
      name: "s6: fdmove -c 2 1 after redirfd (stderr follows stdout to the file)",
      run: "#!/command/execlineb -P\nredirfd -w 1 /var/log/app.out\nfdmove -c 2 1\napp\n",
    },
    { name: "exec 2>&1 before the final exec", run: sh("exec 2>&1\nexec app") },
    { name: "runit's exec 1>&2 before the final exec", run: sh("exec 1>&2\nexec app") },
    { name: ">file 2>&1", run: sh("app-init >/var/log/init.log 2>&1\nexec app") },
    { name: ">>file 2>&1", run: sh("app-init >>/var/log/init.log 2>&1\nexec app") },
    { name: "&>file", run: sh("app-init &>/var/log/init.log\nexec app") },
    {
      name: "stderr alone into a pipe: the deliberate 2>&1 >/dev/null | …",
      run: sh("app --check 2>&1 >/dev/null | logger\nexec app"),
    },
    {
      name: "exec inside if is not the final exec",
      run: sh("if [ -x /usr/bin/x ]; then exec x; fi\nexec 2>&1\nexec app"),
    },
    { name: "fd swap through another descriptor", run: sh("app 3>&1 1>&2 2>&3\nexec app") },
    // Keep errors, drop chatter: the deliberate order when stdout goes to /dev/null.
    { name: "2>&1 >/dev/null: keep errors, drop chatter (earlyoom)", run: sh("exec earlyoom -r 3600 2>&1 >/dev/null") },
    {
      name: "postgres --single 2>&1 >/dev/null in a setup step",
      run: sh(
        "exec 2>&1\npostgres --single -D /var/lib/pgsql template1 2>&1 >/dev/null </tmp/init.sql\nexec postgres -D /var/lib/pgsql",
      ),
    },
    { name: "2>&1 >/dev/stdout is not a file", run: sh("exec app 2>&1 >/dev/stdout") },
    {
      name: "s6: execline oneshot fdmove -c 2 1 redirfd -w 1 /dev/null",
      run: "#!/command/execlineb -P\nfdmove -c 2 1\nredirfd -w 1 /dev/null\napp-init\n",
    },
    // After a top-level `exec 2>&1`, stderr already is the log pipe: the copy changes nothing.
    {
      name: "2>&1 made redundant by an earlier exec 2>&1",
      run: sh("exec 2>&1\napp-init 2>&1 >/var/log/init.log\nexec app"),
    },
    {
      name: "redundant 2>&1 inside an if after exec 2>&1",
      run: sh("exec 2>&1\nif true; then app-init 2>&1 >>/var/log/init.log; fi\nexec app"),
    },
    { name: "a target held in an unknown variable is not judged", run: sh('app-init 2>&1 >"$LOGFILE"\nexec app') },
  ],
  invalid: [
    {
      // The walk up over comment lines once looped for ever on an empty first line (fuzz, seed 7).
      name: "a blank line before #!: the move stops below the #! line",
      run: "\n#!/bin/sh\n# start\nexec app\nexec 2>&1\n",
      errors: [{ messageId: "afterExec", fix: "safe" }],
      output: "\n#!/bin/sh\nexec 2>&1\n# start\nexec app\n",
    },
    {
      name: "runit: exec 1>&2 after the final exec",
      files: { run: "#!/bin/sh\nexec chpst -u app app\nexec 1>&2\n" },
      // No logger: stdout to runsvdir's output is Debian's intent, and moving the line gives it.
      errors: [{ messageId: "afterExec", line: 3, fix: "safe" }],
      output: "#!/bin/sh\nexec 1>&2\nexec chpst -u app app\n",
    },
    {
      name: "s6: fdmove -c 2 1 before redirfd -w 1 (stderr stays on the log pipe)",
      run: "#!/command/execlineb -P\nfdmove -c 2 1\nredirfd -w 1 /var/log/app.out\napp\n",
      errors: [
        {
          messageId: "beforeFile",
          // The fdmove, from the builtin to its last operand.
          line: 2,
          column: 1,
          endLine: 2,
          endColumn: 14,
          includes: "fdmove -c 2 1",
          data: {
            dup: "fdmove -c 2 1",
            file: "redirfd -w 1 /var/log/app.out",
            stream: "stderr",
            target: "stdout",
            dest: "/var/log/app.out",
          },
          fix: "unsafe",
        },
      ],
      output: "#!/command/execlineb -P\nredirfd -w 1 /var/log/app.out\nfdmove -c 2 1\napp\n",
    },
    {
      name: "exec 2>&1 after the final exec",
      run: sh("exec app\nexec 2>&1"),
      errors: [
        {
          messageId: "afterExec",
          // The misplaced exec statement; the line it names is a number.
          line: 3,
          column: 1,
          endLine: 3,
          endColumn: 10,
          includes: "line 2",
          data: { redirect: "exec 2>&1", program: "app", line: 2, stream: "stderr" },
          fix: "safe",
        },
      ],
      output: "#!/bin/sh\nexec 2>&1\nexec app\n",
    },
    {
      name: "exec 1>&2 after the final exec",
      run: sh("exec setuidgid app app\nexec 1>&2"),
      errors: [{ messageId: "afterExec", includes: "stdout" }],
      output: sh("exec 1>&2\nexec setuidgid app app"),
    },
    {
      name: "in log/run",
      logRun: sh("exec setuidgid nobody multilog t ./main\nexec 2>&1"),
      errors: [{ messageId: "afterExec", file: "log/run" }],
      output: { "log/run": sh("exec 2>&1\nexec setuidgid nobody multilog t ./main") },
    },
    {
      name: "2>&1 before >file",
      run: sh("app-init 2>&1 >/var/log/init.log\nexec app"),
      errors: [
        {
          messageId: "beforeFile",
          // The `2>&1` token itself.
          line: 2,
          column: 10,
          endLine: 2,
          endColumn: 14,
          includes: "`>/var/log/init.log 2>&1`",
          data: {
            dup: "2>&1",
            file: ">/var/log/init.log",
            stream: "stderr",
            target: "stdout",
            dest: "/var/log/init.log",
          },
          // Stderr to the log and stdout to the file may be meant.
          fix: "unsafe",
        },
      ],
      output: sh("app-init >/var/log/init.log 2>&1\nexec app"),
    },
    {
      name: "2>&1 before >>file",
      run: sh("exec app 2>&1 >>/var/log/app.log"),
      errors: [{ messageId: "beforeFile" }],
      output: sh("exec app >>/var/log/app.log 2>&1"),
    },
    {
      name: "2>&1 before 1>file",
      run: sh("exec app 2>&1 1>/var/log/app.log"),
      errors: [{ messageId: "beforeFile" }],
      output: sh("exec app 1>/var/log/app.log 2>&1"),
    },
    {
      name: "1>&2 before 2>file",
      run: sh("exec app 1>&2 2>/var/log/err.log"),
      errors: [{ messageId: "beforeFile", includes: "stdout goes where stderr" }],
      output: sh("exec app 2>/var/log/err.log 1>&2"),
    },
    {
      name: "2>&1 >FILE with FILE from a variable assigned in run",
      run: sh("LOG=/var/log/app.log\nexec app 2>&1 >$LOG"),
      errors: [{ messageId: "beforeFile", includes: "not to /var/log/app.log" }],
      output: sh("LOG=/var/log/app.log\nexec app >$LOG 2>&1"),
    },
    {
      name: "2>&1 >FILE before a later exec 2>&1 (not yet redundant)",
      run: sh("app-init 2>&1 >/var/log/init.log\nexec 2>&1\nexec app"),
      errors: [{ messageId: "beforeFile", line: 2 }],
      output: sh("app-init >/var/log/init.log 2>&1\nexec 2>&1\nexec app"),
    },
    {
      name: "exec 2>&1 >FILE at the top",
      run: sh("exec 2>&1 >/var/log/app.log\nexec app"),
      errors: [{ messageId: "beforeFile", line: 2, fix: "unsafe" }],
      output: sh("exec >/var/log/app.log 2>&1\nexec app"),
    },
    {
      name: "s6: execline fdmove -c 2 1 before redirfd -a 1 FILE",
      run: "#!/command/execlineb -P\nfdmove -c 2 1\nredirfd -a 1 /var/log/app.log\napp\n",
      errors: [{ messageId: "beforeFile", includes: "/var/log/app.log" }],
      output: "#!/command/execlineb -P\nredirfd -a 1 /var/log/app.log\nfdmove -c 2 1\napp\n",
    },
    {
      name: "redirect written before the command name",
      run: sh("2>&1 >/var/log/x app\nexec app"),
      errors: [{ messageId: "beforeFile", line: 2, column: 1, endLine: 2, endColumn: 5 }],
      output: sh(">/var/log/x 2>&1 app\nexec app"),
    },
    {
      name: "2>&1 and >FILE on two lines joined by a backslash: swapped, the break kept",
      run: sh("app-init 2>&1 \\\n  >/var/log/init.log\nexec app"),
      errors: [{ messageId: "beforeFile", line: 2 }],
      output: sh("app-init >/var/log/init.log \\\n  2>&1\nexec app"),
    },
    {
      name: "another redirection between 2>&1 and >FILE: not swapped",
      run: sh("app-init 2>&1 </dev/null >/var/log/init.log\nexec app"),
      errors: [{ messageId: "beforeFile", fix: "none" }],
    },
    {
      name: "s6: a chain-loader between fdmove and redirfd: not swapped (the file would be opened as another user)",
      run: "#!/command/execlineb -P\nfdmove -c 2 1\ns6-setuidgid app\nredirfd -w 1 /var/log/app.out\napp\n",
      errors: [{ messageId: "beforeFile", fix: "none" }],
    },
    {
      name: "s6: fdmove without -c moves stderr: swapped it would close stdout, so no fix",
      run: "#!/command/execlineb -P\nfdmove 2 1\nredirfd -w 1 /var/log/app.out\napp\n",
      errors: [{ messageId: "beforeFile", fix: "none" }],
    },
    {
      name: "moved with the exec's indentation and its comment; a last line without a line break",
      run: "#!/bin/sh\n  exec app\nexec 2>&1 # to the log",
      errors: [{ messageId: "afterExec", fix: "safe" }],
      output: "#!/bin/sh\n  exec 2>&1 # to the log\n  exec app",
    },
    {
      name: "moved above the comments over the final exec",
      run: sh("# the daemon\nexec app\nexec 2>&1"),
      errors: [{ messageId: "afterExec" }],
      output: sh("exec 2>&1\n# the daemon\nexec app"),
    },
    {
      name: "a later redirection of stdout: swapped, 2>&1 would still come before it, so no fix",
      run: sh("app-init 2>&1 >>/var/log/init.log >/var/log/init2.log\nexec app"),
      errors: [{ messageId: "beforeFile", fix: "none" }],
    },
    {
      name: "a script the parser cannot read whole: no fix",
      run: sh("exec app\nexec 2>&1\n{ cleanup;"),
      errors: [{ messageId: "afterExec", fix: "none" }],
    },
    {
      name: "CRLF line endings are kept",
      run: "#!/bin/sh\r\nexec app\r\nexec 2>&1\r\n",
      errors: [{ messageId: "afterExec" }],
      output: "#!/bin/sh\r\nexec 2>&1\r\nexec app\r\n",
    },
    {
      name: "lines between the final exec and the redirect stay where they are",
      run: sh("cd /srv\nexec app\necho unreachable\nexec 2>&1"),
      errors: [{ messageId: "afterExec", includes: "line 3" }],
      output: sh("cd /srv\nexec 2>&1\nexec app\necho unreachable"),
    },
    {
      name: "an exec that also redirects to a file is moved as an unsafe fix",
      run: sh("exec app\nexec >>/var/log/app.log 2>&1"),
      errors: [{ messageId: "afterExec", fix: "unsafe" }],
      output: sh("exec >>/var/log/app.log 2>&1\nexec app"),
    },
    {
      name: "exec 1>&2 after the final exec in a service with a logger: moving it would starve the logger",
      files: { run: sh("exec app\nexec 1>&2"), "log/run": MULTILOG_LOG_RUN },
      errors: [{ messageId: "afterExec", fix: "none" }],
    },
    // With a logger, `2>&1 >FILE` on the main process may mean errors to the log and the rest to FILE.
    {
      name: "with a logger, on the final exec: not swapped (the logger would receive nothing)",
      files: { run: sh("exec app 2>&1 >>/var/log/app.log"), "log/run": MULTILOG_LOG_RUN },
      errors: [{ messageId: "beforeFile", fix: "none" }],
    },
    {
      name: "with a logger, on a top-level exec: not swapped",
      files: { run: sh("exec 2>&1 >/var/log/app.log\nexec app"), "log/run": MULTILOG_LOG_RUN },
      errors: [{ messageId: "beforeFile", fix: "none" }],
    },
    {
      name: "with a logger, on the last statement: not swapped",
      files: { run: sh("cd /srv\n./app 2>&1 >/var/log/app.log"), "log/run": MULTILOG_LOG_RUN },
      errors: [{ messageId: "beforeFile", fix: "none" }],
    },
    {
      name: "s6: with a logger, in the main chain: not swapped",
      files: {
        run: "#!/command/execlineb -P\nfdmove -c 2 1\nredirfd -w 1 /var/log/app.out\napp\n",
        "log/run": "#!/command/execlineb -P\ns6-log t ./main\n",
      },
      errors: [{ messageId: "beforeFile", fix: "none" }],
    },
    {
      name: "with a logger, on a setup command: swapped (unsafe)",
      files: { run: sh("app-init 2>&1 >/var/log/init.log\nexec app"), "log/run": MULTILOG_LOG_RUN },
      errors: [{ messageId: "beforeFile", fix: "unsafe" }],
      output: { run: sh("app-init >/var/log/init.log 2>&1\nexec app") },
    },
    {
      name: "on the final exec's line: not moved",
      run: sh("exec app; exec 2>&1"),
      errors: [{ messageId: "afterExec", fix: "none" }],
    },
  ],
});
