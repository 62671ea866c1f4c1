import rule from "../../src/rules/discarded-output.js";
import { MULTILOG_LOG_RUN, runRuleTests } from "../helpers.js";

const EL = "#!/command/execlineb -P\n";

runRuleTests(rule, {
  valid: [
    {
      name: "both streams to the log",
      run: "#!/bin/sh\nexec 2>&1\nexec memcached -u nobody\n",
      logRun: MULTILOG_LOG_RUN,
    },
    {
      name: "stderr alone to /dev/null (stdout reaches the logger)",
      run: "#!/bin/sh\nexec memcached -u nobody 2>/dev/null\n",
      logRun: MULTILOG_LOG_RUN,
    },
    {
      name: "stdout alone to /dev/null, stderr to the log",
      run: "#!/bin/sh\nexec memcached -u nobody 2>&1 >/dev/null\n",
      logRun: MULTILOG_LOG_RUN,
    },
    { name: "execline: chatter dropped, errors kept", run: `${EL}fdmove -c 2 1\nredirfd -w 1 /dev/null\nmemcached\n` },
    { name: "a setup command's output dropped", run: "#!/bin/sh\nmkdir -p /run/x >/dev/null 2>&1\nexec memcached\n" },
    { name: "sshd logs to syslog unless -e", run: "#!/bin/sh\nexec /usr/sbin/sshd -D >/dev/null 2>&1\n" },
    { name: "dnsmasq logs to syslog", run: "#!/bin/sh\nexec dnsmasq -k >/dev/null 2>&1\n" },
    {
      name: "wpa_supplicant -s logs to syslog",
      run: "#!/bin/sh\nexec wpa_supplicant -s -i wlan0 -c /etc/w.conf >/dev/null 2>&1\n",
    },
    {
      name: "mopidy: the repository's mopidy.conf hands logging to a logging config",
      run: "#!/bin/sh\nexec chpst -u mopidy mopidy --config /etc/mopidy/mopidy.conf >/dev/null 2>&1\n",
      repo: { "files/mopidy.conf": "[logging]\nconfig_file = /etc/mopidy/logging.conf\n" },
    },
    { name: "a --log-file option", run: "#!/bin/sh\nexec app --log-file=/var/log/app.log >/dev/null 2>&1\n" },
    { name: "options at run time may hold a syslog flag", run: "#!/bin/sh\nexec app $OPTS >/dev/null 2>&1\n" },
    { name: "a program named at run time", run: '#!/bin/sh\nexec "$DAEMON" >/dev/null 2>&1\n' },
    { name: "a placeholder prints nothing", run: "#!/bin/sh\nexec sleep infinity >/dev/null 2>&1\n" },
    { name: "&> in sh is `app &` then `>/dev/null` for dash", run: "#!/bin/sh\nexec app &>/dev/null\n" },
    {
      name: "stdout to /dev/null, then back to a file",
      run: "#!/bin/sh\nexec >/dev/null 2>&1\nexec app >>/var/log/app.log\n",
    },
    {
      name: "log/run itself is not judged",
      run: "#!/bin/sh\nexec 2>&1\nexec app\n",
      logRun: "#!/bin/sh\nexec cat >/dev/null 2>&1\n",
    },
  ],
  invalid: [
    {
      name: "daemontools: exec daemon >/dev/null 2>&1 with a logger",
      run: "#!/bin/sh\nexec memcached -u nobody >/dev/null 2>&1\n",
      logRun: MULTILOG_LOG_RUN,
      errors: [
        {
          messageId: "discarded",
          line: 2,
          column: 1,
          endColumn: 41,
          certainty: "proven",
          data: {
            program: "memcached",
            how: "`>/dev/null 2>&1`",
            logger: ", and the logger in log/run receives nothing",
            advice: " and send stderr to the log with `exec 2>&1`",
          },
        },
      ],
    },
    {
      name: "an earlier exec >/dev/null 2>&1, no logger (unknown program: conditional)",
      run: "#!/bin/sh\nexec >/dev/null 2>&1\nexec chpst -u app app --serve\n",
      errors: [
        {
          messageId: "discarded",
          line: 3,
          certainty: "conditional",
          includes: "(`exec >/dev/null 2>&1` on line 2)",
        },
      ],
    },
    {
      name: "runit: the advice names svlogd",
      run: "#!/bin/sh\nexec chpst -u app app >/dev/null 2>/dev/null\n",
      errors: [{ messageId: "discarded", includes: "(`exec svlogd -tt ./main`)" }],
    },
    {
      name: "bash's &>",
      run: "#!/bin/bash\nexec memcached &>/dev/null\n",
      errors: [{ messageId: "discarded", includes: "(`&>/dev/null`)" }],
    },
    {
      name: "execline: redirfd -w 1 /dev/null fdmove -c 2 1",
      run: `${EL}redirfd -w 1 /dev/null\nfdmove -c 2 1\ns6-setuidgid app memcached\n`,
      logRun: "#!/command/execlineb -P\ns6-log t ./main\n",
      errors: [
        {
          messageId: "discarded",
          line: 4,
          includes: "(`redirfd -w 1 /dev/null fdmove -c 2 1`)",
        },
      ],
    },
    {
      name: "sshd -e sends its log to stderr, which goes to /dev/null",
      run: "#!/bin/sh\nexec /usr/sbin/sshd -D -e >/dev/null 2>&1\n",
      errors: [{ messageId: "discarded", certainty: "proven" }],
    },
    {
      name: "mopidy without a logging config logs to the console",
      run: "#!/bin/sh\nexec >/dev/null 2>&1\nexec mopidy\n",
      repo: { "files/mopidy.conf": "[audio]\noutput = autoaudiosink\n" },
      errors: [{ messageId: "discarded", certainty: "proven" }],
    },
    {
      name: "a last statement without exec",
      run: "#!/bin/sh\nxbanish -i mod4 >/dev/null 2>&1\n",
      errors: [{ messageId: "discarded" }],
    },
  ],
});
