import rule from "../../src/rules/exec-daemon.js";
import { runRuleTests } from "../helpers.js";

runRuleTests(rule, {
  valid: [
    {
      name: "s6-overlay v3: a run overriding a base image's definition (no type) may be a oneshot's script",
      files: { run: "#!/usr/bin/with-contenv bash\necho cleaning\nfind /config -name '*.sample' -delete\n" },
      repo: {},
      at: "root/etc/s6-overlay/s6-rc.d/init-samples",
    },
    {
      name: "a library function (bashio::log.info) ends a run-once script",
      run: "#!/usr/bin/with-contenv bashio\nbashio::config.require 'x'\nbashio::log.info \"done\"\n",
    },
    { name: "dead code after the exec never runs", run: "#!/bin/sh\nexec upsdrvctl start\necho unreachable\nupsd\n" },
    { name: "a one-shot job, then a restart delay", run: "#!/bin/sh\nbmc-watchdog --set\nsleep 60\n" },
    {
      name: "execline: a foreground block, then the daemon chain-loaded",
      run: "#!/command/execlineb -P\nforeground { mkdir -p /run/app }\ns6-setuidgid app app\n",
    },
    { name: "a run-once script that switches the runlevel last", run: "#!/bin/sh\nmount -a\nrunsvchdir default\n" },
    {
      name: "a wrapper function given exec: it execs the daemon",
      run: "#!/bin/sh\n. /assets/functions\nsilent exec s6-setuidgid www php-fpm -F\n",
    },
    {
      name: "a readiness notice through fdmove is not a daemon",
      run: '#!/bin/sh\nmysqld_configure\nfdmove 1 3 printf "done\\n"\n',
    },
    {
      name: "a function of the script is called last: it may exec inside",
      run: '#!/bin/sh\nmain() {\n  exec app\n}\nmain "$@"\n',
    },
    {
      name: "continue at the end of a loop body",
      run: "#!/bin/sh\nfor i in 1 2; do\n  [ -e /dev/snd ] || continue\ndone\nexec app\n",
    },
    {
      name: "a run-once service ends with file clean-up, not a daemon",
      run: "#!/bin/sh\nmkdir -p /run/app\nchown app /run/app\nrm -f /run/app/stale.pid\n",
    },
    { name: "daemontools: exec setuidgid app", run: "#!/bin/sh\nexec setuidgid app /usr/bin/app\n" },
    {
      name: "runit: exec chpst after setup",
      run: "#!/bin/sh\n[ -r conf ] && . ./conf\ninstall -d -o app /run/app\nexec chpst -u app app -f\n",
    },
    { name: "a trailing comment", run: "#!/bin/sh\nexec app\n# the end\n" },
    { name: "cd && exec", run: "#!/bin/sh\ncd /srv/app && exec ./app\n" },
    {
      name: "ends with exit (the daemon was exec'd in a branch)",
      run: "#!/bin/sh\nif [ -x /usr/bin/app ]; then\n  exec app\nfi\nexit 1\n",
    },
    { name: "ends with an if (not judged)", run: "#!/bin/sh\nif true; then exec a; else exec b; fi\n" },
    { name: "ends with wait (trapped children)", run: "#!/bin/sh\ntrap 'kill $pid' TERM\napp & pid=$!\nwait\n" },
    { name: "a pipeline (cannot be exec'd as a whole)", run: "#!/bin/sh\napp 2>&1 | logger -t app\n" },
    { name: "finish scripts are not judged", files: { run: "#!/bin/sh\nexec app\n", finish: "#!/bin/sh\ncleanup\n" } },
    { name: "s6: execline chain-loads", run: "#!/command/execlineb -P\ns6-setuidgid app app\n" },
    { name: "ends with a builtin (sourcing a file)", run: "#!/bin/sh\nexec app\n. ./conf\n" },
    { name: "a || exit fallback", run: "#!/bin/sh\nexec app || exit 111\n" },
  ],
  invalid: [
    {
      name: "a sleep after a daemon that forks keeps the service up: not a restart delay",
      run: "#!/bin/sh\nnginx\nsleep 999\n",
      errors: [{ messageId: "notExeced", includes: "`sleep`", fix: "safe" }],
      output: "#!/bin/sh\nnginx\nexec sleep 999\n",
    },
    {
      name: "sleep infinity after setup is a placeholder daemon, not a restart delay",
      run: "#!/bin/bash\ndockerd-setup\nsleep infinity\n",
      errors: [{ messageId: "notExeced" }],
      output: "#!/bin/bash\ndockerd-setup\nexec sleep infinity\n",
    },
    {
      name: "daemon || sleep 10: the daemon is reported, not the delay",
      run: "#!/bin/sh\ntcpserver -v 0 993 imapd || sleep 10\n",
      errors: [
        {
          messageId: "notExeced",
          // The daemon's command, not the `|| sleep 10` after it; the program is the one tcpserver runs.
          line: 2,
          column: 1,
          endLine: 2,
          endColumn: 25,
          includes: "Write `exec tcpserver -v 0 993 imapd`",
          data: { program: "imapd", file: "run", stop: "svc -d", fixed: "exec tcpserver -v 0 993 imapd" },
          // exec would also drop the delay before a restart when the daemon cannot start.
          fix: "none",
        },
      ],
    },
    {
      name: "execline: the daemon inside a final foreground block",
      run: "#!/command/execlineb -P\nfdmove -c 2 1\nforeground { s6-setuidgid app app --serve }\n",
      errors: [
        {
          messageId: "inBlock",
          // The chain inside the braces.
          line: 3,
          column: 14,
          endLine: 3,
          endColumn: 42,
          includes: "s6-svc -d",
          data: { program: "app", builtin: "foreground", stop: "s6-svc -d", command: "s6-setuidgid app app --serve" },
        },
      ],
    },
    {
      name: "daemontools: no exec",
      run: "#!/bin/sh\nsetuidgid app /usr/bin/app\n",
      errors: [{ messageId: "notExeced", line: 2, includes: "svc -d", fix: "safe" }],
      output: "#!/bin/sh\nexec setuidgid app /usr/bin/app\n",
    },
    {
      name: "runit: sv down signals the shell",
      run: "#!/bin/sh\nchpst -u app app -f\n",
      errors: [{ messageId: "notExeced", includes: "sv down" }],
      output: "#!/bin/sh\nexec chpst -u app app -f\n",
    },
    {
      name: "s6 in shell: s6-svc -d",
      run: "#!/bin/sh\ns6-setuidgid app app\n",
      errors: [{ messageId: "notExeced", includes: "s6-svc -d" }],
      output: "#!/bin/sh\nexec s6-setuidgid app app\n",
    },
    {
      name: "cd && app",
      run: "#!/bin/sh\ncd /srv && ./app --foreground\n",
      errors: [{ messageId: "notExeced", includes: "exec ./app --foreground" }],
      output: "#!/bin/sh\ncd /srv && exec ./app --foreground\n",
    },
    {
      name: "the logger not exec'd",
      logRun: "#!/bin/sh\nmultilog t ./main\n",
      errors: [
        {
          messageId: "notExeced",
          file: "log/run",
          line: 2,
          column: 1,
          endLine: 2,
          endColumn: 18,
          data: { program: "multilog", file: "log/run", stop: "svc -d", fixed: "exec multilog t ./main" },
        },
      ],
      // The file of the first error: log/run.
      output: "#!/bin/sh\nexec multilog t ./main\n",
    },
    {
      name: "with a redirect: the advice keeps it",
      run: "#!/bin/sh\napp 2>&1\n",
      errors: [
        { messageId: "notExeced", includes: "Write `exec app 2>&1`", line: 2, column: 1, endLine: 2, endColumn: 9 },
      ],
      output: "#!/bin/sh\nexec app 2>&1\n",
    },
    {
      name: "an indented last command keeps its indentation",
      run: "#!/bin/sh\ncd /srv &&\n  app\n",
      errors: [{ messageId: "notExeced", line: 3 }],
      output: "#!/bin/sh\ncd /srv &&\n  exec app\n",
    },
    {
      name: "assignments before the command: exec goes after them",
      run: "#!/bin/sh\nHOME=/srv/app LANG=C app --serve\n",
      errors: [
        {
          messageId: "notExeced",
          // `exec HOME=/srv/app …` would look for a program named `HOME=/srv/app`.
          data: { program: "app", file: "run", stop: "svc -d", fixed: "HOME=/srv/app LANG=C exec app --serve" },
          fix: "safe",
        },
      ],
      output: "#!/bin/sh\nHOME=/srv/app LANG=C exec app --serve\n",
    },
    {
      name: "a redirect, then an assignment, before the command",
      run: "#!/bin/sh\n2>&1 TZ=UTC app\n",
      errors: [{ messageId: "notExeced", includes: "Write `2>&1 TZ=UTC exec app`" }],
      output: "#!/bin/sh\n2>&1 TZ=UTC exec app\n",
    },
    {
      name: "run in the background: exec would replace a subshell, not the shell",
      run: "#!/bin/sh\napp --serve &\n",
      errors: [{ messageId: "notExeced", fix: "none" }],
    },
    {
      name: "the last stage of a pipeline in a list runs in a subshell: no fix",
      run: "#!/bin/sh\ncd /srv && ./prepare |\n  app\n",
      errors: [{ messageId: "notExeced", fix: "none" }],
    },
    {
      name: "bash's time keyword: exec would run the time program, which forks the daemon",
      run: "#!/bin/bash\ntime app\n",
      errors: [{ messageId: "notExeced", fix: "none" }],
    },
  ],
});
