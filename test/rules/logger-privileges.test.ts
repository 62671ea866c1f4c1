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
        },
      ],
    },
    {
      name: "runit: svlogd as root",
      logRun: sh("exec svlogd -tt ./main"),
      errors: [{ messageId: "asRoot", includes: "chpst -u log svlogd" }],
    },
    {
      name: "runit: chpst without -u does not drop",
      logRun: sh("exec chpst -e ./env svlogd ./main"),
      // svlogd, after the chpst that does not drop.
      errors: [{ messageId: "asRoot", includes: "`svlogd`", line: 2, column: 21, endLine: 2, endColumn: 27 }],
    },
    {
      name: "s6: s6-log as root in execline",
      logRun: "#!/command/execlineb -P\nfdmove -c 2 1\ns6-log t ./main\n",
      errors: [{ messageId: "asRoot", includes: "s6-setuidgid log s6-log" }],
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
      errors: [{ messageId: "asRoot" }],
    },
    {
      name: "env - does not hide the logger",
      logRun: sh("exec env - PATH=/bin multilog t ./main"),
      errors: [{ messageId: "asRoot", includes: "`multilog`" }],
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
      errors: [{ messageId: "asRootInImage", severity: "info", includes: "container image" }],
    },
    {
      name: "s6-overlay v2: reported at info",
      logRun: sh("exec s6-log t ./main"),
      at: "rootfs/etc/services.d/app",
      repo: { Dockerfile: "FROM alpine\n" },
      errors: [{ messageId: "asRootInImage", severity: "info", includes: "s6-overlay image" }],
    },
  ],
});
