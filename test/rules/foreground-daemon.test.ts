import rule from "../../src/rules/foreground-daemon.js";
import { DAEMONS } from "../../src/shell/daemons.js";
import { runRuleTests } from "../helpers.js";

const run = (cmd: string) => `#!/bin/sh\nexec 2>&1\nexec ${cmd}\n`;

runRuleTests(rule, {
  valid: [
    { name: "sshd -D", run: run("/usr/sbin/sshd -D -e") },
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
    { name: "s6: execline", run: "#!/command/execlineb -P\nfdmove -c 2 1\ns6-setuidgid nginx nginx -g \"daemon off;\"\n" },
    { name: "a config test before the exec (Debian's proftpd)", run: "#!/bin/sh\nexec 2>&1\nproftpd --configtest || exit 162\nexec /usr/sbin/proftpd -n\n" },
    { name: "finish scripts are not judged", files: { run: run("sshd -D"), finish: "#!/bin/sh\nnginx -s stop\n" } },
  ],
  invalid: [
    { name: "sshd without -D", run: run("/usr/sbin/sshd"), errors: [{ messageId: "forks", includes: "sshd(8)" }] },
    { name: "cron without -f", run: run("cron"), errors: [{ messageId: "forks", includes: "exec cron -f" }] },
    { name: "nginx without daemon off: depends on nginx.conf", run: run("nginx"), errors: [{ messageId: "config", severity: "warning" }] },
    { name: "memcached -d", run: run("memcached -d -u memcache"), errors: [{ messageId: "daemonizes", includes: "`-d`" }] },
    { name: "gunicorn --daemon", run: run("chpst -u app gunicorn --daemon app:wsgi"), errors: [{ messageId: "daemonizes", includes: "--daemon" }] },
    { name: "redis-server --daemonize yes", run: run("redis-server --daemonize yes"), errors: [{ messageId: "daemonizes" }] },
    { name: "redis-server with its config file only", run: run("redis-server /etc/redis/redis.conf"), errors: [{ messageId: "config", severity: "warning" }] },
    { name: "php-fpm7.4 without -F", run: run("php-fpm7.4"), errors: [{ messageId: "forks" }] },
    { name: "haproxy -D", run: run("haproxy -D -f /etc/haproxy/haproxy.cfg"), errors: [{ messageId: "daemonizes" }] },
    { name: "dnsmasq without -k", run: run("dnsmasq --conf-file=/etc/dnsmasq.conf"), errors: [{ messageId: "forks" }] },
    { name: "pg_ctl start", run: run("chpst -u postgres pg_ctl start -D /var/lib/postgresql/data"), errors: [{ messageId: "daemonizes", includes: "postgres -D" }] },
    { name: "the last statement, not exec'd", run: "#!/bin/sh\nexec 2>&1\ncd / && sshd\n", errors: [{ messageId: "forks" }] },
    { name: "s6: execline sshd without -D", run: "#!/command/execlineb -P\nfdmove -c 2 1\n/usr/sbin/sshd\n", errors: [{ messageId: "forks" }] },
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
