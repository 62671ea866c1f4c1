// A chain-loader that needs root (envdir on a private dir, setlock, chpst -e/-u, another
// setuidgid…) placed after the program that dropped root fails with "access denied" (exit 111).
import * as posix from "node:path/posix";
import { defineRule, type FixDescriptor, type RuleContext } from "../engine/rule.js";
import { dropsPrivileges, execChain, needsRoot } from "../model/chains.js";
import type { Program, Script, Word } from "../model/model.js";
import { effectiveKind, effectiveMode } from "../service.js";

/** The env directory a program reads, when that is why it needs root. */
function envDirOf(p: Program): Word | undefined {
  if (p.name === "envdir" || p.name === "s6-envdir") return p.operands[0];
  const e = p.name === "chpst" ? p.options.get("e") : undefined;
  return e && e !== true ? e : undefined;
}

/**
 * Whether an env dir read after the drop is known to be private, so reading it fails: the
 * service's own directory (where secrets belong) unless its mode, read in a live tree, lets
 * everyone in. Undefined when the tree cannot say (a shared dir elsewhere, a run-time word).
 */
function privateDir(dir: Word, context: RuleContext): boolean | undefined {
  const v = dir.value;
  if (v === undefined || posix.isAbsolute(v)) return undefined;
  const rel = posix.normalize(v).replace(/\/+$/, "");
  if (rel.startsWith("..")) return undefined;
  const e = context.service.entries.get(rel);
  if (context.service.where === "live" && e && effectiveKind(e) === "dir") {
    // Others may list and enter it: envdir as any account reads it (0755 is common).
    return ((effectiveMode(e) ?? 0) & 0o005) !== 0o005;
  }
  return true;
}

function invocation(p: Program): string {
  return [p.word.text, ...p.args.map((a) => a.text)].join(" ");
}

/**
 * Programs the fix may move when they need root: they only read a directory or a lock, or set
 * variables, so running them before the drop changes nothing else. With the options a program may
 * carry (undefined: any); chpst's -/ (chroot: the drop would run inside the new root) and -b (it
 * names the next program) and -u (a second drop) tie it to its place.
 */
const MOVABLE: Readonly<Record<string, string | undefined>> = {
  envdir: undefined,
  envuidgid: undefined,
  setlock: undefined,
  "s6-envdir": undefined,
  "s6-envuidgid": undefined,
  "s6-setlock": undefined,
  chpst: "eUnmdofcrtvP012lLC",
};

/**
 * The dropper's options that leave the order free (undefined: any). chpst's -e, -/ and -C, like
 * runuser's -l, change what the moved program would read (its environment, root or directory).
 */
const DROPPER_OPTIONS: Readonly<Record<string, readonly string[] | undefined>> = {
  setuidgid: [],
  "s6-setuidgid": [],
  "su-exec": [],
  gosu: [],
  chpst: ["u", "U", "n", "m", "d", "o", "p", "f", "c", "r", "t", "v", "P", "0", "1", "2"],
  runuser: ["u", "--user", "g", "--group", "G", "--supp-group"],
  "s6-applyuidgid": undefined,
  tcpsvd: undefined,
  udpsvd: undefined,
};

/** Programs between the drop and the moved one that do not care which runs first (limits, priority, descriptors). */
const ORDER_FREE = new Set([
  "softlimit",
  "s6-softlimit",
  "nice",
  "ionice",
  "pgrphack",
  "fghack",
  "setsid",
  "s6-setsid",
  "nohup",
  "stdbuf",
  "fdmove",
]);

/** Whether the program switches accounts by itself (as a drop, or tcpserver's -u/-g after binding), root or not. */
function switches(p: Program): boolean {
  const d = p.loader?.drops;
  if (d === true || (d && d.some((o) => p.options.has(o)))) return true;
  return p.name === "tcpserver" && ["u", "g", "U"].some((o) => p.options.has(o));
}

const allowed = (options: ReadonlyMap<string, unknown>, ok: Iterable<string> | undefined): boolean => {
  if (ok === undefined) return true;
  const set = new Set(ok);
  return [...options.keys()].every((o) => set.has(o));
};

/**
 * The fix that moves chain[at] (with its arguments) to just before the drop chain[drop], keeping
 * the text between them as it is: `setuidgid app envdir ./env app` → `envdir ./env setuidgid app app`.
 * Undefined when the order is not free (see the tables above) or something other than blanks
 * lies between the words (a redirection, a comment, an execline builtin or block).
 */
function moveBeforeDrop(chain: Program[], drop: number, at: number, script: Script): FixDescriptor | undefined {
  const dropper = chain[drop]!;
  const p = chain[at]!;
  if (chain.filter(switches).length !== 1) return undefined;
  const dropName = dropper.name ?? "";
  if (!(dropName in DROPPER_OPTIONS) || !allowed(dropper.options, DROPPER_OPTIONS[dropName])) return undefined;
  if (p.name === undefined || !(p.name in MOVABLE) || !allowed(p.options, MOVABLE[p.name])) return undefined;
  if (chain.slice(drop + 1, at).some((q) => !ORDER_FREE.has(q.name ?? ""))) return undefined;
  const words = chain.slice(drop, at + 1).flatMap((q) => [q.word, ...q.args]);
  const text = script.model.text;
  const blank = script.model.language === "shell" ? /^(?:[ \t\n]|\\\n)+$/ : /^[ \t\n]+$/;
  for (let i = 1; i < words.length; i++) {
    const gap = text.slice(words[i - 1]!.node.endIndex, words[i]!.node.startIndex);
    if (!blank.test(gap)) return undefined;
  }
  const start = dropper.word.node.startIndex;
  const pStart = p.word.node.startIndex;
  const end = words[words.length - 1]!.node.endIndex;
  // The text before the moved program ends at the last word before it; the blanks after that word stay between the two.
  const before = words[words.indexOf(p.word) - 1]!.node.endIndex;
  const moved = text.slice(pStart, end) + text.slice(before, pStart) + text.slice(start, before);
  return {
    edits: { range: [start, end], text: moved },
    // tcpsvd runs its child for each connection: moved before it, the program runs once, at start.
    ...(dropper.name === "tcpsvd" || dropper.name === "udpsvd" ? { applicability: "unsafe" as const } : {}),
  };
}

export default defineRule({
  meta: {
    id: "setuidgid-last",
    type: "problem",
    severity: "error",
    docs: {
      severities: "error / info",
      description: "Require programs that need root to run before the privilege drop in a chain",
    },
    fixable: "code",
    messages: {
      afterDrop:
        "`{{program}}` runs after `{{dropper}}` has dropped root, but it {{why}}; as `{{account}}` it fails. " +
        "Put it before the drop: `{{fixed}} …`.",
      sharedEnvDir:
        "`{{program}} {{dir}}` runs after `{{dropper}}` has dropped root: if `{{dir}}` is private to root (as env " +
        "dirs holding secrets should be), it fails as `{{account}}`; it works only while the directory is readable " +
        "by everyone. Put it before the drop: `{{fixed}} …`.",
    },
  },
  create(context) {
    return {
      command(cmd, script) {
        const chain = execChain(cmd);
        let dropper: Program | undefined;
        let drop = -1;
        for (const [at, p] of chain.entries()) {
          if (dropper && needsRoot(p)) {
            const account = dropper.options.get("u");
            const dir = envDirOf(p);
            const known = dir === undefined ? true : privateDir(dir, context);
            if (known === false) continue;
            const fix = moveBeforeDrop(chain, drop, at, script);
            context.report({
              node: p.word.node,
              messageId: known ? "afterDrop" : "sharedEnvDir",
              // A shared dir is a risk to name, not a failure to claim (skarnet's /etc/env-network is world-readable on purpose).
              ...(known ? {} : { certainty: "conditional" as const, severity: "info" as const }),
              data: {
                dir: dir?.text ?? "",
                program: p.name ?? p.word.text,
                dropper: dropper.name ?? dropper.word.text,
                why: p.loader?.why ?? "needs root",
                account: (account && account !== true ? account.text : dropper.operands[0]?.text) ?? "the new account",
                fixed: `${invocation(p)} ${invocation(dropper)}`,
              },
              ...(fix ? { fix } : {}),
            });
          }
          if (!dropper && dropsPrivileges(p)) {
            dropper = p;
            drop = at;
          }
        }
      },
    };
  },
});
