import rule from "../../src/rules/mkdir-before-multilog.js";
import { runRuleTests } from "../helpers.js";

const log = (body: string): string => `#!/bin/bash\n${body}\n`;

runRuleTests(rule, {
  valid: [
    { name: "relative directory in the logger's own dir", logRun: log("exec setuidgid nobody multilog t ./main") },
    { name: "mkdir -p first", logRun: log("mkdir -p /var/log/app\nexec multilog t /var/log/app") },
    { name: "install -d first", logRun: log("install -d -m 0750 -o log /var/log/app\nexec setuidgid log multilog t /var/log/app") },
    { name: "parent created (multilog makes the last component)", logRun: log("mkdir -p /var/log/app\nexec multilog t /var/log/app/main") },
    { name: "through a variable", logRun: log('D=/var/log/app\nmkdir -p "$D"\nexec multilog t "$D"') },
    { name: "through ${braces} and a trailing slash", logRun: log('D=/var/log/app\nmkdir -p "${D}/"\nexec multilog t ${D}') },
    { name: "same unresolved variable in both places", logRun: log('mkdir -p "$LOGDIR"\nexec multilog t "$LOGDIR"') },
    { name: "in an && list", logRun: log("mkdir -p /var/log/app && chown log /var/log/app\nexec multilog t /var/log/app") },
    { name: "inside an if", logRun: log("if [ ! -d /var/log/app ]; then\n  mkdir -p /var/log/app\nfi\nexec multilog t /var/log/app") },
    { name: "deeper directory created with -p covers its ancestors", logRun: log("mkdir -p /var/log/app/main/sub\nexec multilog t /var/log/app") },
    { name: "multilog's other arguments are not directories", logRun: log("mkdir -p /var/log/a\nexec multilog t s1000000 n5 '!gzip' '-*debug*' /var/log/a") },
    { name: "svlogd: directory created with install -d", logRun: log("install -d -m 0750 -o log /var/log/app\nexec chpst -u log svlogd -tt /var/log/app") },
    { name: "svlogd: relative directory present in the tree", files: { run: "#!/bin/sh\nexec app\n", "log/run": log("exec chpst -u log svlogd -tt ./main"), "log/main": { dir: true } } },
    { name: "s6-log: parent created", logRun: "#!/command/execlineb -P\nforeground { mkdir -p /var/log/app }\ns6-setuidgid nobody s6-log t /var/log/app/main\n" },
    { name: "s6-log: relative directory", logRun: "#!/command/execlineb -P\ns6-setuidgid nobody s6-log t ./main\n" },
    { name: "unknown directory value: not judged", logRun: log("exec multilog t $(cat /etc/app/logdir)") },
  ],
  invalid: [
    { name: "never created (as root)", logRun: log("exec multilog t s1048576 /var/log/app"), errors: [{ messageId: "asRoot", line: 2, includes: "`mkdir -p /var/log/app`" }] },
    { name: "never created, as another account", logRun: log("exec setuidgid log multilog t /var/log/app"), errors: [{ messageId: "asUser", includes: "`chown log /var/log/app`" }] },
    { name: "created after multilog started", logRun: log("multilog t /var/log/app &\nmkdir -p /var/log/app\nwait"), errors: [{ messageId: "asRoot", line: 2 }] },
    { name: "another directory created", logRun: log("mkdir -p /var/log/other\nexec multilog t /var/log/app"), errors: [{ messageId: "asRoot" }] },
    { name: "grandparent created without -p is not enough", logRun: log("mkdir /var/log/app\nexec multilog t /var/log/app/main/sub"), errors: [{ messageId: "asRoot" }] },
    { name: "variable resolving to an uncreated dir", logRun: log('D=/var/log/app\nmkdir -p /var/log/other\nexec chpst -u log multilog t "$D"'), errors: [{ messageId: "asUser", includes: "`/var/log/app`" }] },
    { name: "svlogd: only the parent created", logRun: log("mkdir -p /var/log\nexec chpst -u log svlogd -tt /var/log/app"), errors: [{ messageId: "svlogd", includes: "install -d -o log /var/log/app" }] },
    { name: "svlogd: relative directory missing from the tree", logRun: log("exec chpst -u log svlogd -tt ./main"), errors: [{ messageId: "svlogd", includes: "`./main`" }] },
    { name: "s6-log: parent never created", logRun: "#!/command/execlineb -P\ns6-setuidgid nobody s6-log t /var/log/app/main\n", errors: [{ messageId: "asUser", includes: "s6-log runs as `nobody`" }] },
    { name: "two directories, one created", logRun: log("mkdir -p /var/log/a\nexec multilog t /var/log/a /var/log/b"), errors: [{ messageId: "asRoot", includes: "/var/log/b" }] },
  ],
});
