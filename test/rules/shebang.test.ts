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
    {
      name: "no #! in run",
      run: "exec app\n",
      errors: [{ messageId: "missing", file: "run", line: 1, fix: "safe" }],
      output: "#!/bin/sh\nexec app\n",
    },
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
          fix: "safe",
        },
      ],
      output: "#!/bin/sh\nexec setuidgid nobody multilog t ./main\n",
    },
    {
      name: "a blank line before #!",
      run: "\n#!/bin/sh\nexec app\n",
      // The script's own #! line is put first, not a second one added.
      errors: [{ messageId: "missing", fix: "safe" }],
      output: "#!/bin/sh\nexec app\n",
    },
    {
      name: "a byte-order mark before #!",
      run: "\ufeff#!/bin/sh\nexec app\n",
      errors: [{ messageId: "missing", fix: "safe" }],
      output: "#!/bin/sh\nexec app\n",
    },
    {
      name: "blank lines before an execline #! line",
      run: "\n\n#!/usr/bin/execlineb -S0\nforeground { s6-svscanctl -t /var/run/s6/services }\n",
      errors: [{ messageId: "missing", fix: "safe" }],
      output: "#!/usr/bin/execlineb -S0\nforeground { s6-svscanctl -t /var/run/s6/services }\n",
    },
    {
      name: "a blank line before a CRLF #! line: both put right at once",
      run: "\r\n#!/bin/sh\r\nexec app\r\n",
      errors: [{ messageId: "missing", fix: "safe" }],
      output: "#!/bin/sh\nexec app\n",
    },
    {
      name: "a blank line before a #! line with CR, then LF endings with a CR further down: unsafe",
      run: "\n#!/bin/sh\r\ncat > /run/app.conf <<EOF\nport 80\r\nEOF\nexec app\n",
      errors: [{ messageId: "missing", fix: "unsafe" }],
      output: "#!/bin/sh\ncat > /run/app.conf <<EOF\nport 80\nEOF\nexec app\n",
    },
    {
      name: "#/bin/sh in a CRLF file",
      run: "#/bin/sh\r\nexec app\r\n",
      errors: [{ messageId: "missing", fix: "safe" }],
      output: "#!/bin/sh\nexec app\n",
    },
    {
      name: "#/bin/sh: the ! is missing",
      run: "#/bin/sh\nexec app\n",
      errors: [{ messageId: "missing", fix: "safe" }],
      output: "#!/bin/sh\nexec app\n",
    },
    {
      name: "# /usr/bin/env bash",
      run: "# /usr/bin/env bash -e\nexec app\n",
      errors: [{ messageId: "missing", fix: "safe" }],
      output: "#!/usr/bin/env bash -e\nexec app\n",
    },
    {
      name: "!#/bin/sh: swapped",
      run: "!#/bin/sh\nexec app\n",
      errors: [{ messageId: "missing", fix: "safe" }],
      output: "#!/bin/sh\nexec app\n",
    },
    {
      name: "a first comment that names a path is a comment: #!/bin/sh goes above it",
      run: "# /etc/sv/app/run: starts app\nexec app\n",
      errors: [{ messageId: "missing", fix: "safe" }],
      output: "#!/bin/sh\n# /etc/sv/app/run: starts app\nexec app\n",
    },
    {
      name: "a first comment that starts with a shell's path but goes on: #!/bin/sh goes above it",
      run: "# /bin/sh script for app\nexec app\n",
      errors: [{ messageId: "missing", fix: "safe" }],
      output: "#!/bin/sh\n# /bin/sh script for app\nexec app\n",
    },
    {
      name: "sh's own arithmetic and defaults are not bashisms",
      run: 'PORT=${PORT:-80}\nexec app --workers $((2 * 4)) --port "$PORT"\n',
      errors: [{ messageId: "missing", fix: "safe" }],
      output: '#!/bin/sh\nPORT=${PORT:-80}\nexec app --workers $((2 * 4)) --port "$PORT"\n',
    },
    {
      name: "bashisms: #!/bin/sh (dash on Debian) would break it, so no fix",
      run: "if [[ -d /run/app ]]; then exec app; fi\n",
      errors: [{ messageId: "missing", fix: "none" }],
    },
    {
      name: "a bash array: no fix",
      run: 'ARGS=(--foreground --port 80)\nexec app "${ARGS[@]}"\n',
      errors: [{ messageId: "missing", fix: "none" }],
    },
    {
      name: "execline without #!: the language and execlineb's path are a guess",
      run: "fdmove -c 2 1\ns6-setuidgid app\napp\n",
      errors: [{ messageId: "missing", fix: "none" }],
    },
    {
      name: "execline blocks without #!",
      run: "foreground { mkdir -p /run/app }\napp\n",
      errors: [{ messageId: "missing", fix: "none" }],
    },
    {
      name: "execline blocks after a name sh knows too (trap)",
      run: "trap -x { SIGTERM { s6-svc -d . } }\napp\n",
      errors: [{ messageId: "missing", fix: "none" }],
    },
    {
      name: "execline: a line that ends inside a chain",
      run: "s6-setuidgid app\ns6-envdir ./env\napp\n",
      errors: [{ messageId: "missing", fix: "none" }],
    },
    {
      name: "python (an execline name, import): no fix",
      run: "import os\nos.execv('/usr/bin/app', ['app'])\n",
      errors: [{ messageId: "missing", fix: "none" }],
    },
    {
      name: "not shell at all (it does not parse): no fix",
      run: "def main():\n    run()\n",
      errors: [{ messageId: "missing", fix: "none" }],
    },
    {
      name: "a call sh rejects, though svlint's parser reads a subshell: no fix",
      run: 'print("starting")\n',
      errors: [{ messageId: "missing", fix: "none" }],
    },
    {
      name: "a file that is no script (an AppArmor tunable named run): no fix",
      run: "@{run}=/run/ /var/run/\n",
      errors: [{ messageId: "missing", fix: "none" }],
    },
    {
      name: "a function definition is sh",
      run: "start() {\n  exec app\n}\nstart\n",
      errors: [{ messageId: "missing", fix: "safe" }],
      output: "#!/bin/sh\nstart() {\n  exec app\n}\nstart\n",
    },
    {
      name: "CRLF without #!: no fix (the #! line and the endings are two changes)",
      run: "exec app\r\n",
      errors: [{ messageId: "missing", fix: "none" }],
    },
    {
      name: "s6: a run without #! may be meant for execlineb or with-contenv: unsafe",
      files: { run: "exec app --foreground\n", "notification-fd": "3\n" },
      errors: [{ messageId: "missing", fix: "unsafe" }],
      output: "#!/bin/sh\nexec app --foreground\n",
    },
    {
      name: "s6-rc longrun source without #!: unsafe",
      files: { run: "exec app --foreground\n", type: "longrun\n" },
      errors: [{ messageId: "missing", fix: "unsafe" }],
      output: "#!/bin/sh\nexec app --foreground\n",
    },
    {
      name: "a byte-order mark and no #!: no fix (sh would read the mark as a command)",
      run: "\ufeffexec app\n",
      errors: [{ messageId: "missing", fix: "none" }],
    },
    { name: "an empty run", run: "", errors: [{ messageId: "missing", fix: "none" }] },
    {
      name: "CRLF file",
      run: "#!/bin/sh\r\nexec app\r\n",
      errors: [{ messageId: "carriageReturn", file: "run", line: 1, includes: "`/bin/sh\\r`", fix: "safe" }],
      // Every line: sh reads `exec app\r` as running `app\r`.
      output: "#!/bin/sh\nexec app\n",
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
          fix: "safe",
        },
      ],
      output: "#!/bin/bash -e\nexec app\n",
    },
    {
      name: "CRLF, last line without a line feed",
      run: "#!/bin/sh\r\nexec app\r",
      errors: [{ messageId: "carriageReturn", fix: "safe" }],
      output: "#!/bin/sh\nexec app",
    },
    {
      name: "CR on the #! line only",
      run: "#!/bin/sh\r\nexec app\n",
      errors: [{ messageId: "carriageReturn", fix: "safe" }],
      output: "#!/bin/sh\nexec app\n",
    },
    {
      name: "mixed endings: a CR further down may be data (a here-document): unsafe",
      run: "#!/bin/sh\r\ncat > /run/app.conf <<EOF\nport 80\r\nEOF\nexec app\n",
      errors: [{ messageId: "carriageReturn", fix: "unsafe" }],
      output: "#!/bin/sh\ncat > /run/app.conf <<EOF\nport 80\nEOF\nexec app\n",
    },
    {
      name: "CRLF execline",
      run: "#!/command/execlineb -P\r\nfdmove -c 2 1\r\napp\r\n",
      errors: [{ messageId: "carriageReturn", fix: "safe" }],
      output: "#!/command/execlineb -P\nfdmove -c 2 1\napp\n",
    },
    {
      name: "CR on the #! line only, in another language: safe",
      files: { run: "#!/usr/bin/python3\r\nprint(1)\n", "log/run": MULTILOG_LOG_RUN },
      errors: [{ messageId: "carriageReturn", fix: "safe" }],
      output: "#!/usr/bin/python3\nprint(1)\n",
    },
    {
      name: "CRLF in another language",
      files: {
        run: "#!/usr/bin/python3\r\nprint(1)\r\n",
        "log/run": MULTILOG_LOG_RUN,
      },
      // svlint does not read python: whether a CR further down is data is not known.
      errors: [{ messageId: "carriageReturn", fix: "unsafe" }],
      output: "#!/usr/bin/python3\nprint(1)\n",
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
        { messageId: "missing", file: "check", data: { file: "check" }, fix: "safe" },
        { messageId: "missing", file: "finish", data: { file: "finish" }, fix: "safe" },
      ],
      output: { check: "#!/bin/sh\nexit 0\n", finish: "#!/bin/sh\nexit 0\n" },
    },
  ],
});
