import rule from "../../src/rules/no-privilege-drop.js";
import { runRuleTests } from "../helpers.js";

const run = (cmd: string) => `#!/bin/sh\nexec 2>&1\nexec ${cmd}\n`;

runRuleTests(rule, {
  valid: [
    { name: "daemontools: setuidgid redis", run: run("setuidgid redis redis-server /etc/redis/redis.conf") },
    { name: "runit: chpst -u redis", run: run("chpst -u redis:redis redis-server --port 6379") },
    { name: "s6: s6-setuidgid in execline", run: "#!/command/execlineb -P\ns6-setuidgid redis redis-server\n" },
    { name: "s6-envuidgid + s6-applyuidgid -U", run: run("s6-envuidgid mongodb s6-applyuidgid -U mongod") },
    { name: "su-exec", run: run("su-exec redis redis-server") },
    { name: "gosu", run: run("gosu mongodb mongod --bind_ip_all") },
    { name: "runuser -u", run: run("runuser -u redis -- redis-server") },
    { name: "chroot --userspec", run: run("chroot --userspec=redis:redis / redis-server") },
    { name: "root written out is a choice", run: run("chpst -u root redis-server") },
    { name: "memcached -u memcache", run: run("memcached -u memcache -m 64") },
    { name: "memcached --user=memcache", run: run("memcached --user=memcache") },
    { name: "named -u bind", run: run("named -f -u bind") },
    { name: "gunicorn --user", run: run("gunicorn --user app --group app app:wsgi") },
    { name: "mysqld --user=mysql", run: run("mysqld --user=mysql") },
    { name: "an option may be in a variable", run: run("named -f $OPTIONS") },
    // Daemons that drop by themselves, or must be root.
    { name: "nginx: the master stays root, workers drop", run: run("nginx -g 'daemon off;'") },
    { name: "dnsmasq drops to nobody by itself", run: run("dnsmasq -k") },
    { name: "sshd must be root", run: run("/usr/sbin/sshd -D -e") },
    { name: "cron must be root", run: run("cron -f") },
    { name: "an unknown program is not judged", run: run("/usr/local/bin/myapp --serve") },
    { name: "a wrapper of the daemon's name", run: run("/etc/s6-overlay/scripts/redis-server") },
    {
      name: "haproxy: the repository's haproxy.cfg sets user",
      run: run("haproxy -db -f /etc/haproxy/haproxy.cfg"),
      repo: { "rootfs/etc/haproxy/haproxy.cfg": "global\n  user haproxy\n  group haproxy\n" },
    },
    {
      name: "clamd: the repository's clamd.conf sets User clamav",
      run: run("clamd --foreground"),
      repo: { "etc/clamav/clamd.conf": "LocalSocket /run/clamd.sock\nUser clamav\n" },
    },
    {
      name: "lighttpd: the repository's config sets server.username",
      run: run("lighttpd -D -f /etc/lighttpd/lighttpd.conf"),
      repo: { "etc/lighttpd/lighttpd.conf": 'server.username = "www-data"\n' },
    },
    {
      name: "per-user tree: the supervisor is not root",
      run: run("redis-server"),
      repo: { "README.md": "dotfiles\n" },
      at: ".config/sv/redis",
    },
    {
      name: "an image whose Dockerfile ends with a non-root USER",
      run: run("redis-server"),
      repo: { Dockerfile: "FROM alpine\nUSER root\nRUN apk add redis\nUSER app\n" },
      at: "rootfs/etc/service/redis",
    },
  ],
  invalid: [
    {
      name: "redis-server as root (daemontools)",
      run: run("redis-server /etc/redis/redis.conf"),
      errors: [
        {
          messageId: "noOption",
          line: 3,
          column: 6,
          endLine: 3,
          endColumn: 18,
          includes: "`exec setuidgid redis redis-server /etc/redis/redis.conf`",
        },
      ],
    },
    {
      name: "runit: the advice uses chpst -u",
      run: "#!/bin/sh\nexec 2>&1\nexec chpst -e ./env mongod --bind_ip_all\n",
      files: { "env/X": "1\n", "supervise/.keep": "" },
      errors: [{ messageId: "noOption", includes: "exec chpst -u mongodb mongod" }],
    },
    {
      name: "s6: execline, envuidgid alone does not drop",
      run: "#!/command/execlineb -P\ns6-envuidgid redis redis-server\n",
      errors: [{ messageId: "noOption", line: 2, column: 20, includes: "exec s6-setuidgid redis" }],
    },
    {
      name: "memcached without -u refuses to start",
      run: run("memcached -m 64"),
      errors: [{ messageId: "refuses", includes: "started without `-u` or `--user`" }],
    },
    {
      name: "postgres as root refuses to start",
      run: run("/usr/lib/postgresql/15/bin/postgres -D /var/lib/postgresql/data"),
      errors: [{ messageId: "refuses", includes: "exec setuidgid postgres postgres" }],
    },
    { name: "named without -u", run: run("named -f"), errors: [{ messageId: "withoutOption", includes: "`-u`" }] },
    { name: "gunicorn without --user", run: run("gunicorn app:wsgi"), errors: [{ messageId: "withoutOption" }] },
    {
      name: "mysqld without --user: my.cnf may set it",
      run: run("mysqld"),
      errors: [{ messageId: "refusesUnlessConfig", certainty: "conditional", severity: "info" }],
    },
    {
      name: "haproxy: the repository's haproxy.cfg has no user",
      run: run("haproxy -db -f /etc/haproxy/haproxy.cfg"),
      repo: { "etc/haproxy/haproxy.cfg": "global\n  maxconn 100\n" },
      errors: [{ messageId: "configStays", certainty: "proven", includes: "`etc/haproxy/haproxy.cfg`" }],
    },
    {
      name: "haproxy: config not in the tree",
      run: run("haproxy -db -f /etc/haproxy/haproxy.cfg"),
      context: "repo",
      errors: [
        { messageId: "config", certainty: "conditional", severity: "info", includes: "`/etc/haproxy/haproxy.cfg`" },
      ],
    },
    {
      name: "clamd -c ./clamd.conf: the service's own file has no User",
      files: { run: run("clamd --foreground -c ./clamd.conf"), "clamd.conf": "LocalSocket /run/clamd.sock\n" },
      errors: [{ messageId: "configStays", includes: "`clamd.conf`" }],
    },
    {
      name: "an image whose Dockerfile has no USER: root, as every process of the image (a note)",
      run: run("redis-server"),
      repo: { Dockerfile: "FROM alpine\nRUN apk add redis\n" },
      at: "rootfs/etc/service/redis",
      errors: [{ messageId: "noOption", severity: "info" }],
    },
    {
      name: "s6-overlay: a note",
      run: "#!/command/with-contenv sh\nexec mongod --bind_ip_all\n",
      errors: [{ messageId: "noOption", severity: "info", includes: "s6-setuidgid mongodb" }],
    },
    {
      name: "the last statement, not exec'd",
      run: "#!/bin/sh\nexec 2>&1\nredis-server\n",
      errors: [{ messageId: "noOption", line: 3 }],
    },
  ],
});
