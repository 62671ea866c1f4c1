import rule from "../../src/rules/svlogd-config.js";
import { runRuleTests } from "../helpers.js";

const LOG = "#!/bin/sh\nexec chpst -u log svlogd -tt ./main\n";
const RUN = "#!/bin/sh\nexec 2>&1\nexec chpst -u app app\n";

runRuleTests(rule, {
  valid: [
    { name: "defaults", logRun: LOG },
    { name: "-l with a bigger -b", logRun: "#!/bin/sh\nexec svlogd -tt -l 2000 -b 4096 ./main\n" },
    // runit 2.1.2 reads a 0 as the default: -b 0 is 1024, above the default -l 1000 (exit 0, observed).
    { name: "-b 0 is svlogd's default buffer", logRun: "#!/bin/sh\nexec svlogd -tt -b 0 ./main\n" },
    {
      name: "a good config",
      files: {
        run: RUN,
        "log/run": LOG,
        "log/main/config": "# rotate\ns1000000\nn10\nN2\nt86400\n!gzip\n-*\n+*error*\nu10.0.0.1:514\npapp: \n\n",
      },
    },
    {
      name: "Debian's svlogd run with variables",
      logRun: '#!/bin/sh\nLOGDIR=/var/log/runit/$SERVICE\nexec chpst -u _runit-log svlogd -tt -b 2048 "$LOGDIR"\n',
    },
    {
      name: "a config reached through a link out of the service is not read (nor quoted)",
      files: {
        run: RUN,
        "log/run": LOG,
        "../outside/config": "SECRET-LINE-one\nSECRET-LINE-two\n",
        "log/main": { symlink: "../../outside" },
      },
    },
    { name: "s0: never rotate; n0: keep all", files: { run: RUN, "log/run": LOG, "log/main/config": "s0\nn0\nN5\n" } },
  ],
  invalid: [
    {
      name: "-l above the default -b",
      logRun: "#!/bin/sh\nexec svlogd -l 2000 ./main\n",
      errors: [
        {
          messageId: "bufferTooSmall",
          // -b is the default: at the word that holds -l's value.
          line: 2,
          column: 16,
          endLine: 2,
          endColumn: 20,
          includes: "-b 2001",
          data: { buffer: 1024, line: 2000, fix: 2001 },
          // svlogd does not start as written; -b just above -l keeps the line length asked for.
          fix: "safe",
        },
      ],
      output: "#!/bin/sh\nexec svlogd -l 2000 -b 2001 ./main\n",
    },
    {
      name: "-b equal to -l",
      logRun: "#!/bin/sh\nexec svlogd -l 2000 -b 2000 ./main\n",
      errors: [{ messageId: "bufferTooSmall", fix: "safe" }],
      output: "#!/bin/sh\nexec svlogd -l 2000 -b 2001 ./main\n",
    },
    {
      name: "-b below the default -l",
      logRun: "#!/bin/sh\nexec svlogd -b100 ./main\n",
      errors: [
        {
          messageId: "bufferTooSmall",
          line: 2,
          column: 13,
          endLine: 2,
          endColumn: 18,
          data: { buffer: 100, line: 1000, fix: 1001 },
          fix: "safe",
        },
      ],
      output: "#!/bin/sh\nexec svlogd -b1001 ./main\n",
    },
    {
      name: "-l in a cluster of flags, -b given twice: the last -b is the one svlogd keeps",
      logRun: "#!/bin/sh\nexec svlogd -b 8192 -ttl3000 -b 512 ./main\n",
      errors: [{ messageId: "bufferTooSmall", fix: "safe" }],
      output: "#!/bin/sh\nexec svlogd -b 8192 -ttl3000 -b 3001 ./main\n",
    },
    {
      name: "-l attached, no -b: -b added after it",
      logRun: "#!/bin/sh\nexec svlogd -tt -l3000 ./main\n",
      errors: [{ messageId: "bufferTooSmall", fix: "safe" }],
      output: "#!/bin/sh\nexec svlogd -tt -l3000 -b 3001 ./main\n",
    },
    {
      name: "execline: -b added after -l",
      logRun: "#!/command/execlineb -P\ns6-setuidgid log\nsvlogd -tt -l 4000 ./main\n",
      errors: [{ messageId: "bufferTooSmall", fix: "safe" }],
      output: "#!/command/execlineb -P\ns6-setuidgid log\nsvlogd -tt -l 4000 -b 4001 ./main\n",
    },
    {
      // svlogd reads -b 0 as its default 1024 (runit 2.1.2, observed): l + 1 would be wrong.
      name: "a value of 0 is svlogd's default, not a number to fix from",
      logRun: "#!/bin/sh\nexec svlogd -l 2000 -b 0 ./main\n",
      errors: [{ messageId: "bufferTooSmall", fix: "none" }],
    },
    {
      // -l 0 is the default 1000, not below -b 100: svlogd prints its usage and exits 111 (observed).
      name: "-l 0 is svlogd's default line length, above a small -b",
      logRun: "#!/bin/sh\nexec svlogd -l 0 -b 100 ./main\n",
      errors: [{ messageId: "bufferTooSmall", data: { buffer: 100, line: 1000, fix: 1001 }, fix: "safe" }],
      output: "#!/bin/sh\nexec svlogd -l 0 -b 1001 ./main\n",
    },
    {
      name: "an option known only at run time: not fixed",
      logRun: "#!/bin/sh\nexec svlogd -l 2000 $OPTS ./main\n",
      errors: [{ messageId: "bufferTooSmall", fix: "none" }],
    },
    {
      name: "a -b value with a suffix is not rewritten",
      logRun: "#!/bin/sh\nexec svlogd -l 2000 -b 1k ./main\n",
      errors: [{ messageId: "bufferTooSmall", fix: "none" }],
    },
    {
      name: "no directory",
      logRun: "#!/bin/sh\nexec svlogd -tt\n",
      errors: [
        {
          messageId: "noDirectory",
          fix: "none",
          suggestions: [{ desc: "Add the directory `./main`", output: "#!/bin/sh\nexec svlogd -tt ./main\n" }],
        },
      ],
    },
    {
      name: "unknown config lines are ignored by svlogd",
      files: { run: RUN, "log/run": LOG, "log/main/config": "s1000000\nsize 100\nkeep=5\n" },
      errors: [
        {
          messageId: "configNumber",
          file: "log/main/config",
          line: 2,
          column: 1,
          data: { setting: "size 100", letter: "s", read: "s0" },
          fix: "none",
          suggestions: [],
        },
        {
          messageId: "configUnknown",
          file: "log/main/config",
          line: 3,
          column: 1,
          includes: "keep=5",
          data: { setting: "keep=5" },
          fix: "none",
          suggestions: [],
        },
      ],
    },
    {
      name: "s10M",
      files: { run: RUN, "log/run": LOG, "log/main/config": "n5\ns10M\n" },
      errors: [
        {
          messageId: "configNumber",
          includes: "`s10`",
          fix: "none",
          suggestions: [
            { desc: "Write `s10485760` (10 MiB)", output: "n5\ns10485760\n" },
            { desc: "Write `s10000000` (10 MB)", output: "n5\ns10000000\n" },
          ],
        },
      ],
    },
    {
      name: "N not below n",
      files: { run: RUN, "log/run": LOG, "log/main/config": "n5\nN5\n" },
      errors: [
        {
          messageId: "configMinOverMax",
          line: 2,
          fix: "none",
          suggestions: [
            { desc: "Lower N: write `N4`", output: "n5\nN4\n" },
            { desc: "Raise n: write `n6`", output: "n6\nN5\n" },
          ],
        },
      ],
    },
    {
      name: "N not below svlogd's default n10, CRLF kept",
      files: { run: RUN, "log/run": LOG, "log/main/config": "s100000\r\nN12\r\n" },
      errors: [
        {
          messageId: "configMinOverMax",
          line: 2,
          suggestions: [
            { desc: "Lower N: write `N9`", output: "s100000\r\nN9\r\n" },
            { desc: "Raise n: write `n13`", output: "s100000\r\nn13\r\nN12\r\n" },
          ],
        },
      ],
    },
  ],
});
