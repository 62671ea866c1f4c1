import rule from "../../src/rules/stderr-to-log.js";
import { runRuleTests } from "../helpers.js";

const LOG = "#!/bin/sh\nexec setuidgid nobody multilog t ./main\n";

runRuleTests(rule, {
  valid: [
    { name: "daemontools: exec 2>&1 first", run: "#!/bin/sh\nexec 2>&1\nexec setuidgid app app\n" },
    { name: "on the final exec", run: "#!/bin/sh\nexec setuidgid app app 2>&1\n" },
    { name: "runit: exec 2>&1 with chpst", run: "#!/bin/sh\nexec 2>&1\nexec chpst -u app app\n", logRun: "#!/bin/sh\nexec chpst -u log svlogd -tt ./main\n" },
    { name: "s6: fdmove -c 2 1 in execline", run: "#!/command/execlineb -P\nfdmove -c 2 1\ns6-setuidgid app app\n", logRun: "#!/command/execlineb -P\ns6-setuidgid nobody s6-log t ./main\n" },
    { name: "stderr to its own file on purpose", run: "#!/bin/sh\nexec 2>>/var/log/app.err\nexec app\n" },
    { name: "no logger: nothing to send it to", files: { run: "#!/bin/sh\nexec app\n" } },
    { name: "no logger: Debian's exec 1>&2 to runsvdir", files: { run: "#!/bin/sh\nexec 1>&2\nexec cron -f\n" } },
    { name: "a misplaced 2>&1 is stderr-redirect-order's finding", run: "#!/bin/sh\nexec app\nexec 2>&1\n" },
  ],
  invalid: [
    { name: "daemontools: never redirected", run: "#!/bin/sh\nexec setuidgid app app\n", errors: [{ messageId: "noStderr", file: "run", includes: "exec 2>&1" }] },
    { name: "runit: never redirected", run: "#!/bin/sh\nexec chpst -u app app\n", logRun: "#!/bin/sh\nexec chpst -u log svlogd -tt ./main\n", errors: [{ messageId: "noStderr" }] },
    { name: "s6: execline without fdmove", run: "#!/command/execlineb -P\ns6-setuidgid app app\n", logRun: "#!/command/execlineb -P\ns6-setuidgid nobody s6-log t ./main\n", errors: [{ messageId: "noStderr", includes: "fdmove -c 2 1" }] },
    { name: "exec 1>&2 with a logger", run: "#!/bin/sh\nexec 1>&2\nexec app\n", logRun: LOG, errors: [{ messageId: "stdoutToStderr", line: 2, includes: "exec 2>&1" }] },
  ],
});
