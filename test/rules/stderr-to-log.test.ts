import rule from "../../src/rules/stderr-to-log.js";
import { MULTILOG_LOG_RUN, runRuleTests } from "../helpers.js";

runRuleTests(rule, {
  // The rule judges only services with a logger: a case that shows only `run` gets this log/run.
  defaults: { logRun: MULTILOG_LOG_RUN },
  valid: [
    {
      name: "the main program is a wrapper of the repository that merges stderr itself",
      run: "#!/bin/bash\nexec setuidgid gs $GEMSTONE/seaside/bin/startGem 9001\n",
      repo: { "seaside/bin/startGem": "#!/bin/bash\nexec topaz -l -u gem 2>&1 <<EOF\nrun\nEOF\n" },
    },
    {
      name: "a branch of a final if pipes the daemon's stderr",
      run: "#!/bin/bash\nif [ \"$ON\" = true ]; then\n  clamd --foreground 2>&1 \\\n    | awk '{print}'\nelse\n  sleep 86400\n  exit 0\nfi\n",
    },
    {
      name: "the final pipeline's first stage sends stderr into the pipe",
      run: "#!/bin/bash\ns6-notifyoncheck postfix start-fg 2>&1 | awk '{print \"[postfix] \" $0}'\n",
    },
    {
      name: "inside a final if",
      run: "#!/bin/bash\nif [ -n \"$X\" ]; then\n  readsb --net 2>&1 | \\\n    awk '{print}'\nfi\n",
    },
    {
      name: "freshclam --stdout writes its messages to stdout",
      run: "#!/bin/sh\nexec freshclam -d --foreground --stdout\n",
    },
    {
      name: "s6-rc: producer-for orders two daemons; the consumer is no logger",
      files: { type: "longrun\n", run: "#!/bin/sh\nexec mpd --no-daemon --stdout\n", "producer-for": "ympd\n" },
      repo: {
        "s6-rc.d/ympd/type": "longrun\n",
        "s6-rc.d/ympd/run": "#!/bin/sh\nexec ympd --webport 8080\n",
        "s6-rc.d/ympd/consumer-for": "mpd\n",
      },
      at: "s6-rc.d/mpd",
    },
    {
      name: "fdmove -c 2 1 in a shell exec chain",
      run: "#!/bin/sh\nexec s6-setuidgid www-data fdmove -c 2 1 fcgiwrap -s unix:/run/fcgi.sock\n",
    },
    { name: "agetty opens the terminal as its stderr", run: "#!/bin/sh\nexec agetty 38400 tty1 linux\n" },
    { name: "a placeholder that prints nothing", run: "#!/bin/sh\necho started\nexec sleep infinity\n" },
    { name: "daemontools: exec 2>&1 first", run: "#!/bin/sh\nexec 2>&1\nexec setuidgid app app\n" },
    { name: "on the final exec", run: "#!/bin/sh\nexec setuidgid app app 2>&1\n" },
    {
      name: "runit: exec 2>&1 with chpst",
      run: "#!/bin/sh\nexec 2>&1\nexec chpst -u app app\n",
      logRun: "#!/bin/sh\nexec chpst -u log svlogd -tt ./main\n",
    },
    {
      name: "s6: fdmove -c 2 1 in execline",
      run: "#!/command/execlineb -P\nfdmove -c 2 1\ns6-setuidgid app app\n",
      logRun: "#!/command/execlineb -P\ns6-setuidgid nobody s6-log t ./main\n",
    },
    { name: "stderr to its own file on purpose", run: "#!/bin/sh\nexec 2>>/var/log/app.err\nexec app\n" },
    { name: "no logger: nothing to send it to", files: { run: "#!/bin/sh\nexec app\n" } },
    { name: "no logger: Debian's exec 1>&2 to runsvdir", files: { run: "#!/bin/sh\nexec 1>&2\nexec cron -f\n" } },
    { name: "a misplaced 2>&1 is stderr-redirect-order's finding", run: "#!/bin/sh\nexec app\nexec 2>&1\n" },
    // Programs that need no stderr in the log.
    {
      name: "qmail-start: its stderr is unused by design",
      run: "#!/bin/sh\nexec env - PATH=/var/qmail/bin:$PATH qmail-start ./Maildir/\n",
    },
    { name: "smbd -S logs to stdout", run: "#!/bin/sh\nexec smbd -F -S --no-process-group\n" },
    { name: "nmbd --log-stdout", run: "#!/bin/sh\nexec /usr/sbin/nmbd --foreground --log-stdout\n" },
    {
      name: "s6-socklog producer",
      run: "#!/command/execlineb -P\ns6-envuidgid nobody\ns6-socklog -d3 -U -t3000\n",
      logRun: "#!/command/execlineb -P\ns6-log t ./main\n",
    },
    { name: "socklog producer (runit)", run: "#!/bin/sh\nexec chpst -Unobody socklog unix /dev/log\n" },
    // Redirections that reach the main process.
    { name: "on the last statement, not exec'd", run: "#!/bin/sh\ncd /srv && app 2>&1\n" },
    { name: "on a group holding the program", run: "#!/bin/sh\n{\n  echo starting\n  exec app\n} 2>&1\n" },
    { name: "on a subshell holding the program", run: "#!/bin/sh\n(cd /srv && exec app) 2>&1\n" },
    {
      name: "on a call of the function that runs it",
      run: '#!/bin/sh\nstart() {\n  exec app --serve\n}\nstart "$@" 2>&1\n',
    },
    {
      name: "on the exec inside the function that is called last",
      run: "#!/bin/sh\nstart() {\n  exec app --serve 2>&1\n}\nstart\n",
    },
    {
      name: "exec 2>&1 inside the function that runs it",
      run: "#!/bin/sh\nmain() {\n  exec 2>&1\n  exec app\n}\nmain\n",
    },
    {
      name: "both branches of a final if",
      run: "#!/bin/sh\nif [ -f /etc/app.conf ]; then exec app -c /etc/app.conf 2>&1; else exec app 2>&1; fi\n",
    },
    {
      name: "s6: redirfd -w 2 FILE on the main chain",
      run: "#!/command/execlineb -P\nredirfd -a 2 /var/log/app.err\napp\n",
    },
  ],
  invalid: [
    {
      // The walk up over comment lines once looped for ever on an empty first line (fuzz, seed 7).
      name: "a blank line before #!: the line goes below the #! line",
      run: "\n#!/bin/sh\n# start\nexec app\n",
      errors: [{ messageId: "noStderr", fix: "safe" }],
      output: "\n#!/bin/sh\nexec 2>&1\n# start\nexec app\n",
    },
    {
      name: "a final pipeline whose first stage keeps stderr",
      run: "#!/bin/bash\ndaemon --flag | awk '{print}'\n",
      errors: [{ messageId: "noStderr", fix: "safe" }],
      // No final exec: before the last statement, which starts the daemon.
      output: "#!/bin/bash\nexec 2>&1\ndaemon --flag | awk '{print}'\n",
    },
    {
      name: "s6-rc: the consumer runs s6-log",
      files: { type: "longrun\n", run: "#!/bin/sh\nexec mpd --no-daemon --stdout\n", "producer-for": "mpd-log\n" },
      repo: {
        "s6-rc.d/mpd-log/type": "longrun\n",
        "s6-rc.d/mpd-log/run": "#!/bin/sh\nexec s6-log t /var/log/mpd\n",
        "s6-rc.d/mpd-log/consumer-for": "mpd\n",
      },
      at: "s6-rc.d/mpd",
      errors: [{ messageId: "noStderr", fix: "safe" }],
      output: "#!/bin/sh\nexec 2>&1\nexec mpd --no-daemon --stdout\n",
    },
    {
      name: "s6-rc: a consumer svlint cannot read may be a daemon, not a logger: the fix is unsafe",
      files: { type: "longrun\n", run: "#!/bin/sh\nexec mpd --no-daemon --stdout\n", "producer-for": "mpd-log\n" },
      repo: {},
      at: "s6-rc.d/mpd",
      errors: [{ messageId: "noStderr", fix: "unsafe" }],
      output: "#!/bin/sh\nexec 2>&1\nexec mpd --no-daemon --stdout\n",
    },
    {
      name: "a placeholder after a program whose errors miss the log",
      run: "#!/bin/sh\n/etc/rc.local\nexec pause\n",
      // The errors that miss the log are rc.local's: an exec 2>&1 before `exec pause` would not reach them.
      errors: [{ messageId: "noStderr", fix: "none" }],
    },
    {
      name: "daemontools: never redirected",
      run: "#!/bin/sh\nexec setuidgid app app\n",
      errors: [
        {
          messageId: "noStderr",
          // Nothing to point at: the start of `run`.
          file: "run",
          line: 1,
          column: 1,
          endLine: 1,
          endColumn: 1,
          includes: "exec 2>&1",
          data: { fix: "exec 2>&1" },
          fix: "safe",
        },
      ],
      output: "#!/bin/sh\nexec 2>&1\nexec setuidgid app app\n",
    },
    {
      name: "runit: never redirected",
      run: "#!/bin/sh\nexec chpst -u app app\n",
      logRun: "#!/bin/sh\nexec chpst -u log svlogd -tt ./main\n",
      errors: [{ messageId: "noStderr" }],
      output: "#!/bin/sh\nexec 2>&1\nexec chpst -u app app\n",
    },
    {
      name: "s6: execline without fdmove",
      run: "#!/command/execlineb -P\ns6-setuidgid app app\n",
      logRun: "#!/command/execlineb -P\ns6-setuidgid nobody s6-log t ./main\n",
      errors: [{ messageId: "noStderr", includes: "fdmove -c 2 1", data: { fix: "fdmove -c 2 1" }, fix: "safe" }],
      output: "#!/command/execlineb -P\nfdmove -c 2 1\ns6-setuidgid app app\n",
    },
    // A 2>&1 on another command does nothing for the daemon.
    {
      name: "2>&1 on an unrelated command only",
      run: "#!/bin/sh\nmkdir -p /run/app >/dev/null 2>&1\nexec app\n",
      errors: [{ messageId: "noStderr", certainty: "proven" }],
      output: "#!/bin/sh\nmkdir -p /run/app >/dev/null 2>&1\nexec 2>&1\nexec app\n",
    },
    {
      name: "2>&1 inside a check in an if, not on the daemon",
      run: "#!/bin/sh\nif ! app --check >/dev/null 2>&1; then exit 1; fi\nexec setuidgid app app\n",
      errors: [{ messageId: "noStderr" }],
      output: "#!/bin/sh\nif ! app --check >/dev/null 2>&1; then exit 1; fi\nexec 2>&1\nexec setuidgid app app\n",
    },
    {
      name: "2>&1 in a command substitution",
      run: "#!/bin/sh\nV=$(app --version 2>&1)\nexec app\n",
      errors: [{ messageId: "noStderr" }],
      output: "#!/bin/sh\nV=$(app --version 2>&1)\nexec 2>&1\nexec app\n",
    },
    {
      name: "s6: 2>&1 only in a foreground block",
      run: "#!/command/execlineb -P\nforeground { fdmove -c 2 1 app-init }\napp\n",
      logRun: "#!/command/execlineb -P\ns6-log t ./main\n",
      errors: [{ messageId: "noStderr", includes: "fdmove -c 2 1" }],
      // In the main chain, after the block.
      output: "#!/command/execlineb -P\nforeground { fdmove -c 2 1 app-init }\nfdmove -c 2 1\napp\n",
    },
    {
      name: "smbd without -S",
      run: "#!/bin/sh\nexec smbd -F --no-process-group\n",
      errors: [{ messageId: "noStderr" }],
      output: "#!/bin/sh\nexec 2>&1\nexec smbd -F --no-process-group\n",
    },
    {
      name: "exec 1>&2 with a logger",
      run: "#!/bin/sh\nexec 1>&2\nexec app\n",
      logRun: MULTILOG_LOG_RUN,
      errors: [
        {
          messageId: "stdoutToStderr",
          // The `1>&2` of the exec, not the exec.
          line: 2,
          column: 6,
          endLine: 2,
          endColumn: 10,
          includes: "exec 2>&1",
          data: { redirect: "1>&2", fix: "exec 2>&1" },
          // Debian's idiom: whether stdout was meant for the supervisor's output is for a person to say.
          fix: "none",
        },
      ],
    },
    // Where the fix goes: just before the final exec, not at the top, so the setup's messages stay where they go.
    {
      name: "after set -e and the setup, with the final exec's indentation",
      run: "#!/bin/sh\n# app\nset -e\nmkdir -p /run/app\n\texec app\n",
      errors: [{ messageId: "noStderr", fix: "safe" }],
      output: "#!/bin/sh\n# app\nset -e\nmkdir -p /run/app\n\texec 2>&1\n\texec app\n",
    },
    {
      name: "no final exec: before the last statement",
      run: "#!/bin/sh\ncd /srv && ./app\n",
      errors: [{ messageId: "noStderr", fix: "safe" }],
      output: "#!/bin/sh\nexec 2>&1\ncd /srv && ./app\n",
    },
    {
      name: "a call of the function that runs the daemon: before the call",
      run: "#!/bin/sh\nstart() {\n  exec app --serve\n}\nstart\n",
      errors: [{ messageId: "noStderr" }],
      output: "#!/bin/sh\nstart() {\n  exec app --serve\n}\nexec 2>&1\nstart\n",
    },
    {
      name: "CRLF line endings are kept",
      run: "#!/bin/sh\r\nexec app\r\n",
      errors: [{ messageId: "noStderr" }],
      output: "#!/bin/sh\r\nexec 2>&1\r\nexec app\r\n",
    },
    {
      name: "s6: the program after a block on the same line: fdmove goes before it, in the line",
      run: "#!/command/execlineb -P\nforeground { app-init } app\n",
      logRun: "#!/command/execlineb -P\ns6-log t ./main\n",
      errors: [{ messageId: "noStderr", fix: "safe" }],
      output: "#!/command/execlineb -P\nforeground { app-init } fdmove -c 2 1 app\n",
    },
    {
      name: "above the comments over the final exec (a disable comment there belongs to it), below the shebang",
      run: "#!/bin/sh\n# svlint disable-next-line=exec-daemon\n# the daemon\nexec app\n",
      errors: [{ messageId: "noStderr" }],
      output: "#!/bin/sh\nexec 2>&1\n# svlint disable-next-line=exec-daemon\n# the daemon\nexec app\n",
    },
    {
      name: "a line of a string that starts with # is not a comment",
      run: '#!/bin/sh\necho "starting\n# app"\nexec app\n',
      errors: [{ messageId: "noStderr" }],
      output: '#!/bin/sh\necho "starting\n# app"\nexec 2>&1\nexec app\n',
    },
    {
      name: "stdout already sent to a file by the shell: exec 2>&1 would follow it there, no fix",
      run: "#!/bin/sh\nexec >>/var/log/app.log\nexec app\n",
      errors: [{ messageId: "noStderr", fix: "none" }],
    },
    {
      name: "s6: stdout redirected in the main chain: fdmove before it would draw stderr-redirect-order, no fix",
      run: "#!/command/execlineb -P\nredirfd -a 1 /var/log/app.log\napp\n",
      logRun: "#!/command/execlineb -P\ns6-log t ./main\n",
      errors: [{ messageId: "noStderr", fix: "none" }],
    },
    {
      name: "a script the parser cannot read whole: no fix",
      run: "#!/bin/sh\nexec app\n{ cleanup;\n",
      errors: [{ messageId: "noStderr", fix: "none" }],
    },
    {
      name: "the daemon started in the background, then wait: no line before wait would reach it",
      run: "#!/bin/sh\napp &\nwait\n",
      errors: [{ messageId: "noStderr", fix: "none" }],
    },
    {
      name: "a last statement that ends with exit: no fix",
      run: "#!/bin/sh\napp || exit 1\n",
      errors: [{ messageId: "noStderr", fix: "none" }],
    },
    {
      name: "the final exec shares its line: no fix",
      run: "#!/bin/sh\ncd /srv; exec app\n",
      errors: [{ messageId: "noStderr", fix: "none" }],
    },
  ],
});
