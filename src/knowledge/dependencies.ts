// What sleep-dependency needs to know: the client programs a run script polls another service
// with and which daemon each one talks to, the well-known ports of those daemons, the programs
// that wait a fixed time, and each suite's own way to start a service only once another is up.
// Knowledge as data, each entry with its source.

/** A program a run script may poll a daemon with, and how it names the daemon's address. */
export interface ProbeProgram {
  /** The daemons it talks to (service names they are usually given). */
  daemons: readonly string[];
  /** Options whose value is the host (`-h db`, `--host=db`); none: the host is the first operand. */
  hostOptions?: readonly string[];
  /** Options whose value is the port. */
  portOptions?: readonly string[];
  /** Options that take a value and are neither (so that their value is not read as an operand). */
  valueOptions?: readonly string[];
  /** Without a host it talks to the local daemon (pg_isready's Unix socket); else it needs one. */
  localByDefault: boolean;
  /** Where its options are documented. */
  source: string;
}

const NC: ProbeProgram = {
  daemons: [],
  valueOptions: ["-w", "-W", "-i", "-p", "-s", "-X", "-x", "-q", "-T", "-I", "-O", "-V"],
  localByDefault: false,
  source: "nc(1) (netcat-openbsd): `nc -z host port`",
};
const MYSQLADMIN: ProbeProgram = {
  daemons: ["mysql", "mysqld", "mariadb", "mariadbd"],
  hostOptions: ["-h", "--host"],
  portOptions: ["-P", "--port"],
  valueOptions: ["-u", "--user", "-S", "--socket"],
  localByDefault: true,
  source: "mysqladmin(1): `ping` checks that the server is alive; localhost unless -h",
};
const DBUS: ProbeProgram = {
  daemons: ["dbus", "dbus-daemon", "messagebus"],
  localByDefault: true,
  source: "dbus-send(1), busctl(1): talk to the system or session bus daemon",
};

export const PROBE_PROGRAMS: Readonly<Record<string, ProbeProgram>> = {
  nc: NC,
  ncat: NC,
  netcat: NC,
  "nc.openbsd": NC,
  "nc.traditional": NC,
  pg_isready: {
    daemons: ["postgres", "postgresql"],
    hostOptions: ["-h", "--host"],
    portOptions: ["-p", "--port"],
    valueOptions: ["-d", "--dbname", "-U", "--username", "-t", "--timeout"],
    localByDefault: true,
    source: "pg_isready(1): the local server's Unix socket unless -h (or PGHOST) says otherwise",
  },
  mysqladmin: MYSQLADMIN,
  "mariadb-admin": MYSQLADMIN,
  "redis-cli": {
    daemons: ["redis", "redis-server"],
    hostOptions: ["-h"],
    portOptions: ["-p"],
    valueOptions: ["-a", "-n", "-s", "-u", "--user", "--pass"],
    localByDefault: true,
    source: "redis-cli(1): 127.0.0.1:6379 unless -h / -p",
  },
  wpa_cli: {
    daemons: ["wpa_supplicant"],
    valueOptions: ["-i", "-p", "-g", "-G", "-P", "-a", "-s"],
    localByDefault: true,
    source: "wpa_cli(8): talks to wpa_supplicant's control socket",
  },
  pactl: {
    daemons: ["pulseaudio", "pipewire-pulse", "pipewire"],
    valueOptions: ["-s", "--server", "-n", "--client-name"],
    localByDefault: true,
    source: "pactl(1): talks to the sound server (PulseAudio, or pipewire-pulse)",
  },
  "dbus-send": DBUS,
  busctl: DBUS,
};

/** URL fetchers: the probe is a URL operand (`curl -fs http://127.0.0.1:8086/ping`). */
export const URL_PROBES: ReadonlySet<string> = new Set(["curl", "wget"]);

/** Programs that look a local process up by name (pgrep(1), pidof(8)). */
export const PROCESS_PROBES: ReadonlySet<string> = new Set(["pgrep", "pidof"]);

/**
 * Well-known ports and the daemons that listen on them (IANA service names registry, and each
 * daemon's manual for its default port).
 */
export const PORT_DAEMONS: Readonly<Record<string, readonly string[]>> = {
  "5432": ["postgres", "postgresql"],
  "3306": ["mysql", "mysqld", "mariadb", "mariadbd"],
  "6379": ["redis", "redis-server"],
  "27017": ["mongo", "mongod", "mongodb"],
  "11211": ["memcached"],
  "5672": ["rabbitmq", "rabbitmq-server"],
  "9200": ["elasticsearch", "opensearch"],
  "2181": ["zookeeper"],
  "8086": ["influxdb", "influxd"],
  "9000": ["php-fpm", "php"],
  "8500": ["consul"],
};

/** Local addresses: a probe of one of them waits for a daemon of the same machine or container. */
export const LOCAL_HOSTS = /^(localhost|127(\.\d{1,3}){3}|::1|0\.0\.0\.0|\[::1\])$/;

/** Programs that wait a fixed time, and the unit of their operand in seconds. */
export const SLEEPERS: Readonly<Record<string, { unit: number; source: string }>> = {
  sleep: { unit: 1, source: "sleep(1): NUMBER[smhd]" },
  "s6-sleep": { unit: 1, source: "s6-portable-utils' s6-sleep: seconds, or milliseconds with -m" },
  usleep: { unit: 1e-6, source: "BusyBox usleep: microseconds" },
};

/**
 * Programs that already are the suite's dependency mechanism (or its status check): a script
 * that runs one of them has declared what it waits for.
 */
export const SUITE_WAITS: ReadonlySet<string> = new Set([
  "sv", // runit sv(8): `sv start`, `sv check`, `sv -w`
  "svok", // daemontools svok(8)
  "svstat", // daemontools svstat(8)
  "svwaitup", // daemontools-encore / ndmtk-style wrappers
  "s6-svwait", // s6: https://skarnet.org/software/s6/s6-svwait.html
  "s6-svstat",
  "s6-svok",
  "s6-rc",
]);

/**
 * Each suite's way to start a service only once another one is up, for the messages (`{{dep}}`
 * is the other service's name). Sources: runit's sv(8) ("sv start … || exit 1" in a run script,
 * the EXAMPLES of http://smarden.org/runit/faq.html#depends); daemontools' svok(8) and svstat(8);
 * s6-svwait (https://skarnet.org/software/s6/s6-svwait.html); s6-rc's source format
 * (https://skarnet.org/software/s6-rc/s6-rc-compile.html, dependencies.d); s6-overlay v3's README
 * (dependencies.d in /etc/s6-overlay/s6-rc.d); s6-overlay v2's README (services.d, s6-svwait).
 */
export const DEPENDENCY_IDIOMS = {
  runit:
    "`sv start {{dep}} || exit 1` before the final exec: runsv runs `run` again a second later, and with a " +
    "`check` script in {{dep}} (the probe, say) `sv start` waits until it passes",
  daemontools:
    "`svstat /service/{{dep}} | grep -q ': up ' || exit 1` before the final exec (supervise runs `run` again a " +
    "second later; `svok` only says that {{dep}}'s supervise runs)",
  s6:
    "`s6-svwait -U -t 10000 /run/service/{{dep}} || exit 1` before the final exec, with a notification-fd in " +
    "{{dep}} (or s6-notifyoncheck and the probe as its `data/check`) so that `-U` means ready",
  "s6-overlay-v2":
    "`s6-svwait -U -t 10000 /var/run/s6/services/{{dep}} || exit 1` before the final exec, with a notification-fd " +
    "in {{dep}} (or s6-notifyoncheck and the probe as its `data/check`) so that `-U` means ready",
  "s6-rc":
    "an empty file `dependencies.d/{{dep}}` in this definition, and a notification-fd in {{dep}} (or " +
    "s6-notifyoncheck and the probe as its `data/check`): s6-rc then starts this service once {{dep}} is ready",
} as const;
