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
      // The logger runs as `log` and log/main is not there: `./main` could make it exit 111.
      errors: [{ messageId: "notDirectory", includes: "`./main`", fix: "unsafe" }],
      output: log("t ./main"),
    },
    {
      name: "a bare directory name that exists in log/: a safe fix",
      files: { run: "#!/bin/sh\nexec app\n", "log/run": log("t main"), "log/main": { dir: true } },
      errors: [{ messageId: "notDirectory", fix: "safe" }],
      output: log("t ./main"),
    },
    {
      name: "a bare directory name, logger as root: it creates ./main itself",
      logRun: "#!/bin/sh\nexec multilog t main\n",
      errors: [{ messageId: "notDirectory", fix: "safe" }],
      output: "#!/bin/sh\nexec multilog t ./main\n",
    },
    {
      name: "a bare directory name after cd: not the service's directory",
      files: {
        run: "#!/bin/sh\nexec app\n",
        "log/run": "#!/bin/sh\ncd /var/log\nexec multilog t main\n",
        "log/main": { dir: true },
      },
      errors: [{ messageId: "notDirectory", fix: "unsafe" }],
      output: "#!/bin/sh\ncd /var/log\nexec multilog t ./main\n",
    },
    {
      name: "a quoted bare name keeps its quotes",
      logRun: log("t 'main'"),
      errors: [{ messageId: "notDirectory", fix: "unsafe" }],
      output: log("t './main'"),
    },
    {
      name: "a bare name from a variable: the assignment is not rewritten",
      logRun: "#!/bin/sh\nDIR=main\nexec setuidgid log multilog t $DIR\n",
      errors: [{ messageId: "notDirectory", fix: "none" }],
    },
    {
      name: "a bare name with settings after it: made a directory, they would come after the last one",
      logRun: log("t main s1048576"),
      errors: [{ messageId: "notDirectory", fix: "none" }],
    },
    {
      name: "two bare names with a setting between them: both made directories",
      logRun: log("t main s1048576 fatal"),
      errors: [
        { messageId: "notDirectory", data: { action: "main", fix: "./main" }, fix: "unsafe" },
        { messageId: "notDirectory", data: { action: "fatal", fix: "./fatal" }, fix: "unsafe" },
      ],
      output: log("t ./main s1048576 ./fatal"),
    },
    {
      name: "a letter and a number (daemontools-encore's w action) is not made a directory",
      logRun: log("t w100 ./main"),
      errors: [{ messageId: "notDirectory", fix: "none" }],
    },
    {
      name: "t not first",
      logRun: log("s4096 t ./main"),
      // The `t` itself; the position is a number.
      errors: [
        { messageId: "tNotFirst", line: 2, column: 35, endLine: 2, endColumn: 36, data: { position: 2 }, fix: "safe" },
      ],
      output: log("t s4096 ./main"),
    },
    {
      name: "t not first, with patterns that would see the timestamp: unsafe",
      logRun: log("'-*' '+error*' t ./main"),
      errors: [{ messageId: "tNotFirst", fix: "unsafe" }],
      output: log("t '-*' '+error*' ./main"),
    },
    {
      name: "t not first, with a processor: unsafe",
      logRun: log("'!gzip' t ./main"),
      errors: [{ messageId: "tNotFirst", fix: "unsafe" }],
      output: log("t '!gzip' ./main"),
    },
    {
      name: "a second t is removed",
      logRun: log("t s4096 t ./main"),
      errors: [{ messageId: "tNotFirst", data: { position: 3 }, fix: "safe" }],
      output: log("t s4096 ./main"),
    },
    {
      name: "two t not first: one moved, the other removed",
      logRun: log("s4096 t t ./main"),
      errors: [
        { messageId: "tNotFirst", data: { position: 2 }, fix: "safe" },
        { messageId: "tNotFirst", data: { position: 3 }, fix: "safe" },
      ],
      output: log("t s4096 ./main"),
    },
    {
      name: "t after a word known only at run time: not moved",
      logRun: "#!/bin/sh\nexec setuidgid log multilog $OPTS t ./main\n",
      errors: [{ messageId: "tNotFirst", fix: "none" }],
    },
    {
      name: "t not first, across continuation lines",
      logRun: "#!/bin/sh\nexec setuidgid log multilog \\\n  s4096 \\\n  t \\\n  ./main\n",
      errors: [{ messageId: "tNotFirst", line: 4, fix: "safe" }],
      output: "#!/bin/sh\nexec setuidgid log multilog \\\n  t s4096 \\\n  ./main\n",
    },
    {
      name: "t not first, execline",
      logRun: "#!/command/execlineb -P\ns6-setuidgid log\nmultilog s4096 t ./main\n",
      errors: [{ messageId: "tNotFirst", fix: "safe" }],
      output: "#!/command/execlineb -P\ns6-setuidgid log\nmultilog t s4096 ./main\n",
    },
    {
      name: "t not first, CRLF line endings kept",
      logRun: "#!/bin/sh\r\nexec setuidgid log multilog s4096 t ./main\r\n",
      errors: [{ messageId: "tNotFirst", fix: "safe" }],
      output: "#!/bin/sh\r\nexec setuidgid log multilog t s4096 ./main\r\n",
    },
    {
      name: "the doc's example: t moved, main made a directory",
      logRun: log("s4096 t main"),
      errors: [
        { messageId: "tNotFirst", fix: "safe" },
        { messageId: "notDirectory", fix: "unsafe" },
      ],
      output: log("t s4096 ./main"),
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
      name: "s64KiB: binary only",
      logRun: log("t s64KiB ./main"),
      errors: [
        { messageId: "badNumber", suggestions: [{ desc: "Write `s65536` (64 KiB)", output: log("t s65536 ./main") }] },
      ],
    },
    {
      name: "s100M: no size in multilog's range to offer",
      logRun: log("t s100M ./main"),
      errors: [{ messageId: "badNumber", suggestions: [] }],
    },
    {
      name: "size below the range",
      logRun: log("t s1000 ./main"),
      // Which size was meant is unknown: no fix.
      errors: [{ messageId: "sizeClamped", severity: "warning", includes: "s4096", fix: "none" }],
    },
    {
      name: "a bare s makes 4096-byte files",
      logRun: log("t s ./main"),
      errors: [{ messageId: "sizeClamped", severity: "warning", includes: "`s4096`" }],
    },
    {
      name: "d: the datetime action of patched multilogs",
      logRun: log("d s1048576 ./main"),
      errors: [{ messageId: "patchedDatetime", severity: "info", includes: "sagredo", fix: "none" }],
    },
    {
      name: "n1",
      logRun: log("t n1 ./main"),
      // multilog uses n2 anyway: writing it changes nothing.
      errors: [{ messageId: "countClamped", severity: "warning", fix: "safe" }],
      output: log("t n2 ./main"),
    },
    {
      name: "settings after the last directory",
      logRun: log("t ./main s1048576 n20"),
      // Each setting after ./main, in order; moved they take effect, so the fixes are unsafe.
      errors: [
        {
          messageId: "afterLastDirectory",
          severity: "warning",
          column: 38,
          endColumn: 46,
          data: { action: "s1048576" },
          fix: "unsafe",
        },
        {
          messageId: "afterLastDirectory",
          severity: "warning",
          column: 47,
          endColumn: 50,
          data: { action: "n20" },
          fix: "unsafe",
        },
      ],
      output: log("t s1048576 n20 ./main"),
    },
    {
      name: "a processor after the last directory",
      logRun: log("t ./main '!gzip'"),
      errors: [{ messageId: "afterLastDirectory", severity: "warning", fix: "unsafe" }],
      output: log("t '!gzip' ./main"),
    },
    {
      name: "a setting after the last of two directories: which one it was meant for is unknown",
      logRun: log("t ./all ./errors n5"),
      errors: [{ messageId: "afterLastDirectory", severity: "warning", fix: "none" }],
    },
    {
      name: "a malformed setting after the last directory is not moved (it would take effect as s10)",
      logRun: log("t ./main s10M"),
      errors: [
        { messageId: "badNumber", fix: "none" },
        { messageId: "afterLastDirectory", severity: "warning", fix: "none" },
      ],
    },
    {
      name: "n1 after the last directory: two findings on one word, no fix",
      logRun: log("t ./main n1"),
      errors: [
        { messageId: "countClamped", severity: "warning", fix: "none" },
        { messageId: "afterLastDirectory", severity: "warning", fix: "none" },
      ],
    },
    {
      name: "a name starting with s is a directory name, not a size",
      logRun: log("t syslog"),
      errors: [{ messageId: "notDirectory", includes: "./syslog", fix: "unsafe" }],
      output: log("t ./syslog"),
    },
    {
      name: "an unknown action (daemontools-encore's T)",
      logRun: log("T ./main"),
      errors: [{ messageId: "unknownAction", includes: "`T`", fix: "none" }],
    },
    {
      name: "no directory at all",
      logRun: log("t s4096"),
      // Which directory is the author's choice: a suggestion.
      errors: [
        {
          messageId: "noDirectory",
          fix: "none",
          suggestions: [{ desc: "Add the directory `./main` at the end of the script", output: log("t s4096 ./main") }],
        },
      ],
    },
  ],
});
