import rule from "../../src/rules/logger-privileges.js";
import { runRuleTests } from "../helpers.js";

runRuleTests(rule, {
  valid: [
    { name: "daemontools: setuidgid log multilog", logRun: "#!/bin/sh\nexec setuidgid log multilog t ./main\n" },
    { name: "runit: chpst -u log svlogd", logRun: "#!/bin/sh\nexec chpst -u _runit-log svlogd -tt /var/log/app\n" },
    { name: "s6: s6-setuidgid in execline", logRun: "#!/command/execlineb -P\ns6-setuidgid nobody s6-log t ./main\n" },
    { name: "s6: s6-envuidgid + s6-applyuidgid", logRun: "#!/command/execlineb -P\ns6-envuidgid log s6-applyuidgid -U s6-log t ./main\n" },
    { name: "the service's run is not judged", run: "#!/bin/sh\nexec multilog t ./main\n", logRun: "#!/bin/sh\nexec setuidgid log multilog t ./main\n" },
  ],
  invalid: [
    { name: "daemontools: multilog as root", logRun: "#!/bin/sh\nexec multilog t ./main\n", errors: [{ messageId: "asRoot", file: "log/run", line: 2, includes: "setuidgid log multilog" }] },
    { name: "runit: svlogd as root", logRun: "#!/bin/sh\nexec svlogd -tt ./main\n", errors: [{ messageId: "asRoot", includes: "chpst -u log svlogd" }] },
    { name: "runit: chpst without -u does not drop", logRun: "#!/bin/sh\nexec chpst -e ./env svlogd ./main\n", errors: [{ messageId: "asRoot", includes: "`svlogd`" }] },
    { name: "s6: s6-log as root in execline", logRun: "#!/command/execlineb -P\nfdmove -c 2 1\ns6-log t ./main\n", errors: [{ messageId: "asRoot", includes: "s6-setuidgid log s6-log" }] },
  ],
});
