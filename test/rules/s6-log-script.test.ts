import rule from "../../src/rules/s6-log-script.js";
import { runRuleTests } from "../helpers.js";

const log = (script: string) => `#!/command/execlineb -P\ns6-setuidgid nobody\ns6-log ${script}\n`;

runRuleTests(rule, {
  valid: [
    { name: "typical s6-overlay logger", logRun: log("n20 s1000000 T /var/log/app") },
    { name: "options before the script", logRun: log("-b -l 4096 -- t ./main") },
    { name: "filters, processor and two actions", logRun: log("t - +^error ./errors + 1") },
    { name: "from a shell script", logRun: "#!/bin/sh\nexec s6-setuidgid nobody s6-log t ./main\n" },
    { name: "=file action", logRun: log("t =./last") },
  ],
  invalid: [
    {
      name: "a bare directory name: exit 100",
      logRun: log("t main"),
      errors: [
        {
          messageId: "notDirectory",
          // The word on s6-log's line, not the s6-setuidgid line the chain starts on.
          line: 3,
          column: 10,
          endLine: 3,
          endColumn: 14,
          includes: "`./main`",
          data: { directive: "main", fix: "./main" },
        },
      ],
    },
    {
      name: "s10M: unrecognized",
      logRun: log("t s10M ./main"),
      errors: [{ messageId: "unknownDirective", includes: "`s10M`" }],
    },
    {
      name: "no action at all",
      logRun: log("t n5"),
      // At the script's first word; the message has no placeholders.
      errors: [{ messageId: "noAction", line: 3, column: 8, endLine: 3, endColumn: 9, data: {} }],
    },
    {
      name: "size out of range",
      logRun: log("t s100 ./main"),
      errors: [{ messageId: "sizeClamped", severity: "warning", includes: "s4096" }],
    },
    {
      name: "settings after the last action",
      logRun: log("t ./main n5"),
      errors: [
        {
          messageId: "afterLastAction",
          severity: "warning",
          line: 3,
          column: 17,
          endColumn: 19,
          data: { directive: "n5" },
        },
      ],
    },
    {
      name: "a bare name between directives",
      logRun: log("t logs ./main"),
      errors: [{ messageId: "notDirectory", includes: "./logs" }],
    },
    { name: "a one-letter unknown directive", logRun: log("t x ./main"), errors: [{ messageId: "unknownDirective" }] },
    { name: "unknown directive, not a path", logRun: log("t %x ./main"), errors: [{ messageId: "unknownDirective" }] },
  ],
});
