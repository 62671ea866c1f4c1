// When a daemon of src/knowledge/daemons.ts is started as a daemon, and when it only checks its
// config, prints something, signals the running copy or does one job and exits: `nginx -t`,
// `sshd -t`, `squid -z`, `ntpd -q`, `postfix check`. A run script may call those before its main
// program (`foreground { nginx -t }`); they are setup, not the service. Each entry cites the
// manual. Knowledge as data: add a row with its citation.
import type { OptionMatch } from "./daemons.js";

export interface DaemonModes {
  /** Any of these makes it run once and exit. */
  once?: readonly OptionMatch[];
  /** It is a daemon only with one of these (`postfix start-fg`, `mdadm --monitor`); otherwise it runs once. */
  serves?: readonly OptionMatch[];
  /** It is a control program, never the long-running process itself (pg_ctl starts postgres). */
  never?: true;
  manual: string;
}

/** Every daemon of the table prints and exits with these (GNU coding standards, 4.8 Standards for Command Line Interfaces). */
export const ONCE_ALWAYS: readonly string[] = ["--version", "--help"];

export const DAEMON_MODES: Readonly<Record<string, DaemonModes>> = {
  sshd: { once: ["-t", "-T", "-V"], manual: "sshd(8): -t, test mode; -T, extended test mode; -V, display the version" },
  nginx: {
    once: ["-t", "-T", "-s", "-v", "-V", "-h", "-?"],
    manual: "nginx(8): -t/-T test the configuration, -s send a signal to the master, -v/-V print the version, -h help",
  },
  apache2: {
    once: ["-t", "-S", "-v", "-V", "-M", "-l", "-L", "-h", { option: "-k", contains: "stop" }, "configtest"],
    manual: "httpd(8): -t syntax test, -S/-M/-l/-L show settings and modules, -v/-V version, -k stop sends a signal",
  },
  httpd: {
    once: ["-t", "-S", "-v", "-V", "-M", "-l", "-L", "-h", { option: "-k", contains: "stop" }],
    manual: "httpd(8): -t syntax test, -S/-M/-l/-L show settings and modules, -v/-V version, -k stop sends a signal",
  },
  squid: {
    once: ["-z", "-k", "-v", "-h", "--foreground-check"],
    manual: "squid(8): -z creates the swap directories and exits; -k sends a command to the running squid; -v version",
  },
  postfix: {
    serves: ["start-fg", "start"],
    manual: "postfix(1): only start and start-fg run the master; check, set-permissions, reload, stop… run once",
  },
  pg_ctl: { never: true, manual: "pg_ctl(1): a utility to initialize, start, stop or control a PostgreSQL server" },
  pg_ctlcluster: { never: true, manual: "pg_ctlcluster(8): start, stop, restart, reload or promote a cluster" },
  // anacron(8): "executes commands …; anacron then exits"; -d only keeps it from forking meanwhile.
  anacron: { never: true, manual: "anacron(8): runs the jobs that are due, then exits" },
  freshclam: {
    serves: ["-d", "--daemon"],
    manual: "freshclam(1): without -d, --daemon, it updates the databases once and exits",
  },
  mdadm: {
    serves: ["--monitor", "-F", "--follow"],
    manual: "mdadm(8): only Monitor mode (--monitor, -F, --follow) runs as a daemon; --assemble, --create… run once",
  },
  ntpd: {
    once: ["-q", "--quit"],
    manual: "ntpd(8): -q, exit after setting the time (ISC ntpd, BusyBox ntpd)",
  },
  chronyd: {
    once: ["-q", "-Q", "-p", "-v"],
    manual: "chronyd(8): -q/-Q set or check the clock once and exit; -p print the config",
  },
  rsyslogd: { once: ["-N", "-v"], manual: "rsyslogd(8): -N level, check the config and exit; -v version" },
  "syslog-ng": {
    once: ["-s", "--syntax-only", "-V"],
    manual: "syslog-ng(8): -s, --syntax-only, check the config and exit; -V version",
  },
  cupsd: { once: ["-t", "-T"], manual: "cupsd(8): -t, test the configuration file for syntax errors" },
  dhcpd: { once: ["-t", "-T"], manual: "dhcpd(8): -t/-T test the configuration or the lease file and exit" },
  dhclient: { once: ["-r", "-x"], manual: "dhclient(8): -r release the lease and exit; -x stop the running client" },
  dnsmasq: { once: ["--test", "-v"], manual: "dnsmasq(8): --test, check the configuration and exit; -v version" },
  unbound: { once: ["-V", "-h"], manual: "unbound(8): -V show the version and exit" },
  named: { once: ["-v", "-V"], manual: "named(8): -v/-V report the version and exit" },
  lighttpd: {
    once: ["-t", "-tt", "-p", "-v", "-V", "-h"],
    manual: "lighttpd(8): -t/-tt test the config, -p print it, -v/-V version",
  },
  smbd: { once: ["-b", "-V"], manual: "smbd(8): -b print build information; -V version" },
  nmbd: { once: ["-V"], manual: "nmbd(8): -V version" },
  proftpd: {
    once: ["-t", "--configtest", "-v", "-vv", "-l"],
    manual: "proftpd(8): -t, --configtest, check the configuration and exit; -v version; -l list modules",
  },
  "php-fpm": {
    once: ["-t", "--test", "-tt", "-v", "-i", "-m", "-h"],
    manual: "php-fpm(8): -t, --test, test the config and exit; -v version; -i/-m print information",
  },
  "dbus-daemon": {
    once: ["--introspect"],
    manual: "dbus-daemon(1): --introspect prints the bus's interface and exits",
  },
  "redis-server": {
    once: ["-v", "--test-memory", "-h"],
    manual: "redis-server --help: -v/--version, --test-memory test the memory and exit",
  },
  haproxy: {
    once: ["-c", "-v", "-vv"],
    manual: "HAProxy management guide: -c, check the configuration and exit; -v version",
  },
  clamd: { once: ["-V", "-h"], manual: "clamd(8): -V print the version, -h help" },
  memcached: { once: ["-h", "-V", "-i"], manual: "memcached(1): -h help, -V version, -i licence" },
  gunicorn: {
    once: ["--check-config", "-v", "--print-config"],
    manual: "Gunicorn settings: check_config, print_config, version",
  },
  "avahi-daemon": {
    once: ["-c", "--check", "-k", "--kill", "-r", "--reload", "-V", "-h"],
    manual: "avahi-daemon(8): -c check whether one runs, -k kill it, -r reload it, -V version",
  },
  wpa_supplicant: { once: ["-v", "-h"], manual: "wpa_supplicant(8): -v version, -h help" },
  acpid: { once: ["-v", "-h"], manual: "acpid(8): -v version, -h help" },
  xinetd: { once: ["-version"], manual: "xinetd(8): -version" },
};
