import rule from "../../src/rules/foreground-daemon.js";
import { DAEMONS } from "../../src/knowledge/daemons.js";
import { findings, lintWith, makeRepoService, runRuleTests } from "../helpers.js";

const run = (cmd: string) => `#!/bin/sh\nexec 2>&1\nexec ${cmd}\n`;

runRuleTests(rule, {
  valid: [
    {
      name: "php-fpm: the repository's php-fpm.conf says daemonize = no",
      run: "#!/bin/sh\nexec php-fpm\n",
      repo: { "rootfs/usr/local/etc/php-fpm.conf": "[global]\n; daemonize = yes\ndaemonize = no\n" },
    },
    {
      name: "publicfile's httpd under tcpserver serves one connection per process",
      run: "#!/bin/sh\nexec envuidgid pub tcpserver -RHl0 0 80 httpd /public\n",
    },
    {
      name: "a repository of several images: the service's own image's nginx.conf decides",
      run: "#!/bin/sh\nexec nginx\n",
      repo: {
        "alpine-nginx/root/etc/nginx/nginx.conf": "daemon off;\n",
        "alpine-php/root/etc/nginx/nginx.conf": "worker_processes 1;\n",
      },
      at: "alpine-nginx/root/etc/services.d/nginx",
    },
    { name: "ISC ntpd's long --nofork", run: "#!/bin/sh\nexec ntpd --nofork -g\n" },
    {
      name: "unbound: the repository's unbound.conf says do-daemonize: no",
      run: "#!/bin/sh\nexec unbound\n",
      repo: { "rootfs/etc/unbound/unbound.conf": "server:\n  do-daemonize: no\n" },
    },
    {
      name: "clamd --foreground=true (getopt_long's optional value)",
      run: "#!/bin/sh\nexec clamd --foreground=true\n",
    },
    {
      name: "dnsmasq: the repository's dnsmasq.conf says keep-in-foreground",
      run: "#!/bin/sh\nexec dnsmasq\n",
      repo: { "root/etc/dnsmasq.conf": "# dns\nkeep-in-foreground\nport=53\n" },
    },
    { name: "sshd -D", run: run("/usr/sbin/sshd -D -e") },
    // Debug modes do not fork: debug-mode reports them, not this rule.
    { name: "sshd -D -d: debug-mode's finding", run: run("/usr/sbin/sshd -D -d") },
    { name: "sshd -d alone does not fork either", run: run("sshd -d -e") },
    { name: "apache2 -X does not detach", run: run("apache2 -X") },
    { name: "nginx -g 'daemon off;'", run: run("nginx -g 'daemon off;'") },
    { name: "apache2 -DNO_DETACH (Debian runit-services)", run: run("/usr/sbin/apache2 -DNO_DETACH") },
    { name: "httpd -D FOREGROUND", run: run("httpd -D FOREGROUND") },
    { name: "cron -f after setuidgid-style chain", run: run("chpst -u root cron -f") },
    { name: "atd -f -d", run: run("atd -f -d") },
    { name: "clustered short options", run: run("atd -fd") },
    { name: "rsyslogd -n -iNONE", run: run("/usr/sbin/rsyslogd -n -iNONE") },
    { name: "redis-server without a config file (daemonize no is the default)", run: run("redis-server --port 6379") },
    { name: "redis-server config with --daemonize no", run: run("redis-server /etc/redis/redis.conf --daemonize no") },
    { name: "memcached without -d", run: run("memcached -u memcache -m 64") },
    { name: "php-fpm8.2 -F", run: run("php-fpm8.2 -F") },
    { name: "dbus-daemon --system --nofork", run: run("dbus-daemon --system --nofork --nopidfile") },
    { name: "options in a variable are not judged", run: run("chronyd $DAEMON_OPTS") },
    { name: "postfix start-fg", run: run("/usr/sbin/postfix start-fg") },
    {
      name: "s6: execline",
      run: '#!/command/execlineb -P\nfdmove -c 2 1\ns6-setuidgid nginx nginx -g "daemon off;"\n',
    },
    {
      name: "a config test before the exec (Debian's proftpd)",
      run: "#!/bin/sh\nexec 2>&1\nproftpd --configtest || exit 162\nexec /usr/sbin/proftpd -n\n",
    },
    { name: "finish scripts are not judged", files: { run: run("sshd -D"), finish: "#!/bin/sh\nnginx -s stop\n" } },
    // A wrapper of the daemon's name is not the daemon; a bin or sbin directory is.
    { name: "a wrapper script named like the daemon (s6-overlay)", run: run("/etc/s6-overlay/scripts/php-fpm") },
    { name: "a wrapper in the service directory", run: run("./nginx") },
    // sshd in inetd mode under a TCP server: one connection on stdin, it never detaches.
    { name: "sshd -i under tcpserver", run: run("tcpserver -HRl0 0 22 /usr/sbin/sshd -i") },
    { name: "sshd -i under tcpsvd", run: run("tcpsvd -E 0 22 sshd -i -e") },
    { name: "Apache 1.3 httpd -F", run: run("/usr/sbin/httpd -F") },
    // The config in the repository keeps it in the foreground.
    {
      name: "nginx: the repository's nginx.conf says daemon off;",
      run: run("nginx"),
      repo: { "root/etc/nginx/nginx.conf": "user nginx;\ndaemon off;\nevents {}\n" },
    },
    {
      name: "nginx -c FILE: that file says daemon off;",
      run: run("/usr/sbin/nginx -c /etc/nginx/custom.conf"),
      repo: { "docker/etc/nginx/custom.conf": "worker_processes 1;\ndaemon  off;\n" },
    },
    {
      name: "nginx -c ./nginx.conf: the service's own file says daemon off;",
      files: {
        run: run("nginx -c ./nginx.conf"),
        "nginx.conf": "daemon off;\n",
        "log/run": "#!/bin/sh\nexec multilog t ./main\n",
      },
    },
    {
      name: "redis: the repository's redis.conf says daemonize no",
      run: run("redis-server /etc/redis/redis.conf"),
      repo: { "etc/redis/redis.conf": "port 6379\ndaemonize no\n" },
    },
    {
      name: "redis: a repository redis.conf without daemonize (default no)",
      run: run("redis-server /etc/redis.conf"),
      repo: { "conf/redis.conf": "port 6379\n" },
    },
    {
      name: "haproxy: the repository's haproxy.cfg has no daemon keyword",
      run: run("haproxy -f /etc/haproxy/haproxy.cfg"),
      repo: { "etc/haproxy/haproxy.cfg": "global\n  maxconn 100\n  # daemon\ndefaults\n  mode http\n" },
    },
    {
      name: "haproxy: default config in the repository, no daemon",
      run: run("/usr/sbin/haproxy"),
      repo: { "rootfs/etc/haproxy/haproxy.cfg": "global\n  log stdout local0\n" },
    },
    {
      name: "dbus-daemon --system: the repository's system.conf has no <fork/>",
      run: run("dbus-daemon --system"),
      repo: {
        "usr/share/dbus-1/system.conf": "<busconfig>\n  <type>system</type>\n  <!-- <fork/> -->\n</busconfig>\n",
      },
    },
    {
      name: "dbus-daemon --config-file=FILE without <fork/>",
      run: run("dbus-daemon --config-file=/etc/dbus-1/mine.conf"),
      repo: { "etc/dbus-1/mine.conf": "<busconfig><type>system</type></busconfig>\n" },
    },
    { name: "clamd -F", run: run("/usr/sbin/clamd -F") },
    { name: "clamd --foreground", run: run("clamd --foreground --config-file=/etc/clamav/clamd.conf") },
    {
      name: "clamd: the repository's clamd.conf says Foreground yes",
      run: run("clamd"),
      repo: { "etc/clamav/clamd.conf": "LocalSocket /run/clamd.sock\nForeground yes\n" },
    },
    { name: "freshclam without -d runs once (not a fork)", run: run("freshclam --stdout") },
    { name: "freshclam -d --foreground", run: run("freshclam -d --foreground") },
    {
      name: "freshclam -d: freshclam.conf says Foreground true",
      run: run("freshclam -d"),
      repo: { "etc/clamav/freshclam.conf": "DatabaseMirror db.local.clamav.net\nForeground true\n" },
    },
  ],
  invalid: [
    { name: "lxdm -d", run: "#!/bin/sh\nexec lxdm -d\n", errors: [{ messageId: "daemonizes", fix: "none" }] },
    {
      name: "execline's old import does not hide the program",
      run: "#!/command/execlineb -P\nimport -D clamav CUSER\ns6-envuidgid $CUSER freshclam -d\n",
      repo: {},
      errors: [{ messageId: "config", fix: "unsafe", severity: "info", certainty: "conditional" }],
      output: "#!/command/execlineb -P\nimport -D clamav CUSER\ns6-envuidgid $CUSER freshclam --foreground -d\n",
    },
    {
      name: "dnsmasq: the repository's dnsmasq.conf does not keep it in the foreground",
      run: "#!/bin/sh\nexec dnsmasq\n",
      repo: { "root/etc/dnsmasq.conf": "port=53\n" },
      errors: [{ messageId: "configForks", fix: "safe", certainty: "proven" }],
      output: "#!/bin/sh\nexec dnsmasq -k\n",
    },
    {
      name: "sshd without -D",
      run: run("/usr/sbin/sshd"),
      // The program's word, path and all.
      errors: [{ messageId: "forks", fix: "safe", includes: "sshd(8)", line: 3, column: 6, endLine: 3, endColumn: 20 }],
      output: run("/usr/sbin/sshd -D"),
    },
    {
      name: "cron without -f",
      run: run("cron"),
      errors: [{ messageId: "forks", fix: "safe", includes: "exec cron -f" }],
      output: run("cron -f"),
    },
    // Without the config in the tree, the claim is a condition: a note, never advising a flag the config may set.
    {
      name: "nginx without daemon off, config not in the tree: a conditional note",
      run: run("nginx"),
      context: "repo",
      errors: [
        {
          messageId: "config",
          fix: "none",
          severity: "info",
          certainty: "conditional",
          includes: "Make sure it says `daemon off;`",
        },
      ],
    },
    {
      name: "memcached -d",
      run: run("memcached -d -u memcache"),
      errors: [
        {
          messageId: "daemonizes",
          includes: "`-d`",
          line: 3,
          column: 6,
          endLine: 3,
          endColumn: 15,
          data: {
            program: "memcached",
            option: "-d",
            fix: "exec memcached (without -d)",
            manual: "memcached(1): -d, --daemon, run memcached as a daemon",
          },
        },
      ],
    },
    {
      name: "gunicorn --daemon",
      run: run("chpst -u app gunicorn --daemon app:wsgi"),
      // The daemon after the chain-loader, not chpst.
      errors: [{ messageId: "daemonizes", includes: "--daemon", line: 3, column: 19, endLine: 3, endColumn: 27 }],
    },
    {
      name: "redis-server --daemonize yes",
      run: run("redis-server --daemonize yes"),
      errors: [{ messageId: "daemonizes" }],
    },
    {
      name: "redis-server with its config file only, not in the tree",
      run: run("redis-server /etc/redis/redis.conf"),
      context: "repo",
      errors: [
        { messageId: "config", fix: "unsafe", severity: "info", certainty: "conditional", includes: "daemonize yes" },
      ],
      output: run("redis-server /etc/redis/redis.conf --daemonize no"),
    },
    {
      name: "php-fpm7.4 without -F, its php-fpm.conf not in the tree",
      run: run("php-fpm7.4"),
      context: "repo",
      errors: [{ messageId: "config", fix: "unsafe", severity: "info", certainty: "conditional" }],
      output: run("php-fpm7.4 -F"),
    },
    {
      name: "php-fpm: the php-fpm.conf in the tree daemonizes",
      run: run("php-fpm"),
      repo: { "etc/php-fpm.conf": "[global]\ndaemonize = yes\n" },
      errors: [{ messageId: "configForks", fix: "safe" }],
      output: run("php-fpm -F"),
    },
    { name: "haproxy -D", run: run("haproxy -D -f /etc/haproxy/haproxy.cfg"), errors: [{ messageId: "daemonizes" }] },
    {
      name: "dnsmasq without -k, its config not found",
      run: run("dnsmasq --conf-file=/etc/svlint-test-none/dnsmasq.conf"),
      errors: [{ messageId: "config", fix: "unsafe", severity: "info", certainty: "conditional" }],
      output: run("dnsmasq -k --conf-file=/etc/svlint-test-none/dnsmasq.conf"),
    },
    {
      name: "pg_ctl start",
      run: run("chpst -u postgres pg_ctl start -D /var/lib/postgresql/data"),
      errors: [{ messageId: "daemonizes", includes: "postgres -D" }],
    },
    {
      name: "the last statement, not exec'd",
      run: "#!/bin/sh\nexec 2>&1\ncd / && sshd\n",
      errors: [{ messageId: "forks", fix: "safe" }],
      output: "#!/bin/sh\nexec 2>&1\ncd / && sshd -D\n",
    },
    {
      name: "s6: execline sshd without -D",
      run: "#!/command/execlineb -P\nfdmove -c 2 1\n/usr/sbin/sshd\n",
      errors: [{ messageId: "forks", fix: "safe" }],
      output: "#!/command/execlineb -P\nfdmove -c 2 1\n/usr/sbin/sshd -D\n",
    },
    {
      name: "a daemon in /usr/local/sbin",
      run: run("/usr/local/sbin/cron"),
      errors: [{ messageId: "forks", fix: "safe", certainty: "proven" }],
      output: run("/usr/local/sbin/cron -f"),
    },
    // Config found in the repository and it forks: proven.
    {
      name: "nginx: the repository's nginx.conf has no daemon directive",
      run: run("nginx"),
      repo: { "etc/nginx/nginx.conf": "user www-data;\nevents {}\nhttp { include mime.types; }\n" },
      errors: [{ messageId: "configForks", fix: "safe", certainty: "proven", includes: "exec nginx -g 'daemon off;'" }],
      output: run("nginx -g 'daemon off;'"),
    },
    {
      name: "nginx: daemon off; only in a comment",
      run: run("nginx"),
      repo: { "etc/nginx/nginx.conf": "# daemon off;\nevents {}\n" },
      errors: [{ messageId: "configForks", fix: "safe" }],
      output: run("nginx -g 'daemon off;'"),
    },
    {
      name: "nginx: daemon on; in the config: advise the config, not the flag",
      run: run("nginx"),
      repo: { "etc/nginx/nginx.conf": "daemon on;\nevents {}\n" },
      errors: [
        {
          messageId: "configForks",
          fix: "none",
          includes: "Change `daemon on;` to `daemon off;` in `etc/nginx/nginx.conf`",
        },
      ],
    },
    {
      name: "nginx -c ./nginx.conf: the service's own file forks",
      files: {
        run: run("nginx -c ./nginx.conf"),
        "nginx.conf": "events {}\n",
        "log/run": "#!/bin/sh\nexec multilog t ./main\n",
      },
      errors: [{ messageId: "configForks", fix: "safe", includes: "`nginx.conf`" }],
      output: run("nginx -g 'daemon off;' -c ./nginx.conf"),
    },
    {
      name: "nginx: a main-context include may set daemon: conditional",
      run: run("nginx"),
      repo: { "etc/nginx/nginx.conf": "include /etc/nginx/modules-enabled/*.conf;\nevents {}\n" },
      errors: [{ messageId: "config", fix: "none", severity: "info", certainty: "conditional" }],
    },
    {
      name: "redis: the repository's redis.conf says daemonize yes",
      run: run("redis-server /etc/redis/redis.conf"),
      repo: { "etc/redis/redis.conf": "daemonize yes\nport 6379\n" },
      errors: [
        { messageId: "configForks", fix: "safe", severity: "error", certainty: "proven", includes: "--daemonize no" },
      ],
      output: run("redis-server /etc/redis/redis.conf --daemonize no"),
    },
    {
      name: "haproxy: the repository's haproxy.cfg has daemon",
      run: run("haproxy -f /etc/haproxy/haproxy.cfg"),
      repo: { "etc/haproxy/haproxy.cfg": "global\n    daemon\n    maxconn 256\n" },
      errors: [{ messageId: "configForks", fix: "safe", includes: "says `daemon`" }],
      output: run("haproxy -db -f /etc/haproxy/haproxy.cfg"),
    },
    {
      name: "haproxy: config not in the tree",
      run: run("haproxy -f /etc/haproxy/haproxy.cfg"),
      context: "repo",
      errors: [{ messageId: "config", fix: "unsafe", severity: "info", certainty: "conditional" }],
      output: run("haproxy -db -f /etc/haproxy/haproxy.cfg"),
    },
    {
      name: "dbus-daemon --system: system.conf with <fork/>",
      run: run("dbus-daemon --system"),
      repo: { "usr/share/dbus-1/system.conf": "<busconfig>\n  <type>system</type>\n  <fork/>\n</busconfig>\n" },
      errors: [{ messageId: "configForks", fix: "safe", includes: "--nofork" }],
      output: run("dbus-daemon --nofork --system"),
    },
    {
      name: "dbus-daemon --system: config not in the tree",
      run: run("dbus-daemon --system"),
      context: "repo",
      errors: [{ messageId: "config", fix: "unsafe", severity: "info", certainty: "conditional" }],
      output: run("dbus-daemon --nofork --system"),
    },
    {
      name: "clamd: the repository's clamd.conf lacks Foreground yes",
      run: run("clamd"),
      repo: { "etc/clamav/clamd.conf": "LocalSocket /run/clamd.sock\nForeground no\n" },
      errors: [
        {
          messageId: "configForks",
          fix: "safe",
          severity: "error",
          certainty: "proven",
          includes: "exec clamd --foreground",
        },
      ],
      output: run("clamd --foreground"),
    },
    {
      name: "clamd: config not in the tree (forks unless it says Foreground yes)",
      run: run("clamd"),
      context: "repo",
      errors: [
        { messageId: "config", fix: "unsafe", severity: "info", certainty: "conditional", includes: "Foreground yes" },
      ],
      output: run("clamd --foreground"),
    },
    {
      name: "freshclam -d: config not in the tree",
      run: run("freshclam -d"),
      context: "repo",
      errors: [{ messageId: "config", fix: "unsafe", severity: "info", certainty: "conditional" }],
      output: run("freshclam --foreground -d"),
    },
    {
      name: "freshclam --daemon: freshclam.conf without Foreground",
      run: run("freshclam --daemon --checks=12"),
      repo: { "etc/clamav/freshclam.conf": "DatabaseMirror db.local.clamav.net\n" },
      errors: [{ messageId: "configForks", fix: "safe", certainty: "proven" }],
      output: run("freshclam --foreground --daemon --checks=12"),
    },
    // The fix adds the option the message advises, right after the program word.
    {
      name: "fix: the option goes right after the program, before its other arguments",
      run: "#!/bin/sh\nexec 2>&1\nexec envdir ./env /usr/sbin/rsyslogd -iNONE \\\n  -f /etc/rsyslog.conf\n",
      errors: [{ messageId: "forks", fix: "safe" }],
      output: "#!/bin/sh\nexec 2>&1\nexec envdir ./env /usr/sbin/rsyslogd -n -iNONE \\\n  -f /etc/rsyslog.conf\n",
    },
    {
      name: "fix: apache2 -DFOREGROUND",
      run: run("/usr/sbin/apache2 -k start"),
      errors: [{ messageId: "forks", fix: "safe" }],
      output: run("/usr/sbin/apache2 -DFOREGROUND -k start"),
    },
    // `httpd` may be BusyBox's web server (no -D) or Apache 1.3 (-F): right in the usual case only.
    {
      name: "fix: httpd -DFOREGROUND is unsafe",
      run: run("httpd"),
      errors: [{ messageId: "forks", fix: "unsafe" }],
      output: run("httpd -DFOREGROUND"),
    },
    // Two implementations, two options: BusyBox's crond -f; old cronie knows only -n. OpenNTPD's -n is a config test.
    {
      name: "fix: crond -f is unsafe",
      run: run("crond -s"),
      errors: [{ messageId: "forks", fix: "unsafe" }],
      output: run("crond -f -s"),
    },
    {
      name: "fix: ntpd -n is unsafe",
      run: run("ntpd -g"),
      errors: [{ messageId: "forks", fix: "unsafe" }],
      output: run("ntpd -n -g"),
    },
    // redis-server takes its config file only as the first argument.
    {
      name: "fix: redis-server's option goes after its config file",
      run: run("redis-server /etc/redis/redis.conf --port 6380"),
      repo: { "etc/redis/redis.conf": "daemonize yes\n" },
      errors: [{ messageId: "configForks", fix: "safe" }],
      output: run("redis-server /etc/redis/redis.conf --daemonize no --port 6380"),
    },
    {
      name: "fix: execline quotes nginx's directive its own way",
      run: "#!/command/execlineb -P\nfdmove -c 2 1\ns6-setuidgid www nginx\n",
      repo: { "etc/nginx/nginx.conf": "events {}\n" },
      errors: [{ messageId: "configForks", fix: "safe" }],
      output: '#!/command/execlineb -P\nfdmove -c 2 1\ns6-setuidgid www nginx -g "daemon off;"\n',
    },
    // nginx keeps only the last -g: a second one would drop the first's directives.
    {
      name: "no fix: nginx already has a -g",
      run: run("nginx -g 'pid /run/nginx.pid;'"),
      repo: { "etc/nginx/nginx.conf": "events {}\n" },
      errors: [{ messageId: "configForks", fix: "none" }],
    },
    {
      name: "no fix: nginx -g with its value attached",
      run: run("nginx '-gpid /run/nginx.pid;'"),
      repo: { "etc/nginx/nginx.conf": "events {}\n" },
      errors: [{ messageId: "configForks", fix: "none" }],
    },
    // The table's advice for these is to drop an option or change the command, not to add one.
    { name: "no fix: memcached -d", run: run("memcached -d"), errors: [{ messageId: "daemonizes", fix: "none" }] },
    { name: "no fix: pg_ctl start", run: run("pg_ctl start"), errors: [{ messageId: "daemonizes", fix: "none" }] },
  ],
});

describe("the daemon table", () => {
  it("cites a manual and gives a fix for every entry", () => {
    for (const d of DAEMONS) {
      expect(d.manual).toMatch(/\(\d\)|https:\/\/|guide|settings|options|redis\.conf|module/);
      expect(d.fix).toMatch(/^exec /);
      expect(d.foreground ?? d.daemonize).toBeDefined();
    }
  });
});

// runRuleTests lets valid cases carry info notes; a config the tree holds must leave none.
describe("a config in the repository that keeps the daemon in the foreground leaves no note at all", () => {
  it.each([
    ["nginx", "root/etc/nginx/nginx.conf", "user nginx;\ndaemon off;\nevents {}\n"],
    ["redis-server /etc/redis/redis.conf", "etc/redis/redis.conf", "daemonize no\n"],
    ["haproxy -f /etc/haproxy/haproxy.cfg", "etc/haproxy/haproxy.cfg", "global\n  maxconn 100\n"],
    ["dbus-daemon --system", "usr/share/dbus-1/system.conf", "<busconfig><!-- <fork/> --></busconfig>\n"],
    ["clamd", "etc/clamav/clamd.conf", "Foreground yes\n"],
  ])("%s", (cmd, file, text) => {
    const dir = makeRepoService({ run: run(cmd), "log/run": "#!/bin/sh\nexec multilog t ./main\n" }, { [file]: text });
    expect(findings(dir, lintWith(dir, [rule], "repo"))).toEqual([]);
  });
});
