// Which programs chain-load (run the rest of their command line as a child program), how many
// words each consumes before that child, and what each means for privileges. Knowledge lives in
// this table, not in the rules.
export type Family = "daemontools" | "runit" | "s6" | "generic";

export interface ChainLoader {
  family: Family;
  /** getopt letters; a letter followed by `:` takes a value (`-m 1000` or `-m1000`). */
  short?: string;
  /** GNU long options that take the next word as their value when written without `=`. */
  longWithValue?: string[];
  /** Leading `NAME=VALUE` operands are consumed before the child (env). */
  assignments?: boolean;
  /** A lone `-` is this option (env: `env - VAR=x prog` is `env -i VAR=x prog`). */
  loneDash?: string;
  /** Operands consumed after the options, before the child program. */
  operands: number;
  /** It switches to another account: always (`true`) or when one of these options is given. */
  drops?: true | string[];
  /** It only works as root: always (`true`) or when one of these options is given. */
  needsRoot?: true | string[];
  /** Why it needs root, completing "… needs root because it …". */
  why?: string;
}

const READS_ENV_DIR = "reads its directory, which holds secrets and should be private to root (0700)";
const SWITCHES = "switches accounts, which only root can do";

export const CHAIN_LOADERS: Readonly<Record<string, ChainLoader>> = {
  // daemontools 0.76 (https://cr.yp.to/daemontools.html)
  envdir: { family: "daemontools", operands: 1, needsRoot: true, why: READS_ENV_DIR },
  envuidgid: {
    family: "daemontools",
    operands: 1,
    needsRoot: true,
    why: "sets $UID and $GID for a later program that drops privileges itself, which only root can do",
  },
  setuidgid: { family: "daemontools", operands: 1, drops: true, needsRoot: true, why: SWITCHES },
  // softlimit is here for its argument count only: it clamps to the hard limit and behaves the
  // same as root or not (observed with daemontools 0.76), so its place in the chain is free.
  softlimit: { family: "daemontools", short: "a:c:d:f:l:m:o:p:r:s:t:", operands: 0 },
  setlock: {
    family: "daemontools",
    short: "nNxX",
    operands: 1,
    needsRoot: true,
    why: "opens (and may create) its lock file, which usually lives in a directory only root can write",
  },
  pgrphack: { family: "daemontools", operands: 0 },
  fghack: { family: "daemontools", operands: 0 },
  // ucspi-tcp
  tcpserver: {
    family: "daemontools",
    short: "1346BCDHIOPQRUXb:c:dg:hl:opqrt:u:vx:",
    operands: 2,
    needsRoot: ["u", "g", "U"],
    why: "switches to the -u/-g account itself after binding, which only root can do",
  },

  // ipsvd (runit's companion, tcpsvd(8), udpsvd(8)): -u user[:group] after binding.
  tcpsvd: {
    family: "runit",
    short: "hpvEc:C:b:u:l:i:x:t:",
    operands: 2,
    drops: ["u"],
    needsRoot: ["u"],
    why: "switches to the -u account itself after binding, which only root can do",
  },
  udpsvd: {
    family: "runit",
    short: "hpvEu:l:i:x:t:",
    operands: 2,
    drops: ["u"],
    needsRoot: ["u"],
    why: "switches to the -u account itself after binding, which only root can do",
  },

  // runit 2.1.2 (chpst(8)): its options apply in a fixed order, -e and -/ before -u.
  chpst: {
    family: "runit",
    short: "u:U:b:e:/:C:n:l:L:m:d:o:p:f:c:r:t:vP012",
    operands: 0,
    drops: ["u"],
    needsRoot: ["u", "U", "e", "/"],
    why: "switches accounts (-u), reads a private env dir (-e) or changes root (-/), which need root",
  },

  // s6 2.11 (https://skarnet.org/software/s6/)
  "s6-setuidgid": { family: "s6", operands: 1, drops: true, needsRoot: true, why: SWITCHES },
  "s6-applyuidgid": { family: "s6", short: "zUu:g:G:", operands: 0, drops: true, needsRoot: true, why: SWITCHES },
  "s6-envuidgid": {
    family: "s6",
    short: "ugBni:D:",
    operands: 1,
    needsRoot: true,
    why: "sets $UID and $GID for s6-applyuidgid, which only root can apply",
  },
  // execline's descriptor tools run from shell too: `exec fdmove -c 2 1 nginx`, `fdmove 1 3 printf …`.
  fdmove: { family: "s6", short: "c", operands: 2 },
  "s6-envdir": { family: "s6", short: "IinfLc:", operands: 1, needsRoot: true, why: READS_ENV_DIR },
  "s6-softlimit": { family: "s6", short: "a:c:d:f:l:m:o:p:r:s:t:", operands: 0 },
  "s6-setlock": {
    family: "s6",
    short: "nNrwt:d:",
    operands: 1,
    needsRoot: true,
    why: "opens (and may create) its lock file, which usually lives in a directory only root can write",
  },
  "s6-setsid": { family: "s6", short: "sbfgiqd:", operands: 0 },
  "s6-notifyoncheck": { family: "s6", short: "d3:s:T:t:w:n:c:", operands: 0 },

  // Generic Unix chain-loaders (coreutils, util-linux) and the container world's privilege drops.
  runuser: {
    family: "generic",
    short: "u:g:G:lmps:c:fw:",
    longWithValue: ["--user", "--group", "--supp-group", "--shell", "--command"],
    operands: 0,
    drops: ["u", "--user"],
    needsRoot: true,
    why: SWITCHES,
  },
  "su-exec": { family: "generic", operands: 1, drops: true, needsRoot: true, why: SWITCHES },
  gosu: { family: "generic", operands: 1, drops: true, needsRoot: true, why: SWITCHES },
  chroot: {
    family: "generic",
    longWithValue: ["--userspec", "--groups"],
    operands: 1,
    needsRoot: true,
    why: "calls chroot(2), which only root can do",
  },
  env: {
    family: "generic",
    short: "i0u:C:S:",
    longWithValue: ["--unset", "--chdir", "--split-string"],
    assignments: true,
    loneDash: "i",
    operands: 0,
  },
  nice: { family: "generic", short: "n:", longWithValue: ["--adjustment"], operands: 0 },
  nohup: { family: "generic", operands: 0 },
  setsid: { family: "generic", short: "cfw", operands: 0 },
  ionice: { family: "generic", short: "c:n:p:tP:u:", operands: 0 },
  stdbuf: { family: "generic", short: "i:o:e:", longWithValue: ["--input", "--output", "--error"], operands: 0 },
  timeout: { family: "generic", short: "k:s:vpf", longWithValue: ["--kill-after", "--signal"], operands: 1 },
};

/** The loggers of the three suites: they read the service's output on stdin. */
export const LOGGERS: ReadonlySet<string> = new Set(["multilog", "svlogd", "s6-log"]);
