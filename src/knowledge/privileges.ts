// Which daemons drop root privileges by themselves, which must stay root, and which run as whoever
// starts them unless told otherwise (an option, a config directive), each with the manual that
// says so. no-privilege-drop reads this table: a daemon not in it is not judged. Knowledge as data:
// add an entry with its citation.
import { namedByOptions } from "./daemons.js";
import { byProgramName } from "./lookup.js";

/** How a config file is read for the directive that names the daemon's account. */
export interface AccountConfig {
  /** Options that name the config file: `-f FILE`, `-fFILE`, `--config=FILE`. */
  options: readonly string[];
  /** The files read when none is named. */
  defaults: readonly string[];
  /** Whether the file sets an account: `drops`, `stays` (it does not), `unknown` (an include may). */
  read(text: string): "drops" | "stays" | "unknown";
  /** The directive, as written in the file: `user haproxy` (haproxy.cfg's global section). */
  directive: string;
}

export interface PrivilegeEntry {
  names: readonly string[];
  pattern?: RegExp;
  /**
   * `root`: it must run as root, or starts as root by design and drops in its workers (never
   * reported); `drops`: it switches to its own account by default; `stays`: it runs as the account
   * that starts it unless an option or its config names another.
   */
  runs: "root" | "drops" | "stays";
  /** Options that name the account to switch to (`-u`, `--user`); each takes a value. */
  options?: readonly string[];
  /** Its config file may name the account. */
  config?: AccountConfig;
  /** A config file svlint does not read may name the account (my.cnf's `user=`): findings are conditional. */
  unreadConfig?: string;
  /** It exits at once when started as root without an account (memcached, postgres). */
  refusesRoot?: true;
  /** The account it conventionally runs as (Debian's), for messages. */
  account?: string;
  /** What to write, `{drop}` standing for the suite's drop (`setuidgid`, `chpst -u`, `s6-setuidgid`). */
  fix?: string;
  manual: string;
}

function stripHash(text: string): string {
  return text.replace(/#[^\n]*/g, "");
}

/** haproxy.cfg: `user NAME` or `uid N` (global section). */
function readHaproxy(text: string): "drops" | "stays" | "unknown" {
  return /^[ \t]*(user|uid)[ \t]+\S+/m.test(stripHash(text)) ? "drops" : "stays";
}

/** lighttpd.conf: `server.username = "www-data"`; an `include` may set it. */
function readLighttpd(text: string): "drops" | "stays" | "unknown" {
  const t = stripHash(text);
  if (/^[ \t]*server\.username[ \t]*=[ \t]*"[^"]+"/m.test(t)) return "drops";
  return /^[ \t]*(include|include_shell)[ \t]/m.test(t) ? "unknown" : "stays";
}

/** clamd.conf: `User NAME`. */
function readClamd(text: string): "drops" | "stays" | "unknown" {
  const m = [...stripHash(text).matchAll(/^[ \t]*User[ \t]+(\S+)/gm)].pop();
  return m && m[1] !== "root" ? "drops" : "stays";
}

export const PRIVILEGES: readonly PrivilegeEntry[] = [
  // Run as whoever starts them.
  {
    names: ["redis-server"],
    runs: "stays",
    account: "redis",
    fix: "exec {drop} redis redis-server /etc/redis/redis.conf",
    manual:
      "Redis security (https://redis.io/docs/latest/operate/oss_and_stack/management/security/): run Redis as an unprivileged redis user; redis.conf has no setting that drops privileges",
  },
  {
    names: ["mongod"],
    runs: "stays",
    account: "mongodb",
    fix: "exec {drop} mongodb mongod --config /etc/mongod.conf",
    manual:
      "MongoDB security checklist (https://www.mongodb.com/docs/manual/administration/security-checklist/): run MongoDB processes with a dedicated operating system user account; mongod has no option to switch accounts",
  },
  {
    names: ["memcached"],
    runs: "stays",
    options: ["-u", "--user"],
    refusesRoot: true,
    account: "memcache",
    fix: "exec memcached -u memcache …",
    manual:
      "memcached(1): -u, --user=USERNAME, assume the identity of USERNAME (only when run as root); as root without it memcached exits: `can't run as root without the -u switch`",
  },
  {
    names: ["named"],
    runs: "stays",
    options: ["-u"],
    account: "bind",
    fix: "exec named -f -u bind",
    manual:
      "named(8): -u user, setuid to user after completing privileged operations, such as creating sockets that listen on privileged ports",
  },
  {
    names: ["gunicorn"],
    runs: "stays",
    options: ["-u", "--user"],
    fix: "exec gunicorn --user ACCOUNT --group ACCOUNT …, or {drop} ACCOUNT before it",
    manual:
      "Gunicorn settings: user, -u USER, --user USER, switch worker processes to run as this user (default: the user running gunicorn)",
  },
  {
    names: ["haproxy"],
    runs: "stays",
    config: {
      options: ["-f"],
      defaults: ["/etc/haproxy/haproxy.cfg"],
      read: readHaproxy,
      directive: "`user haproxy` in its global section",
    },
    account: "haproxy",
    fix: "exec haproxy -db -f /etc/haproxy/haproxy.cfg, with `user haproxy` in the global section",
    manual:
      "HAProxy configuration manual, global section: user/uid, change the process's user ID (it otherwise keeps the account that started it)",
  },
  {
    names: ["lighttpd"],
    runs: "stays",
    config: {
      options: ["-f"],
      defaults: ["/etc/lighttpd/lighttpd.conf"],
      read: readLighttpd,
      directive: '`server.username = "www-data"`',
    },
    account: "www-data",
    fix: 'exec lighttpd -D -f /etc/lighttpd/lighttpd.conf, with `server.username = "www-data"` in it',
    manual:
      "lighttpd server.username: the user lighttpd switches to after start when started as root (unset: it stays root)",
  },
  {
    names: ["clamd"],
    runs: "stays",
    config: {
      options: ["-c", "--config-file"],
      defaults: ["/etc/clamav/clamd.conf"],
      read: readClamd,
      directive: "`User clamav`",
    },
    account: "clamav",
    fix: "exec {drop} clamav clamd --foreground, or `User clamav` in clamd.conf",
    manual:
      "clamd.conf(5): User, run the daemon as a specified user (the process must be started by root); unset, it keeps the account that started it",
  },
  {
    names: ["postgres", "postmaster"],
    runs: "stays",
    refusesRoot: true,
    account: "postgres",
    fix: "exec {drop} postgres postgres -D /var/lib/postgresql/data",
    manual:
      "PostgreSQL, Starting the Database Server: the server must be started by the PostgreSQL user account; as root it exits with `root execution of the PostgreSQL server is not permitted`",
  },
  {
    names: ["pg_ctl"],
    runs: "stays",
    refusesRoot: true,
    account: "postgres",
    fix: "exec {drop} postgres postgres -D /var/lib/postgresql/data",
    manual: "pg_ctl(1) source: as root it exits with `cannot be run as root`; run it as the PostgreSQL user",
  },
  {
    names: ["mysqld", "mariadbd"],
    runs: "stays",
    options: ["-u", "--user"],
    unreadConfig: "`user=mysql` in the [mysqld] group of my.cnf",
    refusesRoot: true,
    account: "mysql",
    fix: "exec mysqld --user=mysql",
    manual:
      'mysqld --user=name: run mysqld as that user; as root without it (or `user=` in the [mysqld] group of my.cnf) it exits: `Please read "Security" section of the manual to find out how to run mysqld as root!`',
  },

  // Switch to their own account by default when started as root.
  {
    names: ["dnsmasq"],
    runs: "drops",
    manual: "dnsmasq(8): -u, --user, run as this user after start (default nobody, Debian dnsmasq)",
  },
  {
    names: ["unbound"],
    runs: "drops",
    manual: "unbound.conf(5): username (default unbound), drop user privileges after binding the port",
  },
  {
    names: ["chronyd"],
    runs: "drops",
    manual: "chronyd(8): -u user, the user to switch to (default: the compiled-in _chrony/chrony)",
  },
  {
    names: ["squid"],
    runs: "drops",
    manual: "squid.conf: cache_effective_user (default nobody, Debian proxy) when started as root",
  },
  {
    names: ["avahi-daemon"],
    runs: "drops",
    manual: "avahi-daemon(8): drops root privileges to the avahi user after start (--no-drop-root keeps them)",
  },
  {
    names: ["dbus-daemon"],
    runs: "drops",
    manual: "dbus-daemon(1): <user> in system.conf (messagebus), the user the bus runs as after start",
  },
  {
    names: ["mosquitto"],
    runs: "drops",
    manual: "mosquitto.conf(5): user (default mosquitto), the user to drop to when run as root",
  },
  {
    names: ["freshclam"],
    runs: "drops",
    manual: "freshclam.conf(5): DatabaseOwner (default clamav), the user freshclam runs as when started by root",
  },
  {
    names: ["tinydns", "dnscache", "axfrdns", "rbldns", "walldns"],
    runs: "drops",
    manual: "djbdns: each server chroots to $ROOT and switches to $UID/$GID (envuidgid) itself",
  },

  // Must run as root, or start as root by design and drop in the processes that serve clients.
  {
    names: ["sshd"],
    runs: "root",
    manual:
      "sshd(8): must be started as root to switch to each user; privilege separation drops the pre-auth process to sshd",
  },
  {
    names: ["cron", "crond", "cronie", "anacron", "atd"],
    runs: "root",
    manual: "cron(8): runs each user's crontab as that user, which needs root",
  },
  {
    names: ["getty", "agetty", "mingetty", "fgetty", "ngetty"],
    runs: "root",
    manual: "agetty(8): opens the tty and runs login(1), which needs root",
  },
  {
    names: ["udevd", "systemd-udevd", "eudev"],
    runs: "root",
    manual: "udevd(8): creates device nodes and loads modules, which needs root",
  },
  {
    names: ["syslogd", "rsyslogd", "syslog-ng", "klogd", "socklog"],
    runs: "root",
    manual:
      "rsyslogd(8), syslog-ng(8): bind /dev/log and port 514 and read the kernel log; rsyslog's $PrivDropToUser drops after that",
  },
  {
    names: ["dhcpd", "dhclient", "udhcpd", "udhcpc"],
    runs: "root",
    manual: "dhcpd(8): raw sockets on the interface; Debian's dhcpd drops itself with -user/-group",
  },
  {
    names: ["nginx"],
    runs: "root",
    manual: "nginx core module, user (default nobody): the master stays root and its workers switch to this user",
  },
  {
    names: ["apache2", "httpd"],
    runs: "root",
    manual: "Apache httpd User directive: the parent stays root to bind port 80 and its children run as User",
  },
  {
    names: ["php-fpm"],
    pattern: /^php-fpm[0-9.]*$/,
    runs: "root",
    manual: "php-fpm.conf: each pool's user/group (required when the master runs as root)",
  },
  {
    names: ["smbd", "nmbd", "winbindd", "samba"],
    runs: "root",
    manual: "smbd(8): switches to each connected user, which needs root",
  },
  {
    names: ["cupsd"],
    runs: "root",
    manual: "cupsd.conf(5): User, the account filters and backends run as; the scheduler stays root",
  },
  {
    names: [
      "postfix",
      "master",
      "dovecot",
      "exim",
      "exim4",
      "sendmail",
      "vsftpd",
      "proftpd",
      "pure-ftpd",
      "xinetd",
      "inetd",
    ],
    runs: "root",
    manual:
      "mail and FTP servers and super-servers start as root to bind privileged ports and run each session as its user",
  },
  {
    names: ["acpid", "lircd", "haveged", "irqbalance", "wpa_supplicant", "hostapd", "ntpd", "openntpd"],
    runs: "root",
    manual: "system daemons that need hardware, clock or network privileges",
  },
];

const lookUp = byProgramName(PRIVILEGES);

export function privilegeEntry(name: string): PrivilegeEntry | undefined {
  return lookUp(name);
}

/** Whether the arguments give one of the options that name an account: `-u x`, `-ux`, `--user=x`, `--user x`. */
export function givesAccountOption(args: readonly (string | undefined)[], options: readonly string[]): boolean {
  return args.some(
    (a) =>
      a !== undefined &&
      options.some(
        (o) => a === o || (o.startsWith("--") ? a.startsWith(`${o}=`) : a.startsWith(o) && a.length > o.length),
      ),
  );
}

/** The config files named by the arguments (`-f FILE`, `-fFILE`, `--config-file=FILE`), else the defaults; undefined when a name is not static. */
export function accountConfigPaths(
  config: AccountConfig,
  args: readonly (string | undefined)[],
): readonly string[] | undefined {
  const named = namedByOptions(config.options, args);
  return named === undefined ? undefined : named.length > 0 ? named : config.defaults;
}
