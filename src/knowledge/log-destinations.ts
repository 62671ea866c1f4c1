// Where a daemon writes its log: its own stdout and stderr (what a supervisor's logger receives),
// or syslog or a file of its own, by default and by option. discarded-output reports a daemon
// whose stdout and stderr both go to /dev/null only when its messages would have gone there: not
// `sshd` (syslog unless -e), not `wpa_supplicant -s` (syslog). Each entry cites the manual.
// Knowledge as data: add a row with its citation.
import type { OptionMatch } from "./daemons.js";

export interface LogDestination {
  /** Where its messages go with none of the options below. */
  default: "stdio" | "elsewhere";
  /** Options that send them to syslog or a file. */
  elsewhere?: readonly OptionMatch[];
  /** Options that send them to stdout or stderr (`sshd -e`). */
  stdio?: readonly OptionMatch[];
  /** Its config file, when a line of it can send the log elsewhere: read when the tree holds it. */
  config?: {
    /** Options that name the file: `--config FILE`, `--config=FILE` (a `:`-separated list allowed). */
    options: readonly string[];
    /** The file read when none is named (a path on the deployed system). */
    defaults: readonly string[];
    /** A line that sends the log elsewhere. */
    elsewhere: RegExp;
  };
  manual: string;
}

/**
 * Options many programs take to log to syslog or a file (`--log-file=FILE`): given to a program
 * of no entry, svlint takes the log to be elsewhere. Their names say it; no manual needed.
 */
export const ELSEWHERE_OPTIONS: readonly string[] = [
  "--syslog",
  "--use-syslog",
  "--log-syslog",
  "--log-to-syslog",
  "--log-file",
  "--logfile",
  "--log-path",
  "--logto",
  "--error-log",
  "--error-logfile",
  "--errorlog",
];

export const LOG_DESTINATIONS: Readonly<Record<string, LogDestination>> = {
  sshd: {
    default: "elsewhere",
    stdio: ["-e", "-d"],
    manual: "sshd(8): -e, write debug logs to standard error instead of the system log",
  },
  cron: { default: "elsewhere", manual: "cron(8) (Debian): cron logs its action via syslog" },
  crond: {
    default: "elsewhere",
    stdio: ["-d"],
    elsewhere: ["-L"],
    manual: "BusyBox crond: -d N, log to stderr; -L FILE, log to FILE; syslog by default. cronie crond(8): syslog",
  },
  atd: { default: "elsewhere", stdio: ["-d"], manual: "atd(8): -d, print error messages to stderr instead of syslog" },
  rsyslogd: { default: "elsewhere", manual: "rsyslogd(8): the system logger writes where rsyslog.conf says" },
  "syslog-ng": { default: "elsewhere", manual: "syslog-ng(8): the system logger writes where syslog-ng.conf says" },
  chronyd: {
    default: "elsewhere",
    stdio: ["-d"],
    elsewhere: ["-l"],
    manual: "chronyd(8): -d, messages to the terminal instead of syslog; -l FILE, log to FILE",
  },
  ntpd: {
    default: "elsewhere",
    manual: "ntpd(8): -l logfile; by default, the system log is used",
  },
  // Void Linux's name for ISC ntpd.
  "isc-ntpd": { default: "elsewhere", manual: "ntpd(8): -l logfile; by default, the system log is used" },
  NetworkManager: {
    default: "elsewhere",
    stdio: ["-d", "--debug"],
    manual:
      "NetworkManager(8): -d, --debug, direct log output to the terminal in addition to syslog; NetworkManager.conf(5): [logging] backend, syslog or journal",
  },
  dovecot: { default: "elsewhere", manual: "Dovecot settings: log_path, default syslog" },
  "rpc.mountd": {
    default: "elsewhere",
    manual: "rpc.mountd(8), nfs-utils xlog: messages go to syslog (and to stderr as well with -F)",
  },
  dnsmasq: {
    default: "elsewhere",
    stdio: ["-d", "--no-daemon", "--log-facility=-", "-8 -", "--log-facility -"],
    manual: "dnsmasq(8): logs to syslog; -d, --no-daemon, log to stderr as well; --log-facility=-, to stderr",
  },
  named: {
    default: "elsewhere",
    stdio: ["-g"],
    manual: "named(8): -g, run in the foreground and force all logging to stderr; otherwise syslog",
  },
  unbound: {
    default: "elsewhere",
    stdio: ["-d"],
    manual: "unbound(8): -d, setup errors appear on stderr; unbound.conf(5): use-syslog, default yes",
  },
  dhcpd: { default: "elsewhere", stdio: ["-d"], manual: "dhcpd(8): -d, send log messages to stderr; syslog otherwise" },
  acpid: {
    default: "elsewhere",
    stdio: ["-d"],
    manual: "acpid(8): logs to syslog; -d, debug mode, messages to stderr",
  },
  lircd: { default: "elsewhere", manual: "lircd(8): logs to syslog, or to the file --logfile names" },
  haveged: { default: "elsewhere", manual: "haveged(8): messages go to syslog when run as a daemon" },
  proftpd: {
    default: "elsewhere",
    stdio: ["-n", "--nodaemon"],
    manual: "proftpd(8): -n, all output (log or debug messages) is sent to stderr rather than to syslog",
  },
  xinetd: { default: "elsewhere", stdio: ["-d"], manual: "xinetd(8): logs to syslog; -d, debug mode, to stderr" },
  postfix: { default: "elsewhere", manual: "postfix(1), MAILLOG_README: syslog, or maillog_file in main.cf" },
  "dbus-daemon": { default: "elsewhere", manual: "dbus-daemon(1): the system bus logs to the system log" },
  cupsd: { default: "elsewhere", manual: "cupsd.conf(5): ErrorLog, default /var/log/cups/error_log" },
  squid: { default: "elsewhere", manual: "squid.conf: cache_log, default /var/log/squid/cache.log" },
  nginx: { default: "elsewhere", manual: "nginx core module, error_log (default logs/error.log)" },
  apache2: { default: "elsewhere", manual: "Apache core, ErrorLog (default logs/error_log)" },
  httpd: { default: "elsewhere", manual: "Apache core, ErrorLog (default logs/error_log)" },
  "php-fpm": { default: "elsewhere", manual: "php-fpm.conf: error_log (default log/php-fpm.log)" },
  smbd: {
    default: "elsewhere",
    stdio: ["-S", "--log-stdout"],
    manual: "smbd(8): log files in the log directory; -S, --log-stdout, to stdout",
  },
  nmbd: {
    default: "elsewhere",
    stdio: ["-S", "--log-stdout"],
    manual: "nmbd(8): log files in the log directory; -S, --log-stdout, to stdout",
  },
  lxdm: { default: "elsewhere", manual: "lxdm: /var/log/lxdm.log" },
  "avahi-daemon": {
    default: "stdio",
    elsewhere: ["-s", "--syslog", "-D", "--daemonize"],
    manual: "avahi-daemon(8): -s, --syslog, log to syslog instead of STDERR (implied in daemon mode)",
  },
  wpa_supplicant: {
    default: "stdio",
    elsewhere: ["-s", "-f"],
    manual: "wpa_supplicant(8): -s, log output to syslog instead of stdout; -f, log output to a file",
  },
  gunicorn: {
    default: "stdio",
    elsewhere: ["--error-logfile", "--log-file", "--log-syslog"],
    manual: "Gunicorn settings: errorlog (default '-', stderr), syslog",
  },
  uwsgi: {
    default: "stdio",
    elsewhere: ["--logto", "--logto2", "--daemonize", "--log-syslog", "--logger"],
    manual: "uWSGI options: logto, daemonize, log-syslog, logger (default: stderr)",
  },
  "redis-server": {
    default: "stdio",
    elsewhere: ["--logfile", "--syslog-enabled"],
    manual: 'redis.conf: logfile "" logs to stdout; syslog-enabled',
  },
  memcached: { default: "stdio", manual: "memcached(1): messages go to stderr" },
  mopidy: {
    default: "stdio",
    config: {
      options: ["--config"],
      defaults: ["/etc/mopidy/mopidy.conf"],
      elsewhere: /^[ \t]*config_file[ \t]*=[ \t]*\S/m,
    },
    manual:
      "Mopidy config, [logging]: logs to the console by default; config_file, a Python logging config that overrides all logging settings",
  },
  // Without a LogFile or LogSyslog line they print to stderr only, but the distributions' configs
  // set one (Debian's clamd.conf: LogFile /var/log/clamav/clamav.log; freshclam.conf: UpdateLogFile
  // /var/log/clamav/freshclam.log), and svlint does not read them here.
  clamd: { default: "elsewhere", manual: "clamd.conf(5): LogFile, LogSyslog (Debian's clamd.conf sets a LogFile)" },
  freshclam: {
    default: "elsewhere",
    manual: "freshclam.conf(5): UpdateLogFile, LogSyslog (Debian's freshclam.conf sets an UpdateLogFile)",
  },
};
