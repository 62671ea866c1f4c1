import rule from "../../src/rules/debug-mode.js";
import { runRuleTests } from "../helpers.js";

const run = (cmd: string) => `#!/bin/sh\nexec 2>&1\nexec ${cmd}\n`;

runRuleTests(rule, {
  valid: [
    { name: "sshd -D -e", run: run("/usr/sbin/sshd -D -e") },
    { name: "sshd -De (cluster without d)", run: run("sshd -De") },
    { name: "sshd -t -d is a config check before the exec", run: "#!/bin/sh\nsshd -d -t\nexec sshd -D\n" },
    { name: "sshd -i -d under tcpserver: one connection per process", run: run("tcpserver 0 22 /usr/sbin/sshd -i -d") },
    { name: "sshd -i -d under tcpsvd", run: run("tcpsvd -E 0 22 sshd -i -d -e") },
    { name: "apache2 -DFOREGROUND", run: run("/usr/sbin/apache2 -DFOREGROUND") },
    { name: "smbd --foreground", run: run("smbd --foreground --no-process-group --debug-stdout") },
    { name: "smbd -F -d=1: -d is the debug level", run: run("smbd -F -d=1 --no-process-group") },
    { name: "lighttpd -D", run: run("lighttpd -D -f /etc/lighttpd/lighttpd.conf") },
    { name: "lighttpd -1 under tcpsvd", run: run("tcpsvd 0 80 lighttpd -1 -f /etc/lighttpd/lighttpd.conf") },
    // Foreground-and-stderr debug flags are how these daemons are supervised.
    { name: "dnsmasq -d", run: run("dnsmasq -d") },
    { name: "named -g", run: run("named -g -u bind") },
    { name: "slapd -d 0", run: run("slapd -d 0 -h ldap:///") },
    { name: "options in a variable are not seen", run: run('/usr/sbin/sshd "$@"') },
    { name: "a wrapper of the daemon's name", run: run("/etc/s6-overlay/scripts/sshd -d") },
    { name: "finish is not judged", files: { run: run("sshd -D"), finish: "#!/bin/sh\nsshd -d\n" } },
  ],
  invalid: [
    {
      name: "sshd -D -d (daemontools)",
      run: run("/usr/sbin/sshd -D -d"),
      errors: [
        {
          messageId: "debug",
          line: 3,
          column: 6,
          endLine: 3,
          endColumn: 20,
          includes: "serves one connection and exits",
          data: {
            program: "sshd",
            option: "-d",
            what: "it serves one connection and exits, so the supervisor restarts it after every login",
            fix: "exec /usr/sbin/sshd -D -e",
            manual:
              "sshd(8): -d, debug mode, the server does not fork and will only process one connection; -D, sshd will not detach and does not become a daemon",
          },
        },
      ],
    },
    { name: "sshd -dd (cluster)", run: run("sshd -dd -e"), errors: [{ messageId: "debug", includes: "`-d`" }] },
    {
      name: "runit: chpst before sshd -d",
      run: "#!/bin/sh\nexec 2>&1\nexec chpst -P /usr/sbin/sshd -d\n",
      errors: [{ messageId: "debug", column: 15 }],
    },
    {
      name: "s6: execline sshd -D -d",
      run: "#!/command/execlineb -P\nfdmove -c 2 1\n/usr/sbin/sshd -D -d\n",
      errors: [{ messageId: "debug", line: 3, column: 1 }],
    },
    {
      name: "apache2 -X",
      run: run("apache2 -X"),
      errors: [{ messageId: "debug", includes: "write `exec apache2 -DFOREGROUND`" }],
    },
    {
      name: "httpd -D ONE_PROCESS",
      run: run("/usr/sbin/httpd -D ONE_PROCESS"),
      errors: [{ messageId: "debug", includes: "exec /usr/sbin/httpd -DFOREGROUND" }],
    },
    {
      name: "smbd --interactive",
      run: run("smbd --interactive"),
      errors: [{ messageId: "debug", includes: "one connection" }],
    },
    { name: "smbd -i -d 1", run: run("/usr/sbin/smbd -i -d 1"), errors: [{ messageId: "debug" }] },
    {
      name: "lighttpd -1",
      run: run("lighttpd -1 -f /etc/lighttpd/lighttpd.conf"),
      errors: [{ messageId: "debug", includes: "single request" }],
    },
    {
      name: "the last statement, not exec'd",
      run: "#!/bin/sh\nexec 2>&1\nmkdir -p /run/sshd\n/usr/sbin/sshd -d\n",
      errors: [{ messageId: "debug", line: 4 }],
    },
  ],
});
