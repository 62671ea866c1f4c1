// The chain of programs a command runs (`exec envdir ./env setuidgid app prog`), read from its
// words with the chain-loader table (knowledge/chainloaders.ts), and what the chain means for
// accounts and privileges.
import { CHAIN_LOADERS, type ChainLoader } from "../knowledge/chainloaders.js";
import { programName, valueFrom, type Command, type Program, type Word } from "./model.js";

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
      if (j + 1 < t.length) options.set(letter, valueFrom(words[i - 1]!, j + 1));
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
