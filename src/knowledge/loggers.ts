// The script languages of the three loggers, as their sources and manuals define them and as
// observed with daemontools 0.76, runit 2.1.2 and s6 2.11 (see docs/ground-truth.md). Each reader
// returns findings as data; the rules word them. Words whose value is only known at run time
// (`$LOGDIR`) are skipped, never guessed.
import { chainAccount, dropsPrivileges, execChain, finalProgram } from "../model/chains.js";
import { type Program } from "../model/model.js";
import type { Command, Word } from "../model/model.js";

export interface ScriptIssue {
  word: Word;
  id: string;
  data: Record<string, string | number>;
}

export interface ScriptReading {
  issues: ScriptIssue[];
  /** The directory actions, in order. */
  directories: Word[];
}

const text = (w: Word): string | undefined => w.value;
const isDirectory = (v: string): boolean => v.startsWith("/") || v.startsWith(".");
/** A word that was probably meant as a directory: `main`, `log/main`, `var/log/x`. */
const looksLikePath = (v: string): boolean =>
  /^[\w][\w.@-]*(\/[\w.@-]+)*\/?$/.test(v) && (v.includes("/") || (v.length >= 3 && /[a-z]/.test(v)));

// multilog (daemontools 0.76): sSIZE clamped to 4096..16777215, nNUM at least 2; `t` only first.
// Sizes above the maximum are clamped harmlessly and not reported.
export const MULTILOG_SIZE = { min: 4096, max: 16777215 };

export function readMultilogScript(args: Word[]): ScriptReading {
  const issues: ScriptIssue[] = [];
  const directories: Word[] = [];
  let pending: Word[] = []; // s, n and ! since the last directory: they apply to the next one
  let dynamic = false;
  args.forEach((w, i) => {
    const v = text(w);
    if (v === undefined) {
      dynamic = true;
      return;
    }
    if (v === "t") {
      if (i !== 0) issues.push({ word: w, id: "tNotFirst", data: { position: i + 1 } });
      return;
    }
    // Not an action of daemontools 0.76, but the datetime action of a widely used patch
    // (sagredo's daemontools 0.78 patches): a portability note, not a bug.
    if (v === "d") {
      issues.push({ word: w, id: "patchedDatetime", data: { action: v } });
      return;
    }
    if (isDirectory(v)) {
      directories.push(w);
      pending = [];
      return;
    }
    const c = v[0];
    // `syslog`, `nginx`: a name meant as a directory, not a size or count.
    if ((c === "s" || c === "n") && !/^.\d/.test(v) && looksLikePath(v)) {
      issues.push({ word: w, id: "notDirectory", data: { action: v, fix: `./${v}` } });
      return;
    }
    if (c === "s" || c === "n") {
      const digits = /^[sn](\d*)(.*)$/s.exec(v)!;
      const n = digits[1] === "" ? 0 : Number(digits[1]);
      if (digits[2] !== "") {
        // scan_ulong stops at the first non-digit: `s10M` is 10 bytes, then clamped.
        const became = c === "s" ? Math.min(Math.max(n, MULTILOG_SIZE.min), MULTILOG_SIZE.max) : Math.max(n, 2);
        issues.push({ word: w, id: "badNumber", data: { action: v, read: `${c}${n}`, became: `${c}${became}` } });
      } else if (c === "s" && n < MULTILOG_SIZE.min) {
        // A bare `s` or a small size makes 4096-byte files. Above the maximum multilog uses
        // 16777215, which changes nothing that matters: not an issue.
        issues.push({ word: w, id: "sizeClamped", data: { action: v, became: `s${MULTILOG_SIZE.min}` } });
      } else if (c === "n" && n < 2) {
        issues.push({ word: w, id: "countClamped", data: { action: v } });
      }
      pending.push(w);
      return;
    }
    if (c === "!") {
      pending.push(w);
      return;
    }
    if (c === "+" || c === "-" || c === "e" || c === "=") return;
    if (looksLikePath(v)) issues.push({ word: w, id: "notDirectory", data: { action: v, fix: `./${v}` } });
    else issues.push({ word: w, id: "unknownAction", data: { action: v } });
  });
  // Without any directory, one finding says it all (a `main` meant as one already has its fix).
  if (directories.length > 0)
    for (const w of pending) issues.push({ word: w, id: "afterLastDirectory", data: { action: w.value ?? w.text } });
  else if (!dynamic && args.length > 0 && !issues.some((i) => i.id === "notDirectory"))
    issues.push({ word: args[0]!, id: "noDirectory", data: {} });
  return { issues, directories };
}

// s6-log (s6 2.11): unknown directives and a script without an action exit 100; sN is clamped to
// 4096..268435455.
export const S6_LOG_SIZE = { min: 4096, max: 268435455 };
/** s6-log's own options, before the script: -d notif, -q, -v, -b, -p, -l linelimit, -t timeout. */
const S6_LOG_OPTIONS = "d:qvbpl:t:";

export function s6LogScriptWords(args: Word[]): Word[] {
  let i = 0;
  while (i < args.length) {
    const v = text(args[i]!);
    if (v === "--") return args.slice(i + 1);
    if (v === undefined || !/^-[A-Za-z]/.test(v)) break;
    const letter = v[1]!;
    const at = S6_LOG_OPTIONS.indexOf(letter);
    i += at !== -1 && S6_LOG_OPTIONS[at + 1] === ":" && v.length === 2 ? 2 : 1;
  }
  return args.slice(i);
}

export function readS6LogScript(script: Word[]): ScriptReading {
  const issues: ScriptIssue[] = [];
  const directories: Word[] = [];
  let actions = 0;
  let afterAction: Word[] = [];
  let dynamic = false;
  for (const w of script) {
    const v = text(w);
    if (v === undefined) {
      dynamic = true;
      continue;
    }
    const c = v[0];
    if (v === "1" || v === "2" || c === "=" || isDirectory(v)) {
      if (isDirectory(v)) directories.push(w);
      actions++;
      afterAction = [];
      continue;
    }
    afterAction.push(w);
    if (
      v === "t" ||
      v === "T" ||
      v === "f" ||
      c === "+" ||
      c === "-" ||
      c === "!" ||
      c === "?" ||
      c === "E" ||
      c === "^" ||
      c === "p" ||
      c === "R"
    )
      continue;
    if (c === "n" || c === "s" || c === "S" || c === "l" || c === "r") {
      if (!/^[nsSlr]\d+$/.test(v)) {
        if (!/^.\d/.test(v) && looksLikePath(v))
          issues.push({ word: w, id: "notDirectory", data: { directive: v, fix: `./${v}` } });
        else issues.push({ word: w, id: "unknownDirective", data: { directive: v } });
        continue;
      }
      const n = Number(v.slice(1));
      if (c === "s" && (n < S6_LOG_SIZE.min || n > S6_LOG_SIZE.max)) {
        issues.push({
          word: w,
          id: "sizeClamped",
          data: { directive: v, became: `s${n < S6_LOG_SIZE.min ? S6_LOG_SIZE.min : S6_LOG_SIZE.max}` },
        });
      }
      continue;
    }
    if (looksLikePath(v)) issues.push({ word: w, id: "notDirectory", data: { directive: v, fix: `./${v}` } });
    else issues.push({ word: w, id: "unknownDirective", data: { directive: v } });
  }
  if (actions === 0 && !dynamic) {
    if (script.length > 0 && !issues.some((i) => i.id === "notDirectory"))
      issues.push({ word: script[0]!, id: "noAction", data: {} });
  } else if (actions > 0)
    for (const w of afterAction)
      issues.push({ word: w, id: "afterLastAction", data: { directive: w.value ?? w.text } });
  return { issues, directories };
}

// svlogd (runit 2.1.2): -l LEN (default 1000) and -b BUFLEN (default 1024, must exceed -l); a
// value that reads as 0 (scan_ulong of `0` or of no digits) means the default, in svlogd.c and in
// the real binary. Every other argument is a directory, which must exist.
export const SVLOGD_DEFAULTS = { lineLength: 1000, bufferLength: 1024 };

export interface SvlogdArgs {
  lineLength: { value: number; word?: Word };
  bufferLength: { value: number; word?: Word };
  directories: Word[];
  dynamic: boolean;
}

export function readSvlogdArgs(args: Word[]): SvlogdArgs {
  const out: SvlogdArgs = {
    lineLength: { value: SVLOGD_DEFAULTS.lineLength },
    bufferLength: { value: SVLOGD_DEFAULTS.bufferLength },
    directories: [],
    dynamic: false,
  };
  let i = 0;
  for (; i < args.length; i++) {
    const v = text(args[i]!);
    if (v === undefined) {
      out.dynamic = true;
      continue;
    }
    if (v === "--") {
      i++;
      break;
    }
    if (!v.startsWith("-") || v.length < 2) break;
    for (let j = 1; j < v.length; j++) {
      const letter = v[j]!;
      if (letter === "t" || letter === "v") continue;
      // -r c, -R abc, -l len, -b buflen: the rest of the word, or the next word.
      const valueWord = j + 1 < v.length ? args[i]! : args[++i];
      const value = j + 1 < v.length ? v.slice(j + 1) : valueWord?.value;
      if (letter === "l" && value !== undefined)
        out.lineLength = { value: Number.parseInt(value, 10) || SVLOGD_DEFAULTS.lineLength, word: args[i]! };
      if (letter === "b" && value !== undefined)
        out.bufferLength = { value: Number.parseInt(value, 10) || SVLOGD_DEFAULTS.bufferLength, word: args[i]! };
      break;
    }
  }
  for (; i < args.length; i++) {
    if (args[i]!.value === undefined) out.dynamic = true;
    out.directories.push(args[i]!);
  }
  return out;
}

export interface ConfigIssue {
  line: number;
  id: string;
  data: Record<string, string | number>;
}

/** svlogd's DIR/config: one setting per line by its first character; others are silently ignored. */
export function readSvlogdConfig(config: string): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  let n: { value: number; line: number } | undefined;
  let N: { value: number; line: number } | undefined;
  config.split("\n").forEach((raw, idx) => {
    const line = idx + 1;
    const l = raw.replace(/\r$/, "");
    if (l === "" || l.startsWith("#")) return;
    const c = l[0]!;
    if ("+-eE!uUp".includes(c)) return;
    if ("snNt".includes(c)) {
      // svlogd reads the digits after the letter and ignores the rest: `s10M` is 10 bytes.
      const m = /^.(\d*)(.*)$/s.exec(l)!;
      if (m[1] === "" || m[2]!.trim() !== "") {
        issues.push({
          line,
          id: "configNumber",
          data: { setting: l.slice(0, 40), letter: c, read: `${c}${m[1] || 0}` },
        });
        return;
      }
      if (c === "n") n = { value: Number(m[1]), line };
      if (c === "N") N = { value: Number(m[1]), line };
      return;
    }
    issues.push({ line, id: "configUnknown", data: { setting: l.slice(0, 40) } });
  });
  const max = n?.value ?? 10;
  if (N && max !== 0 && N.value >= max)
    issues.push({ line: N.line, id: "configMinOverMax", data: { min: N.value, max } });
  return issues;
}

/** The directories a logger writes to, and whether it creates their last component itself. */
export function loggerDirectories(p: Program): { dirs: Word[]; createsLast: boolean } | undefined {
  if (p.name === "multilog") return { dirs: readMultilogScript(p.args).directories, createsLast: true };
  if (p.name === "s6-log") return { dirs: readS6LogScript(s6LogScriptWords(p.args)).directories, createsLast: true };
  if (p.name === "svlogd") return { dirs: readSvlogdArgs(p.args).directories, createsLast: false };
  return undefined;
}

export interface LoggerCall {
  /** multilog, svlogd or s6-log. */
  program: Program & { name: string };
  dirs: Word[];
  createsLast: boolean;
  /** A program of the chain switches accounts. */
  drops: boolean;
  /** The account it switches to, when written out. */
  account: { name: string; word: Word } | undefined;
  /** The account as written (`log`, `"$LOGUSER"`), for messages; empty without a switch. */
  accountText: string;
}

/** The logger a command starts, with its directories and the account it runs as. */
export function loggerCall(cmd: Command): LoggerCall | undefined {
  const chain = execChain(cmd);
  const p = finalProgram(chain);
  const logger = p && loggerDirectories(p);
  if (!p || !logger) return undefined;
  const dropper = chain.find(dropsPrivileges);
  const u = dropper?.options.get("u");
  const accountText = (u && u !== true ? u.text : dropper?.operands[0]?.text) ?? "";
  return {
    program: p as Program & { name: string },
    ...logger,
    drops: dropper !== undefined,
    account: chainAccount(chain),
    accountText,
  };
}
