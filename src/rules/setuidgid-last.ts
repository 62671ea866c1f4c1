// A chain-loader that needs root (envdir on a private dir, setlock, chpst -e/-u, another
// setuidgid…) placed after the program that dropped root fails with "access denied" (exit 111).
import * as posix from "node:path/posix";
import { defineRule, type RuleContext } from "../engine/rule.js";
import { dropsPrivileges, execChain, needsRoot } from "../model/chains.js";
import { type Program } from "../model/model.js";
import type { Word } from "../model/model.js";
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

export default defineRule({
  meta: {
    id: "setuidgid-last",
    type: "problem",
    severity: "error",
    docs: {
      severities: "error / info",
      description: "Require programs that need root to run before the privilege drop in a chain",
    },
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
      command(cmd) {
        const chain = execChain(cmd);
        let dropper: Program | undefined;
        for (const p of chain) {
          if (dropper && needsRoot(p)) {
            const account = dropper.options.get("u");
            const dir = envDirOf(p);
            const known = dir === undefined ? true : privateDir(dir, context);
            if (known === false) continue;
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
            });
          }
          if (!dropper && dropsPrivileges(p)) dropper = p;
        }
      },
    };
  },
});
