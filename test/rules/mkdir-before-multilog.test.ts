import rule from "../../src/rules/mkdir-before-multilog.js";
import { runRuleTests } from "../helpers.js";

const log = (body: string): string => `#!/bin/bash\n${body}\n`;
const xl = (body: string): string => `#!/command/execlineb -P\n${body}\n`;
/** An s6-rc consumer (its run is the logger) that depends on the oneshot `init`. */
const s6rc = (run: string): Record<string, string> => ({ type: "longrun\n", run, "dependencies.d/init": "" });

runRuleTests(rule, {
  valid: [
    {
      name: "checkout: the installer makes every log/main",
      logRun: log("exec svlogd -tt ./main"),
      repo: { "install.sh": 'for svc in /etc/sv/*; do\n  mkdir -p "$svc/log/main"\ndone\n' },
    },
    {
      name: "checkout: a Dockerfile's mkdir -p continues over several lines",
      logRun: log("exec multilog t /log/app/x"),
      repo: { Dockerfile: "FROM alpine\nRUN set -x \\\n    && mkdir -p \\\n        /data \\\n        /log/app\n" },
    },
    {
      name: "checkout: an image layout ships the directory",
      logRun: log("exec s6-setuidgid log s6-log t /var/log/app/main"),
      repo: { "layout/rwfs/var/log/app/main/.empty": "" },
    },
    {
      name: "s6-overlay v3: the dependency's up runs a script that creates it",
      at: "root/etc/s6-overlay/s6-rc.d/svc",
      files: s6rc(xl("s6-setuidgid nobody s6-log t /srv/app/log/main")),
      repo: {
        "root/etc/s6-overlay/s6-rc.d/init/type": "oneshot\n",
        "root/etc/s6-overlay/s6-rc.d/init/up": "/etc/s6-overlay/scripts/init-logs\n",
        "root/etc/s6-overlay/scripts/init-logs":
          "#!/bin/sh\nmkdir -p /srv/app/log/main\nchown nobody /srv/app/log/main\n",
      },
    },
    { name: "relative directory in the logger's own dir", logRun: log("exec setuidgid nobody multilog t ./main") },
    { name: "mkdir -p first", logRun: log("mkdir -p /var/log/app/main\nexec multilog t /var/log/app/main") },
    {
      name: "install -d first",
      logRun: log("install -d -m 0750 -o log /var/log/app\nexec setuidgid log multilog t /var/log/app"),
    },
    {
      name: "parent created (multilog makes the last component)",
      logRun: log("mkdir -p /srv/app\nexec multilog t /srv/app/main"),
    },
    { name: "through a variable", logRun: log('D=/srv/app/log\nmkdir -p "$D"\nexec multilog t "$D"') },
    {
      name: "through ${braces} and a trailing slash",
      logRun: log('D=/srv/app/log\nmkdir -p "${D}/"\nexec multilog t ${D}'),
    },
    { name: "same unresolved variable in both places", logRun: log('mkdir -p "$LOGDIR"\nexec multilog t "$LOGDIR"') },
    {
      name: "in an && list",
      logRun: log("mkdir -p /srv/app/log && chown log /srv/app/log\nexec multilog t /srv/app/log"),
    },
    {
      name: "inside an if",
      logRun: log("if [ ! -d /srv/app/log ]; then\n  mkdir -p /srv/app/log\nfi\nexec multilog t /srv/app/log"),
    },
    {
      name: "deeper directory created with -p covers its ancestors",
      logRun: log("mkdir -p /srv/app/log/main/sub\nexec multilog t /srv/app/log"),
    },
    {
      name: "multilog's other arguments are not directories",
      logRun: log("mkdir -p /srv/a/b\nexec multilog t s1000000 n5 '!gzip' '-*debug*' /srv/a/b"),
    },
    {
      name: "svlogd: directory created with install -d",
      logRun: log("install -d -m 0750 -o log /var/log/app\nexec chpst -u log svlogd -tt /var/log/app"),
    },
    {
      name: "svlogd: relative directory present in the tree",
      files: {
        run: "#!/bin/sh\nexec app\n",
        "log/run": log("exec chpst -u log svlogd -tt ./main"),
        "log/main": { dir: true },
      },
    },
    {
      name: "s6-log: parent created",
      logRun: xl("foreground { mkdir -p /srv/app }\ns6-setuidgid nobody s6-log t /srv/app/main"),
    },
    { name: "s6-log: relative directory", logRun: xl("s6-setuidgid nobody s6-log t ./main") },
    { name: "unknown directory value: not judged", logRun: log("exec multilog t $(cat /etc/app/logdir)") },
    // A root logger creates the last component itself under a parent every system has.
    { name: "root multilog under /var/log", logRun: log("exec multilog t s1048576 /var/log/app") },
    { name: "root s6-log under /run", logRun: xl("s6-log t /run/app") },
    { name: "root multilog under /var/run and /var/tmp", logRun: log("exec multilog t /var/run/app /var/tmp/app") },
    { name: "any account may create an entry in /tmp", logRun: log("exec setuidgid log multilog t /tmp/app") },
    // Directories made in argument order: A first, then A/sub.
    {
      name: "an earlier directory of the same logger is the parent",
      logRun: log("exec multilog t /var/log/app '-*' '+*error*' /var/log/app/errors"),
    },
    {
      name: "as another account: an earlier directory it made is the parent",
      logRun: log(
        "install -d -o log /var/log/app\nexec setuidgid log multilog t /var/log/app/all /var/log/app/all/errors",
      ),
    },
    // s6-mkdir and execline forms.
    {
      name: "s6-mkdir -p in execline",
      logRun: xl("foreground { s6-mkdir -p /srv/app/log }\ns6-log t /srv/app/log/main"),
    },
    { name: "s6-mkdir -p -m mode", logRun: log("s6-mkdir -p -m 0755 /srv/app/log\nexec multilog t /srv/app/log/main") },
    { name: "if { mkdir -p } in execline", logRun: xl("if { mkdir -p /srv/app/log }\ns6-log t /srv/app/log/main") },
    {
      name: "if { install -d -o } for another account",
      logRun: xl("if { install -d -o log /srv/app/log }\ns6-setuidgid log s6-log t /srv/app/log"),
    },
    // Created around the service.
    {
      name: "created by the Dockerfile",
      logRun: log("exec setuidgid log multilog t /var/log/foo/main"),
      repo: { Dockerfile: "FROM alpine\nRUN mkdir -p /var/log/foo && chown log /var/log/foo\nCOPY sv /etc/service\n" },
    },
    {
      name: "created by an installer",
      logRun: log("exec chpst -u log svlogd -tt /srv/app/log"),
      repo: { "install.sh": "#!/bin/sh\ninstall -d -o log /srv/app/log\ncp -r sv /etc/sv\n" },
    },
    {
      name: "s6-rc: created by a dependency's up",
      at: "s6-rc.d/svc",
      files: s6rc(xl("s6-setuidgid nobody s6-log t /var/log/app/main")),
      repo: {
        "s6-rc.d/init/type": "oneshot\n",
        "s6-rc.d/init/up": "if { mkdir -p /var/log/app }\nchown nobody /var/log/app\n",
      },
    },
    {
      name: "s6-rc: created by a dependency through a bundle",
      at: "s6-rc.d/svc",
      files: s6rc(xl("s6-log t /srv/app/log/main")),
      repo: {
        "s6-rc.d/init/type": "bundle\n",
        "s6-rc.d/init/contents.d/mkdirs": "",
        "s6-rc.d/mkdirs/type": "oneshot\n",
        "s6-rc.d/mkdirs/up": "s6-mkdir -p /srv/app/log\n",
      },
    },
    {
      name: "s6-rc oneshot: its up creates the directory its down logs to",
      files: {
        type: "oneshot\n",
        up: "if { mkdir -p /srv/app/log }\nfoo\n",
        down: "pipeline { app-stop } s6-log t /srv/app/log/stop\n",
      },
    },
    // The account is root: not a drop, so no ownership to arrange.
    {
      name: "chpst -u root is root: under /var/log it needs nothing",
      logRun: log("exec chpst -u root multilog t /var/log/app"),
    },
  ],
  invalid: [
    {
      name: "never created (as root)",
      logRun: log("exec multilog t s1048576 /var/log/app/main"),
      errors: [
        {
          messageId: "asRoot",
          // The directory argument, not the size before it.
          line: 2,
          column: 26,
          endLine: 2,
          endColumn: 43,
          // The parent: multilog makes `main` itself, 0700 as before.
          includes: "`mkdir -p /var/log/app`",
          data: {
            logger: "multilog",
            dir: "/var/log/app/main",
            last: "main",
            parent: "/var/log/app",
            fix: "`mkdir -p /var/log/app`",
          },
          fix: "safe",
        },
      ],
      output: log("mkdir -p /var/log/app\nexec multilog t s1048576 /var/log/app/main"),
    },
    {
      name: "never created, as another account, under /var/log",
      logRun: log("exec setuidgid log multilog t /var/log/app"),
      errors: [{ messageId: "asUserSystemParent", includes: "`chown log /var/log/app`", fix: "safe" }],
      output: log("mkdir -p /var/log/app\nchown log /var/log/app\nexec setuidgid log multilog t /var/log/app"),
    },
    {
      name: "never created, as another account, under an unknown parent",
      logRun: log("exec setuidgid log multilog t /srv/app/log"),
      errors: [{ messageId: "asUser", includes: "if `/srv/app` does not exist", fix: "safe" }],
      output: log("mkdir -p /srv/app/log\nchown log /srv/app/log\nexec setuidgid log multilog t /srv/app/log"),
    },
    {
      name: "created after multilog started",
      logRun: log("multilog t /srv/app/log &\nmkdir -p /srv/app/log\nwait"),
      errors: [{ messageId: "asRoot", line: 2 }],
      output: log("mkdir -p /srv/app\nmultilog t /srv/app/log &\nmkdir -p /srv/app/log\nwait"),
    },
    {
      name: "another directory created",
      logRun: log("mkdir -p /srv/other\nexec multilog t /srv/app/log"),
      errors: [{ messageId: "asRoot" }],
      output: log("mkdir -p /srv/other\nmkdir -p /srv/app\nexec multilog t /srv/app/log"),
    },
    {
      name: "grandparent created without -p is not enough",
      logRun: log("mkdir /var/log/app\nexec multilog t /var/log/app/main/sub"),
      errors: [{ messageId: "asRoot", includes: "`mkdir -p /var/log/app/main`" }],
      output: log("mkdir /var/log/app\nmkdir -p /var/log/app/main\nexec multilog t /var/log/app/main/sub"),
    },
    {
      name: "variable resolving to an uncreated dir",
      logRun: log('D=/var/log/app\nmkdir -p /var/log/other\nexec chpst -u log multilog t "$D"'),
      errors: [{ messageId: "asUserSystemParent", includes: "`/var/log/app`" }],
      // The directory as the logger gets it, written out.
      output: log(
        'D=/var/log/app\nmkdir -p /var/log/other\nmkdir -p /var/log/app\nchown log /var/log/app\nexec chpst -u log multilog t "$D"',
      ),
    },
    // Was: advice `install -d -o log …` for a root svlogd; a root logger needs only mkdir.
    {
      name: "svlogd as root: advice is mkdir -p",
      logRun: log("exec svlogd -tt /var/log/app"),
      errors: [{ messageId: "svlogd", includes: "`mkdir -p /var/log/app`", fix: "safe" }],
      output: log("mkdir -p /var/log/app\nexec svlogd -tt /var/log/app"),
    },
    {
      name: "svlogd: only the parent created",
      logRun: log("mkdir -p /var/log\nexec chpst -u log svlogd -tt /var/log/app"),
      errors: [{ messageId: "svlogd", includes: "install -d -o log /var/log/app" }],
      output: log("mkdir -p /var/log\ninstall -d -o log /var/log/app\nexec chpst -u log svlogd -tt /var/log/app"),
    },
    {
      name: "svlogd: relative directory missing from the tree",
      logRun: log("exec chpst -u log svlogd -tt ./main"),
      errors: [{ messageId: "svlogd", includes: "`./main`" }],
      output: log("install -d -o log ./main\nexec chpst -u log svlogd -tt ./main"),
    },
    {
      name: "svlogd: two missing directories, fixed one after the other",
      logRun: log("exec svlogd -tt /srv/a /srv/b"),
      errors: [
        { messageId: "svlogd", includes: "`/srv/a`", fix: "safe" },
        { messageId: "svlogd", includes: "`/srv/b`", fix: "safe" },
      ],
      output: log("mkdir -p /srv/a\nmkdir -p /srv/b\nexec svlogd -tt /srv/a /srv/b"),
    },
    {
      name: "s6-log: parent never created, execline advice",
      logRun: xl("s6-setuidgid nobody s6-log t /var/log/app/main"),
      errors: [
        {
          messageId: "asUser",
          line: 2,
          column: 30,
          endLine: 2,
          endColumn: 47,
          includes: "`if { install -d -o nobody /var/log/app/main }`",
          data: {
            logger: "s6-log",
            dir: "/var/log/app/main",
            account: "nobody",
            last: "main",
            parent: "/var/log/app",
            fix: "`if { install -d -o nobody /var/log/app/main }`",
          },
          fix: "safe",
        },
      ],
      // Before the whole chain, so that install runs as root.
      output: xl("if { install -d -o nobody /var/log/app/main }\ns6-setuidgid nobody s6-log t /var/log/app/main"),
    },
    {
      name: "execline root advice",
      logRun: xl("s6-log t /srv/app/log/main"),
      errors: [{ messageId: "asRoot", includes: "`if { mkdir -p /srv/app/log }`", fix: "safe" }],
      output: xl("if { mkdir -p /srv/app/log }\ns6-log t /srv/app/log/main"),
    },
    {
      name: "execline: after fdmove on the same line, the creation goes in front of the chain",
      logRun: xl("fdmove -c 2 1 s6-setuidgid log s6-log t /srv/app/log/main"),
      errors: [{ messageId: "asUser", fix: "safe" }],
      output: xl(
        "fdmove -c 2 1 if { install -d -o log /srv/app/log/main }\ns6-setuidgid log s6-log t /srv/app/log/main",
      ),
    },
    {
      name: "execline: a directory with a space is quoted as execline quotes",
      logRun: xl('s6-log t "/srv/my app/main"'),
      errors: [{ messageId: "asRoot", fix: "safe" }],
      output: xl('if { mkdir -p "/srv/my app" }\ns6-log t "/srv/my app/main"'),
    },
    {
      name: "shell: a directory with a space is quoted as the shell quotes",
      logRun: log("exec multilog t '/srv/my app/main'"),
      errors: [{ messageId: "asRoot", fix: "safe" }],
      output: log("mkdir -p '/srv/my app'\nexec multilog t '/srv/my app/main'"),
    },
    {
      name: "shell: the statement's indentation is kept",
      logRun: log("cd /\n  exec multilog t /srv/app/log/main"),
      errors: [{ messageId: "asRoot", fix: "safe" }],
      output: log("cd /\n  mkdir -p /srv/app/log\n  exec multilog t /srv/app/log/main"),
    },
    {
      name: "shell: CRLF line endings are kept",
      logRun: "#!/bin/sh\r\ncd /\r\nexec multilog t /srv/app/log/main\r\n",
      errors: [{ messageId: "asRoot", fix: "safe" }],
      output: "#!/bin/sh\r\ncd /\r\nmkdir -p /srv/app/log\r\nexec multilog t /srv/app/log/main\r\n",
    },
    {
      name: "shell: a statement after another on its line gets the creation in front",
      logRun: log("cd / && :; exec multilog t /srv/app/log/main"),
      errors: [{ messageId: "asRoot", fix: "safe" }],
      output: log("cd / && :; mkdir -p /srv/app/log; exec multilog t /srv/app/log/main"),
    },
    {
      name: "two directories, one created",
      logRun: log("mkdir -p /srv/a/b\nexec multilog t /srv/a/b /srv/c/d"),
      // The second directory, the one not created.
      errors: [{ messageId: "asRoot", includes: "/srv/c/d", line: 3, column: 26, endLine: 3, endColumn: 34 }],
      output: log("mkdir -p /srv/a/b\nmkdir -p /srv/c\nexec multilog t /srv/a/b /srv/c/d"),
    },
    {
      name: "one missing parent, many directories and loggers: one finding",
      logRun: log(
        "case $1 in\n  a) exec multilog t /srv/app/log/a /srv/app/log/b ;;\n  *) exec multilog t /srv/app/log/a ;;\nesac",
      ),
      // The first directory of the first logger. Not fixed: in a `case` branch, where the
      // directory should be made (this branch, every branch, before the case) is a choice.
      errors: [
        {
          messageId: "asRoot",
          line: 3,
          column: 22,
          endLine: 3,
          endColumn: 36,
          includes: "`/srv/app/log`",
          fix: "none",
        },
      ],
    },
    {
      name: "not fixed inside an if, a list or a pipeline",
      run: '#!/bin/sh\nif [ -n "$1" ]; then\n  exec multilog t /srv/a/x\nfi\ntrue && exec multilog t /srv/b/x\napp | multilog t /srv/c/x\n',
      errors: [
        { messageId: "asRoot", file: "run", includes: "`/srv/a/x`", fix: "none" },
        { messageId: "asRoot", file: "run", includes: "`/srv/b/x`", fix: "none" },
        { messageId: "asRoot", file: "run", includes: "`/srv/c/x`", fix: "none" },
      ],
    },
    {
      name: "not fixed when the account is not written as a name",
      logRun: log('exec chpst -u "$LOGUSER" svlogd -tt /srv/app/log\n'),
      errors: [{ messageId: "svlogd", includes: '`install -d -o "$LOGUSER" /srv/app/log`', fix: "none" }],
    },
    {
      name: "not fixed when the account is numeric (chown would read `:1000` as a group)",
      logRun: log("exec chpst -u :1000 svlogd -tt /srv/app/log\n"),
      errors: [{ messageId: "svlogd", fix: "none" }],
    },
    {
      name: "as another account, two directories in one parent: one created directory is not enough, no fix",
      logRun: log("exec setuidgid log multilog t /srv/app/a /srv/app/b"),
      errors: [{ messageId: "asUser", includes: "`/srv/app/a`", fix: "none" }],
    },
    {
      name: "a pattern is not a directory name: no fix",
      logRun: log("exec svlogd -ttt /var/log/socklog/*"),
      // Quoted, `mkdir -p '/var/log/socklog/*'` would make a directory named `*`.
      errors: [{ messageId: "svlogd", fix: "none" }],
    },
    {
      name: "as another account, a top-level directory is not given away: no fix",
      logRun: log("exec chpst -u log svlogd -tt /logs"),
      errors: [{ messageId: "svlogd", includes: "`install -d -o log /logs`", fix: "none" }],
    },
    {
      name: "as root, two directories in one parent: the parent is enough",
      logRun: log("exec multilog t /srv/app/a '-*' '+*err*' /srv/app/b"),
      errors: [{ messageId: "asRoot", includes: "`mkdir -p /srv/app`", fix: "safe" }],
      output: log("mkdir -p /srv/app\nexec multilog t /srv/app/a '-*' '+*err*' /srv/app/b"),
    },
    {
      name: "chpst -u root is no drop: advice is mkdir only",
      logRun: log("exec chpst -u root svlogd -tt /srv/app/log"),
      errors: [{ messageId: "svlogd", includes: "`mkdir -p /srv/app/log`" }],
      output: log("mkdir -p /srv/app/log\nexec chpst -u root svlogd -tt /srv/app/log"),
    },
    {
      name: "env - hides nothing",
      logRun: log("exec env - PATH=/bin multilog t /srv/app/log/main"),
      errors: [{ messageId: "asRoot" }],
      output: log("mkdir -p /srv/app/log\nexec env - PATH=/bin multilog t /srv/app/log/main"),
    },
    {
      name: "s6-rc oneshot: its up creates another directory",
      files: {
        type: "oneshot\n",
        up: "if { mkdir -p /srv/other }\nfoo\n",
        down: "pipeline { app-stop } s6-log t /srv/app/log/stop\n",
      },
      errors: [{ messageId: "asRoot", file: "down", includes: "`if { mkdir -p /srv/app/log }`", fix: "safe" }],
      // In front of s6-log, which the pipeline's block feeds.
      output: "pipeline { app-stop } if { mkdir -p /srv/app/log }\ns6-log t /srv/app/log/stop\n",
    },
    // In a checkout with nothing that creates it, the package may: conditional, and a note (below
    // half of these were true on the real-world corpus). The fix is then unsafe.
    {
      name: "repository: nothing creates it (conditional)",
      logRun: log("exec multilog t /srv/app/log/main"),
      repo: { "README.md": "copy sv/ to /etc/service\n" },
      errors: [
        {
          messageId: "asRootUnlessCreated",
          severity: "info",
          certainty: "conditional",
          includes: "unless the package or the system creates it",
          fix: "unsafe",
        },
      ],
      output: log("mkdir -p /srv/app/log\nexec multilog t /srv/app/log/main"),
    },
    {
      name: "packaging: as another account, nothing in the recipe creates it",
      logRun: log("exec setuidgid log multilog t /var/log/app"),
      repo: { template: "pkgname=app\nversion=1\ndo_install() {\n  vsv app\n}\n" },
      errors: [
        {
          messageId: "asUserUnlessCreated",
          severity: "info",
          certainty: "conditional",
          includes: "unless the package creates it for `log`",
          fix: "unsafe",
        },
      ],
      output: log("mkdir -p /var/log/app\nchown log /var/log/app\nexec setuidgid log multilog t /var/log/app"),
    },
    {
      name: "container: the Dockerfile creates another directory",
      logRun: log("exec chpst -u log svlogd -tt /var/log/app"),
      repo: { Dockerfile: "FROM alpine\nRUN mkdir -p /var/log/other\n" },
      errors: [
        {
          messageId: "svlogdUnlessCreated",
          severity: "info",
          certainty: "conditional",
          includes: "unless the image creates it",
          fix: "unsafe",
        },
      ],
      output: log("install -d -o log /var/log/app\nexec chpst -u log svlogd -tt /var/log/app"),
    },
    {
      name: "s6-rc: the dependency does not create it",
      at: "s6-rc.d/svc",
      files: s6rc(xl("s6-setuidgid nobody s6-log t /srv/app/log/main")),
      repo: { "s6-rc.d/init/type": "oneshot\n", "s6-rc.d/init/up": "if { mkdir -p /srv/other }\n" },
      errors: [
        {
          messageId: "asUserUnlessCreated",
          severity: "info",
          certainty: "conditional",
          includes: "`if { install -d -o nobody /srv/app/log/main }`",
          fix: "unsafe",
        },
      ],
      output: xl("if { install -d -o nobody /srv/app/log/main }\ns6-setuidgid nobody s6-log t /srv/app/log/main"),
    },
    {
      name: "checkout: svlogd's ./main is not in git (no empty directories) and nothing creates it",
      logRun: log("exec svlogd -tt ./main"),
      repo: {},
      errors: [{ messageId: "svlogdUnlessCreated", severity: "info", certainty: "conditional", fix: "unsafe" }],
      output: log("mkdir -p ./main\nexec svlogd -tt ./main"),
    },
  ],
});
