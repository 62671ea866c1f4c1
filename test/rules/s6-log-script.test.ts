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
          // s6-log refuses the script as written: `./main` cannot make it worse.
          fix: "safe",
        },
      ],
      output: log("t ./main"),
    },
    {
      name: "a bare directory name in a shell script, quoted",
      logRun: '#!/bin/sh\nexec s6-setuidgid nobody s6-log t "main"\n',
      errors: [{ messageId: "notDirectory", fix: "safe" }],
      output: '#!/bin/sh\nexec s6-setuidgid nobody s6-log t "./main"\n',
    },
    {
      name: "a bare directory name followed by settings: they would come after the last action",
      logRun: log("t main n20"),
      errors: [{ messageId: "notDirectory", fix: "none" }],
    },
    {
      name: "a bare directory name followed by an action: fixed",
      logRun: log("t main n20 1"),
      errors: [{ messageId: "notDirectory", fix: "safe" }],
      output: log("t ./main n20 1"),
    },
    {
      name: "a bare name from a variable is not rewritten",
      logRun: "#!/bin/sh\nD=main\nexec s6-setuidgid nobody s6-log t $D\n",
      errors: [{ messageId: "notDirectory", fix: "none" }],
    },
    {
      name: "s10M: unrecognized",
      logRun: log("t s10M ./main"),
      errors: [
        {
          messageId: "unknownDirective",
          includes: "`s10M`",
          fix: "none",
          // What M means is the author's to say.
          suggestions: [
            { desc: "Write `s10485760` (10 MiB)", output: log("t s10485760 ./main") },
            { desc: "Write `s10000000` (10 MB)", output: log("t s10000000 ./main") },
          ],
        },
      ],
    },
    {
      name: "s1G: above s6-log's range, nothing to offer",
      logRun: log("t s1G ./main"),
      errors: [{ messageId: "unknownDirective", suggestions: [] }],
    },
    {
      name: "no action at all",
      logRun: log("t n5"),
      // At the script's first word; the message has no placeholders.
      errors: [
        {
          messageId: "noAction",
          line: 3,
          column: 8,
          endLine: 3,
          endColumn: 9,
          data: {},
          fix: "none",
          suggestions: [{ desc: "Add the directory `./main` at the end of the script", output: log("t n5 ./main") }],
        },
      ],
    },
    {
      name: "size out of range",
      logRun: log("t s100 ./main"),
      // Which size was meant is unknown: no fix.
      errors: [{ messageId: "sizeClamped", severity: "warning", includes: "s4096", fix: "none" }],
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
          // Moved, it takes effect: unsafe.
          fix: "unsafe",
        },
      ],
      output: log("t n5 ./main"),
    },
    {
      name: "two settings after the last action keep their order",
      logRun: "#!/bin/sh\nexec s6-setuidgid nobody s6-log t ./main n5 s100000\n",
      errors: [
        { messageId: "afterLastAction", severity: "warning", data: { directive: "n5" }, fix: "unsafe" },
        { messageId: "afterLastAction", severity: "warning", data: { directive: "s100000" }, fix: "unsafe" },
      ],
      output: "#!/bin/sh\nexec s6-setuidgid nobody s6-log t n5 s100000 ./main\n",
    },
    {
      name: "settings on their own lines after the action (execline)",
      logRun: "#!/command/execlineb -P\ns6-setuidgid nobody\ns6-log\n  t\n  ./main\n  n5\n",
      errors: [{ messageId: "afterLastAction", severity: "warning", line: 6, fix: "unsafe" }],
      output: "#!/command/execlineb -P\ns6-setuidgid nobody\ns6-log\n  t\n  n5 ./main\n",
    },
    {
      name: "a setting after the last of two actions: which one it was meant for is unknown",
      logRun: log("t ./main 1 n5"),
      errors: [{ messageId: "afterLastAction", severity: "warning", fix: "none" }],
    },
    {
      name: "an unknown directive after the last action is not moved",
      logRun: log("t ./main x"),
      errors: [
        { messageId: "unknownDirective", fix: "none" },
        { messageId: "afterLastAction", severity: "warning", fix: "none" },
      ],
    },
    {
      name: "a bare name between directives",
      logRun: log("t logs ./main"),
      errors: [{ messageId: "notDirectory", includes: "./logs", fix: "safe" }],
      output: log("t ./logs ./main"),
    },
    { name: "a one-letter unknown directive", logRun: log("t x ./main"), errors: [{ messageId: "unknownDirective" }] },
    { name: "unknown directive, not a path", logRun: log("t %x ./main"), errors: [{ messageId: "unknownDirective" }] },
  ],
});
