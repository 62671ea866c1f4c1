import rule from "../../src/rules/svlogd-config.js";
import { runRuleTests } from "../helpers.js";

const LOG = "#!/bin/sh\nexec chpst -u log svlogd -tt ./main\n";
const RUN = "#!/bin/sh\nexec 2>&1\nexec chpst -u app app\n";

runRuleTests(rule, {
  valid: [
    { name: "defaults", logRun: LOG },
    { name: "-l with a bigger -b", logRun: "#!/bin/sh\nexec svlogd -tt -l 2000 -b 4096 ./main\n" },
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
        },
      ],
    },
    {
      name: "-b equal to -l",
      logRun: "#!/bin/sh\nexec svlogd -l 2000 -b 2000 ./main\n",
      errors: [{ messageId: "bufferTooSmall" }],
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
        },
      ],
    },
    { name: "no directory", logRun: "#!/bin/sh\nexec svlogd -tt\n", errors: [{ messageId: "noDirectory" }] },
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
        },
        {
          messageId: "configUnknown",
          file: "log/main/config",
          line: 3,
          column: 1,
          includes: "keep=5",
          data: { setting: "keep=5" },
        },
      ],
    },
    {
      name: "s10M",
      files: { run: RUN, "log/run": LOG, "log/main/config": "s10M\n" },
      errors: [{ messageId: "configNumber", includes: "`s10`" }],
    },
    {
      name: "N not below n",
      files: { run: RUN, "log/run": LOG, "log/main/config": "n5\nN5\n" },
      errors: [{ messageId: "configMinOverMax", line: 2 }],
    },
  ],
});
