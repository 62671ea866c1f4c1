import rule from "../../src/rules/stderr-redirect-order.js";
import { runRuleTests } from "../helpers.js";

const sh = (body: string): string => `#!/bin/sh\n${body}\n`;

runRuleTests(rule, {
  valid: [
    { name: "runit: exec 1>&2 before the final exec (Debian's style)", files: { run: "#!/bin/sh\nexec 1>&2\nexec chpst -u app app\n" } },
    { name: "s6: fdmove -c 2 1 after redirfd (stderr follows stdout to the file)", run: "#!/command/execlineb -P\nredirfd -w 1 /var/log/app.out\nfdmove -c 2 1\napp\n" },
    { name: "exec 2>&1 before the final exec", run: sh("exec 2>&1\nexec app") },
    { name: "runit's exec 1>&2 before the final exec", run: sh("exec 1>&2\nexec app") },
    { name: ">file 2>&1", run: sh("app-init >/var/log/init.log 2>&1\nexec app") },
    { name: ">>file 2>&1", run: sh("app-init >>/var/log/init.log 2>&1\nexec app") },
    { name: "&>file", run: sh("app-init &>/var/log/init.log\nexec app") },
    { name: "stderr alone into a pipe: the deliberate 2>&1 >/dev/null | …", run: sh("app --check 2>&1 >/dev/null | logger\nexec app") },
    { name: "exec inside if is not the final exec", run: sh("if [ -x /usr/bin/x ]; then exec x; fi\nexec 2>&1\nexec app") },
    { name: "fd swap through another descriptor", run: sh("app 3>&1 1>&2 2>&3\nexec app") },
  ],
  invalid: [
    { name: "runit: exec 1>&2 after the final exec", files: { run: "#!/bin/sh\nexec chpst -u app app\nexec 1>&2\n" }, errors: [{ messageId: "afterExec", line: 3 }] },
    { name: "s6: fdmove -c 2 1 before redirfd -w 1 (stderr stays on the log pipe)", run: "#!/command/execlineb -P\nfdmove -c 2 1\nredirfd -w 1 /var/log/app.out\napp\n", errors: [{ messageId: "beforeFile", line: 2, includes: "fdmove -c 2 1" }] },
    { name: "exec 2>&1 after the final exec", run: sh("exec app\nexec 2>&1"), errors: [{ messageId: "afterExec", line: 3, includes: "line 2" }] },
    { name: "exec 1>&2 after the final exec", run: sh("exec setuidgid app app\nexec 1>&2"), errors: [{ messageId: "afterExec", includes: "stdout" }] },
    { name: "in log/run", logRun: sh("exec setuidgid nobody multilog t ./main\nexec 2>&1"), errors: [{ messageId: "afterExec", file: "log/run" }] },
    { name: "2>&1 before >file", run: sh("app-init 2>&1 >/var/log/init.log\nexec app"), errors: [{ messageId: "beforeFile", line: 2, includes: "`>/var/log/init.log 2>&1`" }] },
    { name: "2>&1 before >>file", run: sh("exec app 2>&1 >>/var/log/app.log"), errors: [{ messageId: "beforeFile" }] },
    { name: "2>&1 before 1>file", run: sh("exec app 2>&1 1>/var/log/app.log"), errors: [{ messageId: "beforeFile" }] },
    { name: "1>&2 before 2>file", run: sh("exec app 1>&2 2>/var/log/err.log"), errors: [{ messageId: "beforeFile", includes: "stdout goes where stderr" }] },
    { name: "2>&1 >/dev/null not in a pipe", run: sh("exec app 2>&1 >/dev/null"), errors: [{ messageId: "beforeFile" }] },
    { name: "redirect written before the command name", run: sh("2>&1 >/var/log/x app\nexec app"), errors: [{ messageId: "beforeFile" }] },
  ],
});
