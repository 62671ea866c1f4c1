import rule from "../../src/rules/multilog-script.js";
import { runRuleTests } from "../helpers.js";

const log = (script: string) => `#!/bin/sh\nexec setuidgid log multilog ${script}\n`;

runRuleTests(rule, {
  valid: [
    { name: "t, size, count, processor, directory", logRun: log("t s1048576 n20 '!gzip' ./main") },
    { name: "patterns, e and a status file", logRun: log("t '-*' '+*error*' e =./status ./main") },
    { name: "two directories with their own settings", logRun: log("t ./all s4096 n5 '-*' '+*fatal*' ./fatal") },
    { name: "absolute directory", logRun: log("t /var/log/app") },
    {
      name: "a variable directory is not guessed",
      logRun: "#!/bin/sh\nLOGDIR=$(cat ./dir)\nexec multilog t $LOGDIR\n",
    },
    { name: "svlogd is not multilog", logRun: "#!/bin/sh\nexec svlogd -tt main\n" },
    // Clamped to 16777215: nothing material changes.
    { name: "size above the range", logRun: log("t s99999999 ./main") },
    { name: "s16777216", logRun: log("t s16777216 ./main") },
    { name: "the smallest size", logRun: log("t s4096 ./main") },
  ],
  invalid: [
    {
      name: "a bare directory name is ignored",
      logRun: log("t main"),
      errors: [{ messageId: "notDirectory", includes: "`./main`" }],
    },
    {
      name: "t not first",
      logRun: log("s4096 t ./main"),
      // The `t` itself; the position is a number.
      errors: [{ messageId: "tNotFirst", line: 2, column: 35, endLine: 2, endColumn: 36, data: { position: 2 } }],
    },
    {
      name: "s10M read as s10",
      logRun: log("t s10M ./main"),
      errors: [
        {
          messageId: "badNumber",
          line: 2,
          column: 31,
          endLine: 2,
          endColumn: 35,
          data: { action: "s10M", read: "s10", became: "s4096" },
        },
      ],
    },
    {
      name: "size below the range",
      logRun: log("t s1000 ./main"),
      errors: [{ messageId: "sizeClamped", severity: "warning", includes: "s4096" }],
    },
    {
      name: "a bare s makes 4096-byte files",
      logRun: log("t s ./main"),
      errors: [{ messageId: "sizeClamped", severity: "warning", includes: "`s4096`" }],
    },
    {
      name: "d: the datetime action of patched multilogs",
      logRun: log("d s1048576 ./main"),
      errors: [{ messageId: "patchedDatetime", severity: "info", includes: "sagredo" }],
    },
    { name: "n1", logRun: log("t n1 ./main"), errors: [{ messageId: "countClamped", severity: "warning" }] },
    {
      name: "settings after the last directory",
      logRun: log("t ./main s1048576 n20"),
      // Each setting after ./main, in order.
      errors: [
        {
          messageId: "afterLastDirectory",
          severity: "warning",
          column: 38,
          endColumn: 46,
          data: { action: "s1048576" },
        },
        { messageId: "afterLastDirectory", severity: "warning", column: 47, endColumn: 50, data: { action: "n20" } },
      ],
    },
    {
      name: "a name starting with s is a directory name, not a size",
      logRun: log("t syslog"),
      errors: [{ messageId: "notDirectory", includes: "./syslog" }],
    },
    {
      name: "an unknown action (daemontools-encore's T)",
      logRun: log("T ./main"),
      errors: [{ messageId: "unknownAction", includes: "`T`" }],
    },
    { name: "no directory at all", logRun: log("t s4096"), errors: [{ messageId: "noDirectory" }] },
  ],
});
