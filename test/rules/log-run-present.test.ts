import rule from "../../src/rules/log-run-present.js";
import { runRuleTests } from "../helpers.js";

const RUN = "#!/bin/sh\nexec app\n";
const LOGRUN = "#!/bin/sh\nexec setuidgid nobody multilog t ./main\n";

runRuleTests(rule, {
  valid: [
    { name: "log/run present and executable", files: { run: RUN, "log/run": LOGRUN } },
    { name: "log is a symlink to a logger directory", files: { run: RUN, "../shared-log/run": LOGRUN, log: { symlink: "../shared-log" } } },
    { name: "log/run is a symlink to an executable file", files: { run: RUN, "log/real-run": { content: LOGRUN, mode: 0o755 }, "log/run": { symlink: "real-run" } } },
    { name: "log/run not executable is run-executable's finding, not this rule's", files: { run: RUN, "log/run": { content: LOGRUN, mode: 0o644 } } },
    { name: "a Debian dh-runit template: empty log/ with .meta/logscript", files: { run: RUN, "log/": { dir: true }, ".meta/logscript": "", ".meta/pkg": "runit-services\n" } },
    { name: "exec 1>&2: output sent to the supervisor on purpose (Debian's cron)", files: { run: "#!/bin/sh\nexec 1>&2\nexec cron -f\n" } },
    { name: "a logger service itself (runit's shared svlogd) needs no log/", files: { run: "#!/bin/sh\nexec chpst -u _runit-log svlogd -tt /var/log/runit/x\n" } },
    { name: "in a checkout, an absolute link to a shared logger", context: "repo", files: { run: RUN, log: { symlink: "/etc/sv/no-such-shared-log" } } },
  ],
  invalid: [
    { name: "no log directory (a warning: the service may log to syslog)", files: { run: RUN }, errors: [{ messageId: "noLog", file: "run", line: 1, severity: "warning" }] },
    { name: "log/ without run", files: { run: RUN, "log/main": { dir: true } }, errors: [{ messageId: "noRun", file: "run" }] },
    { name: "empty log/ without the dh-runit flag", files: { run: RUN, "log/": { dir: true }, ".meta/pkg": "x\n" }, errors: [{ messageId: "noRun" }] },
    { name: "runit service: the advice names svlogd", files: { run: "#!/bin/sh\nexec chpst -u app app\n" }, errors: [{ messageId: "noLog", severity: "warning", includes: "svlogd" }] },
    { name: "s6 service: the advice names s6-log", files: { run: "#!/command/execlineb -P\ns6-setuidgid app app\n" }, errors: [{ messageId: "noLog", severity: "warning", includes: "s6-log" }] },
    { name: "log is a file", files: { run: RUN, log: "not a directory" }, errors: [{ messageId: "notDir", includes: "regular file" }] },
    { name: "log is a dangling symlink", files: { run: RUN, log: { symlink: "/nonexistent/logger" } }, errors: [{ messageId: "dangling", includes: "/nonexistent/logger" }] },
    { name: "log/run is a directory", files: { run: RUN, "log/run": { dir: true } }, errors: [{ messageId: "runNotFile", includes: "directory" }] },
    { name: "log/run is a FIFO", files: { run: RUN, "log/run": { fifo: true } }, errors: [{ messageId: "runNotFile", includes: "FIFO" }] },
  ],
});
