// Daemons that fork into the background unless told not to, and the options that decide it, each
// with the manual that says so. A supervisor needs its child to stay in the foreground: when it
// forks, the supervisor sees its child exit, restarts it, and the forked copy runs unsupervised.
// Knowledge as data: add an entry with its citation.
import { byProgramName } from "./lookup.js";

/** An option that keeps the daemon in the foreground (or sends it to the background). */
export type OptionMatch =
  /** An argument written exactly so (`-D`, `--nofork`, `start-fg`); a single-letter `-x` also matches inside `-fx`. */
  | string
  /** An option whose value contains a text: nginx's `-g 'daemon off;'`. */
  | { option: string; contains: string };

/** What a daemon's config file says about forking; `unknown` when it cannot be told from the file. */
export interface ConfigVerdict {
  mode: "foreground" | "forks" | "unknown";
  /** The setting that decided it, as written (`daemon on;`), when the file sets one. */
  set?: string;
}

/** Where a daemon's config file is and how to read it. */
export interface DaemonConfig {
  /** Options that name the config file: `-c FILE`, `-cFILE`, `--config-file FILE`, `--config-file=FILE`. */
  options?: readonly string[];
  /** The config file is the first argument when it does not start with `-` (redis-server). */
  operand?: true;
  /** The files read when none is named, by the daemon's arguments; none: the built-in default applies. */
  defaults(args: readonly (string | undefined)[]): readonly string[];
  /** What the daemon does when it reads no config file at all. */
  withoutConfig: "foreground" | "forks";
  read(text: string): ConfigVerdict;
  /** Completes "forks if its config …": `does not say \`daemon off;\``. */
  forksIf: string;
  /** The setting that keeps it in the foreground, as written in the file: `daemon off;`. */
  foregroundSetting: string;
  /** Advice on the file, `{file}` standing for it: ``put `daemon off;` in {file}``. */
  configFix: string;
  /**
   * The command-line option cannot be given when the config sets the directive too (nginx exits
   * with "directive is duplicate"): the advice is then to edit the config, never to add the flag.
   */
  flagConflicts?: true;
}

export interface DaemonEntry {
  /** Program names; `pattern` for versioned names (`php-fpm8.2`). */
  names: readonly string[];
  pattern?: RegExp;
  /** Any of these keeps it in the foreground. */
  foreground?: readonly OptionMatch[];
  /** Any of these makes it fork, whatever else is given. */
  daemonize?: readonly OptionMatch[];
  /** Any of these puts it in daemon mode, where it forks unless a foreground option or its config says otherwise (freshclam -d). */
  forksWith?: readonly OptionMatch[];
  /**
   * What it does with neither: `forks`; `foreground`; or `config` (its config file decides, and
   * the usual shipped config forks). With `config` set, svlint reads the file when the tree has it.
   */
  default: "forks" | "foreground" | "config";
  /** How to find and read its config file, when that can keep it in the foreground (or make it fork). */
  config?: DaemonConfig;
  /** What to write, e.g. `sshd -D`. */
  fix: string;
  /** The manual that documents the options. */
  manual: string;
}

/** Removes `#` comments (to the end of the line). */
function stripHash(text: string): string {
  return text.replace(/#[^\n]*/g, "");
}

/**
 * nginx.conf: the main-context `daemon on|off;` (default on). `daemon off;` anywhere outside a
 * comment keeps it in the foreground. Includes are not followed: with no `daemon` directive and a
 * main-context `include`, the included file may set it, so the file does not tell.
 */
function readNginx(text: string): ConfigVerdict {
  const t = stripHash(text);
  const found = [...t.matchAll(/(?:^|[\s;{}])daemon\s+(on|off)\s*;/g)].map((m) => m[1]);
  if (found.includes("off")) return { mode: "foreground", set: "daemon off;" };
  if (found.includes("on")) return { mode: "forks", set: "daemon on;" };
  let depth = 0;
  for (const m of t.matchAll(/[{}]|(?:^|[\s;])include\s/g)) {
    if (m[0] === "{") depth++;
    else if (m[0] === "}") depth = Math.max(0, depth - 1);
    else if (depth === 0) return { mode: "unknown" };
  }
  return { mode: "forks" };
}

/** redis.conf: `daemonize yes|no`, the last one wins (default no). */
function readRedis(text: string): ConfigVerdict {
  const found = [...stripHash(text).matchAll(/^[ \t]*daemonize[ \t]+"?(yes|no)"?[ \t]*$/gim)];
  const last = found[found.length - 1];
  if (!last) return { mode: "foreground" };
  return last[1]!.toLowerCase() === "yes"
    ? { mode: "forks", set: "daemonize yes" }
    : { mode: "foreground", set: "daemonize no" };
}

/** haproxy.cfg: the `daemon` keyword of the global section forks. */
function readHaproxy(text: string): ConfigVerdict {
  return /^[ \t]*daemon[ \t]*$/m.test(stripHash(text)) ? { mode: "forks", set: "daemon" } : { mode: "foreground" };
}

/** dbus-daemon's XML config: `<fork/>` forks. */
function readDbus(text: string): ConfigVerdict {
  return /<fork\s*\/>/.test(text.replace(/<!--[\s\S]*?-->/g, ""))
    ? { mode: "forks", set: "<fork/>" }
    : { mode: "foreground" };
}

/**
 * A config whose last `SETTING VALUE` line decides and which forks without one: `set` shows the
 * line as `SETTING<sep>VALUE`. `re` captures the value.
 */
function lastSetting(text: string, re: RegExp, setting: string, foreground: RegExp): ConfigVerdict {
  const last = [...text.matchAll(re)].pop()?.[1];
  if (last === undefined) return { mode: "forks" };
  return { mode: foreground.test(last) ? "foreground" : "forks", set: `${setting}${last}` };
}

/** php-fpm.conf: `daemonize = no` keeps it in the foreground (default yes). */
function readPhpFpm(text: string): ConfigVerdict {
  return lastSetting(
    text.replace(/;[^\n]*/g, ""),
    /^[ \t]*daemonize[ \t]*=[ \t]*"?(\w+)"?/gm,
    "daemonize = ",
    /^(no|false|off|0)$/i,
  );
}

/** unbound.conf: `do-daemonize: no` keeps it in the foreground (default yes). */
function readUnbound(text: string): ConfigVerdict {
  return lastSetting(stripHash(text), /^[ \t]*do-daemonize:[ \t]*"?(\w+)"?/gm, "do-daemonize: ", /^no$/);
}

/** dnsmasq.conf: a long option per line, so `keep-in-foreground` or `no-daemon` keeps it in the foreground. */
function readDnsmasq(text: string): ConfigVerdict {
  const m = /^[ \t]*(keep-in-foreground|no-daemon)[ \t]*$/m.exec(stripHash(text));
  return m ? { mode: "foreground", set: m[1]! } : { mode: "forks" };
}

/** clamd.conf, freshclam.conf: `Foreground yes` (default no). */
function readClamav(text: string): ConfigVerdict {
  return lastSetting(stripHash(text), /^[ \t]*Foreground[ \t]+(\S+)[ \t]*$/gim, "Foreground ", /^(yes|true|1)$/i);
}

const has = (args: readonly (string | undefined)[], a: string): boolean => args.includes(a);

export const DAEMONS: readonly DaemonEntry[] = [
  {
    names: ["sshd"],
    // -i: inetd mode (under tcpserver, tcpsvd): one connection on stdin, no detaching.
    foreground: ["-D", "-i"],
    default: "forks",
    fix: "exec /usr/sbin/sshd -D -e",
    manual: "sshd(8): -D, sshd will not detach and does not become a daemon; -i, run from inetd",
  },
  {
    names: ["nginx"],
    foreground: [{ option: "-g", contains: "daemon off" }],
    default: "config",
    config: {
      options: ["-c"],
      defaults: () => ["/etc/nginx/nginx.conf"],
      withoutConfig: "forks",
      read: readNginx,
      forksIf: "does not say `daemon off;`",
      foregroundSetting: "daemon off;",
      configFix: "put `daemon off;` in {file}",
      flagConflicts: true,
    },
    fix: "exec nginx -g 'daemon off;'",
    manual: "nginx core module, directive `daemon` (default on): https://nginx.org/en/docs/ngx_core_module.html#daemon",
  },
  // `httpd` is also BusyBox's web server, whose `-f` keeps it in the foreground (Apache's -f names its
  // config): `-f` is not judged.
  {
    names: ["apache2", "httpd"],
    foreground: [
      "-DFOREGROUND",
      "-DNO_DETACH",
      "-f",
      { option: "-D", contains: "FOREGROUND" },
      { option: "-D", contains: "NO_DETACH" },
      "-F",
    ],
    default: "forks",
    fix: "exec apache2 -DFOREGROUND",
    manual:
      "httpd(8): -D FOREGROUND / -D NO_DETACH keep the parent process in the foreground; Apache 1.3 httpd(8): -F, run the main process in the foreground",
  },
  // `-n` is vixie-cron 4.1's (Gentoo) no-daemonize option; Debian's cron reads it otherwise, so a
  // `cron -n` is not judged rather than claimed.
  {
    names: ["cron"],
    foreground: ["-f", "-n"],
    default: "forks",
    fix: "exec cron -f",
    manual: "cron(8) (Debian): -f, stay in foreground mode; vixie-cron 4.1: -n, don't daemonize",
  },
  {
    names: ["crond"],
    foreground: ["-f", "-n"],
    default: "forks",
    fix: "exec crond -f (BusyBox) or crond -n (cronie)",
    manual: "BusyBox crond: -f, foreground; cronie crond(8): -n, run in the foreground",
  },
  {
    names: ["anacron"],
    foreground: ["-d"],
    default: "forks",
    fix: "exec anacron -d",
    manual: "anacron(8): -d, don't fork to the background",
  },
  {
    names: ["atd"],
    foreground: ["-f", "-d"],
    default: "forks",
    fix: "exec atd -f",
    manual: "atd(8): -f, run in the foreground",
  },
  {
    names: ["rsyslogd"],
    foreground: ["-n"],
    default: "forks",
    fix: "exec rsyslogd -n",
    manual: "rsyslogd(8): -n, avoid auto-backgrounding",
  },
  {
    names: ["syslog-ng"],
    foreground: ["-F", "--foreground"],
    default: "forks",
    fix: "exec syslog-ng -F",
    manual: "syslog-ng(8): -F, --foreground, do not daemonize",
  },
  {
    names: ["chronyd"],
    foreground: ["-n", "-d"],
    default: "forks",
    fix: "exec chronyd -n",
    manual: "chronyd(8): -n, do not detach from the terminal; -d, also log to stderr",
  },
  {
    names: ["ntpd"],
    foreground: ["-n", "--nofork", "-d"],
    default: "forks",
    fix: "exec ntpd -n (ISC ntpd) or ntpd -d (OpenNTPD)",
    manual: "ntpd(8): ISC -n, don't fork; OpenNTPD -d, do not daemonize",
  },
  {
    names: ["cupsd"],
    foreground: ["-f", "-F"],
    default: "forks",
    fix: "exec cupsd -f",
    manual: "cupsd(8): -f, run in the foreground",
  },
  {
    names: ["dhcpd"],
    foreground: ["-f", "-d"],
    default: "forks",
    fix: "exec dhcpd -f",
    manual: "dhcpd(8): -f, run as a foreground process",
  },
  {
    names: ["dhclient"],
    foreground: ["-d"],
    default: "forks",
    fix: "exec dhclient -d",
    manual: "dhclient(8): -d, run as a foreground process",
  },
  {
    names: ["dnsmasq"],
    foreground: ["-k", "--keep-in-foreground", "-d", "--no-daemon"],
    default: "forks",
    config: {
      options: ["-C", "--conf-file"],
      defaults: () => ["/etc/dnsmasq.conf"],
      withoutConfig: "forks",
      read: readDnsmasq,
      forksIf: "does not say `keep-in-foreground`",
      foregroundSetting: "keep-in-foreground",
      configFix: "add `keep-in-foreground` to {file}",
    },
    fix: "exec dnsmasq -k",
    manual:
      "dnsmasq(8): -k, --keep-in-foreground, do not go into the background at startup; every long option can be a line of dnsmasq.conf",
  },
  {
    names: ["named"],
    foreground: ["-f", "-g"],
    default: "forks",
    fix: "exec named -f",
    manual: "named(8): -f, run the server in the foreground",
  },
  {
    names: ["unbound"],
    foreground: ["-d"],
    default: "forks",
    config: {
      options: ["-c"],
      defaults: () => ["/etc/unbound/unbound.conf"],
      withoutConfig: "forks",
      read: readUnbound,
      forksIf: "does not say `do-daemonize: no`",
      foregroundSetting: "do-daemonize: no",
      configFix: "set `do-daemonize: no` in {file}",
    },
    fix: "exec unbound -d",
    manual: "unbound(8): -d, do not fork into the background; unbound.conf(5): do-daemonize (default yes)",
  },
  {
    names: ["squid"],
    foreground: ["-N"],
    default: "forks",
    fix: "exec squid -N",
    manual: "squid(8): -N, no daemon mode",
  },
  {
    names: ["lighttpd"],
    foreground: ["-D"],
    default: "forks",
    fix: "exec lighttpd -D -f /etc/lighttpd/lighttpd.conf",
    manual: "lighttpd(8): -D, do not go into the background",
  },
  {
    names: ["smbd", "nmbd"],
    foreground: ["-F", "--foreground"],
    default: "forks",
    fix: "exec smbd -F",
    manual: "smbd(8), nmbd(8): -F, --foreground, do not daemonize",
  },
  {
    names: ["haveged"],
    foreground: ["-F", "--Foreground"],
    default: "forks",
    fix: "exec haveged -F",
    manual: "haveged(8): -F, --Foreground, run in the foreground",
  },
  {
    names: ["acpid"],
    foreground: ["-f", "--foreground"],
    default: "forks",
    fix: "exec acpid -f",
    manual: "acpid(8): -f, --foreground, keep acpid in the foreground",
  },
  {
    names: ["lircd"],
    foreground: ["-n", "--nodaemon"],
    default: "forks",
    fix: "exec lircd -n",
    manual: "lircd(8): -n, --nodaemon, don't fork to background",
  },
  {
    names: ["proftpd"],
    foreground: ["-n", "--nodaemon"],
    default: "forks",
    fix: "exec proftpd -n",
    manual: "proftpd(8): -n, --nodaemon, does not background the process",
  },
  {
    names: ["xinetd"],
    foreground: ["-dontfork"],
    default: "forks",
    fix: "exec xinetd -dontfork",
    manual: "xinetd(8): -dontfork, stay in the foreground",
  },
  {
    names: ["php-fpm"],
    pattern: /^php-fpm[0-9.]*$/,
    foreground: ["-F", "--nodaemonize"],
    default: "forks",
    config: {
      options: ["-y", "--fpm-config"],
      defaults: () => ["/usr/local/etc/php-fpm.conf", "/etc/php-fpm.conf"],
      withoutConfig: "forks",
      read: readPhpFpm,
      forksIf: "does not say `daemonize = no`",
      foregroundSetting: "daemonize = no",
      configFix: "set `daemonize = no` in {file}",
    },
    fix: "exec php-fpm -F",
    manual: "php-fpm(8): -F, --nodaemonize, force to stay in foreground; php-fpm.conf: daemonize (default yes)",
  },
  {
    names: ["dbus-daemon"],
    foreground: ["--nofork"],
    daemonize: ["--fork"],
    default: "config",
    config: {
      options: ["--config-file"],
      defaults: (args) =>
        has(args, "--system")
          ? ["/usr/share/dbus-1/system.conf"]
          : has(args, "--session")
            ? ["/usr/share/dbus-1/session.conf"]
            : [],
      // Without --system, --session or --config-file it refuses to start: not a fork.
      withoutConfig: "foreground",
      read: readDbus,
      forksIf: "says `<fork/>` (the usual system.conf does)",
      foregroundSetting: "no <fork/>",
      configFix: "remove `<fork/>` from {file}",
    },
    fix: "exec dbus-daemon --system --nofork",
    manual: "dbus-daemon(1): --nofork, force the message bus not to fork (system.conf says <fork/>)",
  },
  {
    names: ["redis-server"],
    foreground: ["--daemonize no"],
    daemonize: ["--daemonize yes"],
    default: "config",
    config: {
      operand: true,
      // Without a config file redis-server runs with its built-in defaults: daemonize no.
      defaults: () => [],
      withoutConfig: "foreground",
      read: readRedis,
      forksIf: "says `daemonize yes` (Debian's does)",
      foregroundSetting: "daemonize no",
      configFix: "set `daemonize no` in {file}",
    },
    fix: "exec redis-server /etc/redis/redis.conf --daemonize no",
    manual: "redis.conf: `daemonize` (Debian's redis.conf sets yes); a command-line --daemonize no overrides it",
  },
  {
    names: ["haproxy"],
    foreground: ["-db", "-Ws"],
    daemonize: ["-D"],
    default: "config",
    config: {
      options: ["-f"],
      defaults: () => ["/etc/haproxy/haproxy.cfg"],
      withoutConfig: "foreground",
      read: readHaproxy,
      forksIf: "has the `daemon` keyword in its global section",
      foregroundSetting: "no `daemon` keyword",
      configFix: "remove the `daemon` keyword from {file}",
    },
    fix: "exec haproxy -db -f /etc/haproxy/haproxy.cfg",
    manual:
      "HAProxy management guide: -D, start as a daemon; -db, disable background mode (the `daemon` keyword in haproxy.cfg forks)",
  },
  {
    names: ["clamd"],
    foreground: ["-F", "--foreground"],
    default: "forks",
    config: {
      options: ["-c", "--config-file"],
      defaults: () => ["/etc/clamav/clamd.conf"],
      withoutConfig: "forks",
      read: readClamav,
      forksIf: "does not say `Foreground yes`",
      foregroundSetting: "Foreground yes",
      configFix: "set `Foreground yes` in {file}",
    },
    fix: "exec clamd --foreground",
    manual:
      "clamd(8): -F, --foreground, run in foreground, do not daemonize; clamd.conf(5): Foreground, don't fork into background (default no)",
  },
  {
    names: ["freshclam"],
    foreground: ["-F", "--foreground"],
    // freshclam runs once and exits; only -d makes it a daemon, which forks.
    forksWith: ["-d", "--daemon"],
    default: "foreground",
    config: {
      options: ["--config-file"],
      defaults: () => ["/etc/clamav/freshclam.conf"],
      withoutConfig: "forks",
      read: readClamav,
      forksIf: "does not say `Foreground yes`",
      foregroundSetting: "Foreground yes",
      configFix: "set `Foreground yes` in {file}",
    },
    fix: "exec freshclam -d --foreground",
    manual:
      "freshclam(1): -d, --daemon, run in daemon mode; -F, --foreground, don't fork into background; freshclam.conf(5): Foreground (default no)",
  },
  {
    names: ["memcached"],
    daemonize: ["-d", "--daemon"],
    default: "foreground",
    fix: "exec memcached (without -d)",
    manual: "memcached(1): -d, --daemon, run memcached as a daemon",
  },
  {
    names: ["gunicorn"],
    daemonize: ["-D", "--daemon"],
    default: "foreground",
    fix: "exec gunicorn … (without -D)",
    manual: "Gunicorn settings: daemon, -D, --daemon, daemonize the Gunicorn process",
  },
  {
    names: ["uwsgi"],
    daemonize: ["--daemonize", "-d"],
    default: "foreground",
    fix: "exec uwsgi … (without --daemonize)",
    manual: "uWSGI options: daemonize, daemonize uWSGI and write logs to the given file",
  },
  {
    names: ["lxdm"],
    daemonize: ["-d", "--daemon"],
    default: "foreground",
    fix: "exec lxdm (without -d)",
    manual: "lxdm(8): -d, --daemon, run as a daemon",
  },
  {
    names: ["avahi-daemon"],
    daemonize: ["-D", "--daemonize"],
    default: "foreground",
    fix: "exec avahi-daemon (without -D)",
    manual: "avahi-daemon(8): -D, --daemonize, daemonize after startup",
  },
  {
    names: ["mdadm"],
    daemonize: ["--daemonise", "--daemonize"],
    default: "foreground",
    fix: "exec mdadm --monitor --scan (without --daemonise)",
    manual: "mdadm(8): --daemonise, run as a background daemon (monitor mode)",
  },
  {
    names: ["wpa_supplicant"],
    daemonize: ["-B"],
    default: "foreground",
    fix: "exec wpa_supplicant … (without -B)",
    manual: "wpa_supplicant(8): -B, run daemon in the background",
  },
  {
    names: ["postfix"],
    foreground: ["start-fg"],
    daemonize: ["start"],
    default: "foreground",
    fix: "exec postfix start-fg",
    manual: "postfix(1): start-fg, like start but the master does not detach (Postfix 3.3+)",
  },
  {
    names: ["pg_ctl", "pg_ctlcluster"],
    daemonize: ["start"],
    default: "foreground",
    fix: "exec chpst -u postgres postgres -D /var/lib/postgresql/data",
    manual: "pg_ctl(1): start launches the server in the background; run `postgres` itself under a supervisor",
  },
];

const lookUp = byProgramName(DAEMONS);

export function daemonEntry(name: string): DaemonEntry | undefined {
  return lookUp(name);
}

/** Whether the arguments contain an option as the table writes it. */
export function hasOption(args: readonly (string | undefined)[], m: OptionMatch): boolean {
  if (typeof m !== "string") {
    for (let i = 0; i < args.length; i++) {
      const a = args[i];
      if (a === undefined) continue;
      if (a === m.option && args[i + 1]?.includes(m.contains)) return true;
      if (a.startsWith(m.option) && a.length > m.option.length && a.slice(m.option.length).includes(m.contains))
        return true;
    }
    return false;
  }
  if (m.includes(" ")) {
    // `--daemonize no`: two words, or one with `=`.
    const [opt, val] = m.split(" ") as [string, string];
    return args.some((a, i) => (a === opt && args[i + 1] === val) || a === `${opt}=${val}`);
  }
  if (args.includes(m)) return true;
  // A long flag given a true value: `clamd --foreground=true` (getopt_long's optional argument).
  if (
    m.startsWith("--") &&
    args.some((a) => a !== undefined && a.startsWith(`${m}=`) && /^(yes|true|1|on)$/i.test(a.slice(m.length + 1)))
  )
    return true;
  // A single-letter option inside a cluster: `-fd` holds -f.
  if (/^-[A-Za-z]$/.test(m))
    return args.some((a) => a !== undefined && /^-[A-Za-z]{2,4}$/.test(a) && a.includes(m[1]!));
  return false;
}

/**
 * The files the arguments name with one of `options` (`-c FILE`, `-cFILE`, `--config-file=FILE`);
 * undefined when a name is not static.
 */
export function namedByOptions(
  options: readonly string[],
  args: readonly (string | undefined)[],
): string[] | undefined {
  const named: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === undefined) continue;
    for (const o of options) {
      if (a === o) {
        if (i + 1 >= args.length) continue;
        const v = args[i + 1];
        if (v === undefined) return undefined;
        named.push(v);
      } else if (o.startsWith("--") && a.startsWith(`${o}=`)) named.push(a.slice(o.length + 1));
      else if (!o.startsWith("--") && a.startsWith(o) && a.length > o.length) named.push(a.slice(o.length));
    }
  }
  return named;
}

/**
 * The config files a daemon reads, as written on its command line (`-c FILE`, `-cFILE`,
 * `--config-file=FILE`, redis-server's operand), else its defaults. undefined when the word that
 * names it is not static.
 */
export function configPaths(
  config: DaemonConfig,
  args: readonly (string | undefined)[],
): readonly string[] | undefined {
  const named = namedByOptions(config.options ?? [], args);
  if (named === undefined) return undefined;
  if (config.operand && args.length > 0) {
    if (args[0] === undefined) return undefined;
    if (!args[0].startsWith("-")) named.push(args[0]);
  }
  return named.length > 0 ? named : config.defaults(args);
}
