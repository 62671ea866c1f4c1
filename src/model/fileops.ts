// What the file-changing utilities in run scripts (mkdir, s6-mkdir, install -d, chown, chgrp) do,
// read from their arguments with the options of GNU coreutils, BusyBox and s6-portable-utils.
import { execChain, finalProgram } from "./chains.js";
import { valueFrom, type Command, type Program, type Word } from "./model.js";

/** A comparable key for a path word: its static value, or its text without quotes. */
export function pathKey(w: Word): string {
  const raw = w.value ?? w.text.replace(/^"(.*)"$/s, "$1");
  return raw.length > 1 ? raw.replace(/\/+$/, "") : raw;
}

interface OptionSpec {
  /** Short options that take a value. */
  withValue: string;
  /** Long options that take the next word as value when written without `=`. */
  longWithValue: string[];
}

/** Splits words into options (letters and long names) and operands, getopt_long style. */
export function splitOptions(words: Word[], spec: OptionSpec): { flags: Set<string>; operands: Word[] } {
  const flags = new Set<string>();
  const operands: Word[] = [];
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    const t = w.value ?? w.text;
    if (t === "--") {
      operands.push(...words.slice(i + 1));
      break;
    }
    if (t.startsWith("--") && t.length > 2) {
      const name = t.split("=")[0]!;
      flags.add(name);
      if (!t.includes("=") && spec.longWithValue.includes(name)) i++;
    } else if (t.startsWith("-") && t.length > 1 && w.value !== undefined) {
      for (let j = 1; j < t.length; j++) {
        flags.add(t[j]!);
        if (spec.withValue.includes(t[j]!)) {
          if (j === t.length - 1) i++;
          break;
        }
      }
    } else operands.push(w);
  }
  return { flags, operands };
}

export interface Creation {
  /** The directory word as written. */
  word: Word;
  key: string;
  /** `mkdir -p` / `install -d`: the parents were created too. */
  parents: boolean;
  /** Source position of the command. */
  index: number;
}

const MKDIR: OptionSpec = { withValue: "mZ", longWithValue: ["--mode", "--context"] };
const INSTALL: OptionSpec = {
  withValue: "mogtSZ",
  longWithValue: ["--mode", "--owner", "--group", "--target-directory", "--suffix", "--context"],
};

/** The program a command ends up running (through exec and chain-loaders), if known. */
export function finalOf(cmd: Command): Program | undefined {
  return finalProgram(execChain(cmd));
}

const S6_MKDIR: OptionSpec = { withValue: "m", longWithValue: [] };

/** Directories a command creates: `mkdir [-p] DIR…`, `s6-mkdir [-p] DIR…` or `install -d DIR…`. */
export function createdDirectories(cmd: Command): Creation[] {
  const p = finalOf(cmd);
  if (!p) return [];
  let parents = false;
  let operands: Word[];
  if (p.name === "mkdir" || p.name === "s6-mkdir") {
    const s = splitOptions(p.args, p.name === "mkdir" ? MKDIR : S6_MKDIR);
    parents = s.flags.has("p") || s.flags.has("--parents");
    operands = s.operands;
  } else if (p.name === "install") {
    const s = splitOptions(p.args, INSTALL);
    if (!s.flags.has("d") && !s.flags.has("--directory")) return [];
    parents = true; // install -d creates missing parents
    operands = s.operands;
  } else return [];
  return operands.map((word) => ({ word, key: pathKey(word), parents, index: cmd.node.startIndex }));
}

export const CHOWN: OptionSpec = { withValue: "", longWithValue: ["--reference", "--from"] };

/** True when a word may expand to several words (or none): `$x` unquoted, `"$@"`, `${a[@]}`. */
export function mayExpandToManyWords(w: Word): boolean {
  if (w.value !== undefined) return false;
  if (/\$@|\$\*|\[[@*]\]/.test(w.text)) return true;
  return w.node.type !== "string" && w.node.type !== "raw_string" && /\$|`/.test(w.text);
}

export interface OwnerChange {
  /** The user part of the owner (`log` of `log:adm`); undefined for chgrp or `:group`. */
  user: string | undefined;
  ownerWord: Word;
  paths: Word[];
  recursive: boolean;
}

const INSTALL_OWNER: OptionSpec = INSTALL;

/** `chown [-R] OWNER PATH…` and `install -d -o OWNER DIR…`: who is made the owner of what. */
export function ownerChanges(cmd: Command): OwnerChange[] {
  const p = finalOf(cmd);
  if (!p) return [];
  if (p.name === "chown") {
    const { flags, operands } = splitOptions(p.args, CHOWN);
    if (flags.has("--reference") || operands.length < 2) return [];
    const owner = operands[0]!;
    const v = owner.value;
    const user = v === undefined ? undefined : v.split(/[:.]/)[0] || undefined;
    return [
      { user, ownerWord: owner, paths: operands.slice(1), recursive: flags.has("R") || flags.has("--recursive") },
    ];
  }
  if (p.name === "install") {
    // install takes -o's value as the next word; find it by hand (splitOptions keeps flags only).
    const i = p.args.findIndex((a) => a.value === "-o" || a.value === "--owner" || a.value?.startsWith("--owner="));
    if (i === -1) return [];
    const a = p.args[i]!;
    const ownerWord = a.value?.startsWith("--owner=") ? valueFrom(a, 8) : p.args[i + 1];
    if (!ownerWord) return [];
    const { flags, operands } = splitOptions(p.args, INSTALL_OWNER);
    if (!flags.has("d") && !flags.has("--directory")) return [];
    return [{ user: ownerWord.value, ownerWord, paths: operands, recursive: false }];
  }
  return [];
}
