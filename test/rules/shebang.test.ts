import rule from "../../src/rules/shebang.js";
import { MULTILOG_LOG_RUN, runRuleTests } from "../helpers.js";

runRuleTests(rule, {
  valid: [
    { name: "#!/bin/sh", run: "#!/bin/sh\nexec app\n" },
    { name: "env bash", run: "#!/usr/bin/env bash\nexec app\n" },
    { name: "Debian's invoke-run", run: "#!/usr/bin/env /lib/runit/invoke-run\nexec app\n" },
    { name: "another language with its #!", run: "#!/usr/bin/python3\nimport os\n" },
    { name: "execline", run: "#!/command/execlineb -P\ns6-setuidgid app app\n" },
    { name: "CRLF after the first line only", run: "#!/bin/sh\nexec app\r\n" },
  ],
  invalid: [
    { name: "no #! in run", run: "exec app\n", errors: [{ messageId: "missing", file: "run", line: 1 }] },
    {
      name: "no #! in log/run",
      logRun: "exec setuidgid nobody multilog t ./main\n",
      // The file's first line, from its start.
      errors: [
        {
          messageId: "missing",
          file: "log/run",
          line: 1,
          column: 1,
          endLine: 1,
          endColumn: 1,
          data: { file: "log/run" },
        },
      ],
    },
    { name: "a blank line before #!", run: "\n#!/bin/sh\nexec app\n", errors: [{ messageId: "missing" }] },
    { name: "a byte-order mark before #!", run: "\ufeff#!/bin/sh\nexec app\n", errors: [{ messageId: "missing" }] },
    { name: "an empty run", run: "", errors: [{ messageId: "missing" }] },
    {
      name: "CRLF file",
      run: "#!/bin/sh\r\nexec app\r\n",
      errors: [{ messageId: "carriageReturn", file: "run", line: 1, includes: "`/bin/sh\\r`" }],
    },
    {
      name: "CRLF with arguments",
      run: "#!/bin/bash -e\r\nexec app\r\n",
      errors: [
        {
          messageId: "carriageReturn",
          includes: "`/bin/bash\\r`",
          line: 1,
          column: 1,
          data: { file: "run", interpreter: "/bin/bash" },
        },
      ],
    },
    {
      name: "CRLF in another language",
      files: {
        run: "#!/usr/bin/python3\r\nprint(1)\r\n",
        "log/run": MULTILOG_LOG_RUN,
      },
      errors: [{ messageId: "carriageReturn" }],
    },
    {
      name: "finish and check too",
      files: {
        run: "#!/bin/sh\nexec app\n",
        finish: "exit 0\n",
        check: "exit 0\n",
        "log/run": MULTILOG_LOG_RUN,
      },
      errors: [
        { messageId: "missing", file: "check", data: { file: "check" } },
        { messageId: "missing", file: "finish", data: { file: "finish" } },
      ],
    },
  ],
});
