import rule from "../../src/rules/logger-privileges.js";
import { runRuleTests } from "../helpers.js";

const sh = (line: string): string => `#!/bin/sh\n${line}\n`;

runRuleTests(rule, {
  valid: [
    {
      name: "per-user: a variable set to a directory in $HOME",
      logRun: '#!/bin/sh\nLOGDIR="$HOME/.xuserlog/pipewire"\nmkdir -p "$LOGDIR"\nexec svlogd -tt "$LOGDIR"\n',
    },
    {
      name: "per-user: the sourced conf puts the logs in $HOME",
      files: {
        run: "#!/bin/sh\nexec 2>&1\nexec pipewire\n",
        conf: 'LOG_DIR="$HOME/var/log/pipewire"\n',
        "log/run": '#!/bin/sh\n[ -r ../conf ] && . ../conf\nexec svlogd -tt "$LOG_DIR"\n',
      },
    },
    {
      name: "per-user: the log dir is under an XDG base directory",
      logRun: '#!/bin/sh\nexec svlogd -tt "$XDG_DATA_HOME/log/dbus"\n',
    },
    {
      name: "per-user: GNU stow's dot-config is ~/.config",
      logRun: '#!/bin/sh\n. ../conf\nexec svlogd -tt "$LOG"\n',
      repo: {},
      at: "dot-config/sv/pipewire",
    },
    { name: "daemontools: setuidgid log multilog", logRun: sh("exec setuidgid log multilog t ./main") },
    { name: "runit: chpst -u log svlogd", logRun: sh("exec chpst -u _runit-log svlogd -tt /var/log/app") },
    { name: "s6: s6-setuidgid in execline", logRun: "#!/command/execlineb -P\ns6-setuidgid nobody s6-log t ./main\n" },
    {
      name: "s6: s6-envuidgid + s6-applyuidgid",
      logRun: "#!/command/execlineb -P\ns6-envuidgid log s6-applyuidgid -U s6-log t ./main\n",
    },
    {
      name: "the service's run is not judged",
      run: sh("exec multilog t ./main"),
      logRun: sh("exec setuidgid log multilog t ./main"),
    },
    // A user's own tree runs as the user already.
    { name: "per-user: log dir under $HOME", logRun: sh('exec svlogd -tt "$HOME/.log/app"') },
    { name: "per-user: log dir under ${HOME}", logRun: sh("exec multilog t ${HOME}/log/app") },
    { name: "per-user: log dir under /home", logRun: sh("exec svlogd -tt /home/alice/log/app") },
    {
      name: "per-user: a tree in a dot directory of a home",
      logRun: sh("exec svlogd -tt ./main"),
      repo: { "README.md": "my runit services\n" },
      at: ".config/sv/app",
    },
    // Images where every process is root: info, not a warning.
    {
      name: "container: info only",
      logRun: sh("exec svlogd -tt ./main"),
      repo: { Dockerfile: "FROM alpine\nCOPY sv /etc/service\n" },
    },
    {
      name: "s6-overlay v2: info only",
      logRun: sh("exec s6-log t ./main"),
      at: "rootfs/etc/services.d/app",
      repo: { Dockerfile: "FROM alpine\n" },
    },
  ],
  invalid: [
    {
      name: "daemontools: multilog as root",
      logRun: sh("exec multilog t ./main"),
      errors: [
        {
          messageId: "asRoot",
          // The logger's word.
          file: "log/run",
          line: 2,
          column: 6,
          endLine: 2,
          endColumn: 14,
          includes: "setuidgid log multilog",
          data: { logger: "multilog", fix: "exec setuidgid log multilog t ./main" },
          fix: "none",
          // `log` is in the passwd file; the root logger's files in ./main change owner too.
          suggestions: [
            {
              desc: "Run multilog as `log`: `exec setuidgid log multilog t ./main`, after `mkdir -p ./main` and `chown -R log ./main`",
              output: sh("mkdir -p ./main\nchown -R log ./main\nexec setuidgid log multilog t ./main"),
            },
          ],
        },
      ],
    },
    {
      name: "runit: svlogd as root",
      logRun: sh("exec svlogd -tt ./main"),
      errors: [
        {
          messageId: "asRoot",
          includes: "chpst -u log svlogd",
          suggestions: [
            {
              desc: "Run svlogd as `log`: `exec chpst -u log svlogd -tt ./main`, after `mkdir -p ./main` and `chown -R log ./main`",
              output: sh("mkdir -p ./main\nchown -R log ./main\nexec chpst -u log svlogd -tt ./main"),
            },
            {
              desc:
                "Run svlogd as `_runit-log`: `exec chpst -u _runit-log svlogd -tt ./main`, after `mkdir -p ./main` and " +
                "`chown -R _runit-log ./main`",
              output: sh("mkdir -p ./main\nchown -R _runit-log ./main\nexec chpst -u _runit-log svlogd -tt ./main"),
            },
          ],
        },
      ],
    },
    {
      name: "runit: chpst without -u does not drop",
      logRun: sh("exec chpst -e ./env svlogd ./main"),
      // svlogd, after the chpst that does not drop. The suggestion gives that chpst `-u`.
      errors: [
        {
          messageId: "asRoot",
          includes: "`svlogd`",
          line: 2,
          column: 21,
          endLine: 2,
          endColumn: 27,
          suggestions: [
            {
              desc: "Run svlogd as `log`: `exec chpst -u log -e ./env svlogd ./main`, after `mkdir -p ./main` and `chown -R log ./main`",
              output: sh("mkdir -p ./main\nchown -R log ./main\nexec chpst -u log -e ./env svlogd ./main"),
            },
            {
              desc:
                "Run svlogd as `_runit-log`: `exec chpst -u _runit-log -e ./env svlogd ./main`, after `mkdir -p ./main` " +
                "and `chown -R _runit-log ./main`",
              output: sh(
                "mkdir -p ./main\nchown -R _runit-log ./main\nexec chpst -u _runit-log -e ./env svlogd ./main",
              ),
            },
          ],
        },
      ],
    },
    {
      name: "s6: s6-log as root in execline",
      logRun: "#!/command/execlineb -P\nfdmove -c 2 1\ns6-log t ./main\n",
      errors: [
        {
          messageId: "asRoot",
          includes: "s6-setuidgid log s6-log",
          suggestions: [
            {
              desc:
                "Run s6-log as `log`: `s6-setuidgid log s6-log t ./main`, after `if { mkdir -p ./main }` and " +
                "`if { chown -R log ./main }`",
              output:
                "#!/command/execlineb -P\nfdmove -c 2 1\nif { mkdir -p ./main }\nif { chown -R log ./main }\ns6-setuidgid log s6-log t ./main\n",
            },
          ],
        },
      ],
    },
    {
      name: "the script already gives the directory to an account: that one, and nothing to add but the drop",
      logRun: sh("mkdir -p /var/log/app\nchown -R metrics /var/log/app\nexec multilog t s1048576 /var/log/app"),
      errors: [
        {
          messageId: "asRoot",
          suggestions: [
            {
              desc: "Run multilog as `metrics`: `exec setuidgid metrics multilog t s1048576 /var/log/app`",
              output: sh(
                "mkdir -p /var/log/app\nchown -R metrics /var/log/app\nexec setuidgid metrics multilog t s1048576 /var/log/app",
              ),
            },
          ],
        },
      ],
    },
    {
      name: "the account the script gives the directory is not in passwd: no suggestion",
      logRun: sh("chown -R ghost /var/log/app\nexec multilog t /var/log/app"),
      errors: [{ messageId: "asRoot", suggestions: [] }],
    },
    {
      name: "a directory known at run time only: no suggestion",
      logRun: sh('exec multilog t "$LOGDIR"'),
      errors: [{ messageId: "asRoot", suggestions: [] }],
    },
    {
      name: "the logger's own directory: no suggestion (chown -R would give the log account its run script)",
      logRun: sh("exec svlogd -tt ."),
      errors: [{ messageId: "asRoot", suggestions: [] }],
    },
    {
      name: "a pattern: no suggestion",
      logRun: sh("exec svlogd -ttt /var/log/socklog/*"),
      errors: [{ messageId: "asRoot", suggestions: [] }],
    },
    {
      name: "inside an if: no suggestion",
      logRun: sh("if [ -d /srv ]; then\n  exec multilog t /srv/log\nfi"),
      errors: [{ messageId: "asRoot", suggestions: [] }],
    },
    {
      name: "chpst -u root is no drop, but root named in writing: a note",
      logRun: sh("exec chpst -u root svlogd -tt ./main"),
      errors: [
        {
          messageId: "asRootChosen",
          severity: "info",
          includes: "`chpst -u root`",
          line: 2,
          column: 20,
          endLine: 2,
          endColumn: 26,
          data: { logger: "svlogd", switch: "chpst -u root", fix: "exec chpst -u log svlogd -tt ./main" },
          // Root written out is changed where it is written, if at all.
          suggestions: [],
        },
      ],
    },
    {
      name: "chpst -u :0:0 is no drop, but root named in writing: a note",
      logRun: sh("exec chpst -u :0:0 svlogd -tt ./main"),
      errors: [{ messageId: "asRootChosen", severity: "info" }],
    },
    {
      name: "setuidgid root is no drop, but root named in writing: a note",
      logRun: sh("exec setuidgid root multilog t ./main"),
      errors: [{ messageId: "asRootChosen", severity: "info" }],
    },
    {
      name: "envuidgid only sets $UID and $GID",
      logRun: sh("exec envuidgid log multilog t ./main"),
      errors: [
        {
          messageId: "asRoot",
          suggestions: [
            { output: sh("mkdir -p ./main\nchown -R log ./main\nexec envuidgid log setuidgid log multilog t ./main") },
          ],
        },
      ],
    },
    {
      name: "env - does not hide the logger",
      logRun: sh("exec env - PATH=/bin multilog t ./main"),
      errors: [
        {
          messageId: "asRoot",
          includes: "`multilog`",
          // setuidgid comes with multilog: the same PATH finds it.
          suggestions: [
            {
              output: sh("mkdir -p ./main\nchown -R log ./main\nexec env - PATH=/bin setuidgid log multilog t ./main"),
            },
          ],
        },
      ],
    },
    {
      name: "a home-like path elsewhere is not a home",
      logRun: sh("exec svlogd -tt /srv/home/log"),
      errors: [{ messageId: "asRoot" }],
    },
    {
      name: "container: reported at info, once per logger",
      logRun: sh("exec svlogd -tt ./main"),
      repo: { Dockerfile: "FROM alpine\nCOPY sv /etc/service\n" },
      // The image's accounts are not this machine's: no suggestion.
      errors: [{ messageId: "asRootInImage", severity: "info", includes: "container image", suggestions: [] }],
    },
    {
      name: "s6-overlay v2: reported at info",
      logRun: sh("exec s6-log t ./main"),
      at: "rootfs/etc/services.d/app",
      repo: { Dockerfile: "FROM alpine\n" },
      errors: [{ messageId: "asRootInImage", severity: "info", includes: "s6-overlay image", suggestions: [] }],
    },
  ],
});
