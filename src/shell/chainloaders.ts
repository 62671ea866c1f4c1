// Which programs chain-load (run the rest of their command line as a child program), how many
// words each consumes before that child, and what each means for privileges. Knowledge lives in
// this table, not in the rules.
import { programName, type Command, type Word } from "./model.js";

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

export interface Program {
  /** `setuidgid`, `multilog`, …; undefined when the word is not static (`$DAEMON`). */
  name: string | undefined;
  word: Word;
  loader: ChainLoader | undefined;
  /** Options given to a chain-loader, by letter (or long name); `true` for a flag. */
  options: ReadonlyMap<string, Word | true>;
  /** Operands of a chain-loader (`./env` for envdir); for the last program, all its words. */
  operands: Word[];
  /** Every word after the program name up to the child (for the last program: to the end). */
  args: Word[];
}

const MAX_CHAIN = 64;

function wordText(w: Word): string {
  return w.value ?? w.text;
}

/** Parses a chain-loader's options and operands starting at words[i]; returns the child's index. */
export function consumeOptions(
  loader: ChainLoader,
  words: Word[],
  start: number,
  options: Map<string, Word | true>,
): number {
  let i = start;
  while (i < words.length) {
    const t = wordText(words[i]!);
    if (t === "--") {
      i++;
      break;
    }
    if (t.startsWith("--") && t.length > 2) {
      const eq = t.indexOf("=");
      if (eq !== -1) {
        options.set(t.slice(0, eq), true);
        i++;
      } else if (loader.longWithValue?.includes(t) && i + 1 < words.length) {
        options.set(t, words[i + 1]!);
        i += 2;
      } else {
        options.set(t, true);
        i++;
      }
      continue;
    }
    if (t === "-" && loader.loneDash) {
      options.set(loader.loneDash, true);
      i++;
      continue;
    }
    if (!loader.short || !t.startsWith("-") || t.length < 2) break;
    i++;
    for (let j = 1; j < t.length; j++) {
      const letter = t[j]!;
      const at = loader.short.indexOf(letter);
      const takesValue = at !== -1 && loader.short[at + 1] === ":";
      if (!takesValue) {
        options.set(letter, true);
        continue;
      }
      if (j + 1 < t.length) options.set(letter, { ...words[i - 1]!, value: t.slice(j + 1) });
      else if (i < words.length) options.set(letter, words[i++]!);
      break;
    }
  }
  if (loader.assignments) {
    while (i < words.length && /^[A-Za-z_][A-Za-z0-9_]*=/.test(wordText(words[i]!))) i++;
  }
  return i;
}

/**
 * The programs a command runs, in order: `exec envdir ./env setuidgid app prog` gives envdir,
 * setuidgid, prog. A leading `exec` (with its own -a/-c/-l) is not a program.
 */
export function execChain(cmd: Command): Program[] {
  // Several rules ask for the same command's chain; it is computed once.
  return (cmd.chain ??= computeChain(cmd));
}

/** A program that is not a chain-loader has no options svlint reads: one shared empty map. */
const NO_OPTIONS: ReadonlyMap<string, Word | true> = new Map();

function computeChain(cmd: Command): Program[] {
  const words = cmd.name ? [cmd.name, ...cmd.args] : [...cmd.args];
  let i = 0;
  if (words[0] && words[0].value === "exec") {
    i = 1;
    while (i < words.length) {
      const t = wordText(words[i]!);
      if (t === "--") {
        i++;
        break;
      }
      if (t === "-a") i += 2;
      else if (/^-[cl]+$/.test(t)) i++;
      else break;
    }
  }
  const chain: Program[] = [];
  while (i < words.length && chain.length < MAX_CHAIN) {
    const word = words[i]!;
    const name = programName(word);
    const loader = name === undefined ? undefined : CHAIN_LOADERS[name];
    if (!loader) {
      const rest = words.slice(i + 1);
      chain.push({ name, word, loader, options: NO_OPTIONS, operands: rest, args: rest });
      break;
    }
    const options = new Map<string, Word | true>();
    const afterOptions = consumeOptions(loader, words, i + 1, options);
    const operands = words.slice(afterOptions, afterOptions + loader.operands);
    const child = Math.min(words.length, afterOptions + loader.operands);
    chain.push({ name, word, loader, options, operands, args: words.slice(i + 1, child) });
    i = child;
  }
  return chain;
}

/**
 * Whether the program, as invoked, switches to another account. A switch to root (`chpst -u root`,
 * `setuidgid root`, `su-exec 0`) drops nothing; envuidgid only sets $UID and $GID.
 */
export function dropsPrivileges(p: Program): boolean {
  const d = p.loader?.drops;
  if (d === undefined) return false;
  if (d !== true && !d.some((o) => p.options.has(o))) return false;
  return !switchesToRoot(p);
}

/** The account word a privilege-dropping program is given (`log`, `log:adm`, `:0:0`), if any. */
function accountWord(p: Program): Word | undefined {
  if (["setuidgid", "s6-setuidgid", "envuidgid", "s6-envuidgid", "su-exec", "gosu"].includes(p.name ?? ""))
    return p.operands[0];
  if (
    p.name === "chpst" ||
    p.name === "tcpsvd" ||
    p.name === "udpsvd" ||
    p.name === "runuser" ||
    p.name === "s6-applyuidgid"
  ) {
    const u = p.options.get("u") ?? p.options.get("U") ?? p.options.get("--user");
    return u && u !== true ? u : undefined;
  }
  return undefined;
}

/** The program switches to root itself: `chpst -u root`, `setuidgid root`, `gosu 0:0`. */
export function switchesToRoot(p: Program): boolean {
  const v = accountWord(p)?.value;
  if (v === undefined) return false;
  const user = v.startsWith(":") ? v.slice(1).split(":")[0]! : v.split(":")[0]!;
  return user === "root" || user === "0";
}

/** Whether the program, as invoked, only works as root. */
export function needsRoot(p: Program): boolean {
  const n = p.loader?.needsRoot;
  if (n === undefined) return false;
  return n === true || n.some((o) => p.options.has(o));
}

/** The loggers of the three suites: they read the service's output on stdin. */
export const LOGGERS: ReadonlySet<string> = new Set(["multilog", "svlogd", "s6-log"]);

/** The last program of the chain: the one that ends up running (multilog, the daemon). */
export function finalProgram(chain: Program[]): Program | undefined {
  const last = chain[chain.length - 1];
  return last && !last.loader ? last : undefined;
}

/**
 * The account a privilege-dropping program switches to, as written: `setuidgid log` → log,
 * `chpst -u log:adm` → log, `s6-envuidgid log` → log. undefined when not static or numeric-only.
 */
export function accountOf(p: Program): { name: string; word: Word } | undefined {
  const word = accountWord(p);
  const v = word?.value;
  if (!word || v === undefined) return undefined;
  // chpst: `[:]user[:group…]`; a leading `:` means numeric ids.
  if (v.startsWith(":")) return undefined;
  const name = v.split(":")[0]!;
  return name === "" || /^\d+$/.test(name) ? undefined : { name, word };
}

/** The account a chain ends up running as, when a program of it switches to a named one. */
export function chainAccount(chain: Program[]): { name: string; word: Word } | undefined {
  let found: { name: string; word: Word } | undefined;
  for (const p of chain) {
    const a = accountOf(p);
    if (a && (dropsPrivileges(p) || p.name === "envuidgid" || p.name === "s6-envuidgid")) found = a;
  }
  return found;
}
