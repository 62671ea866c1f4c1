// The logger parses everything the service prints and runs its processors (`!cmd`); there is
// no reason for it to do that as root. Each suite's idiom drops privileges before the logger.
//
// A switch to root (`chpst -u root`) drops nothing, nor does envuidgid (it only sets $UID/$GID).
// A per-user tree already runs as its user: nothing to drop. In an image or appliance where every
// process runs as root (containers, s6-overlay) a root logger is one choice of the whole
// deployment, not a fault of this service: reported at info.
import { defineRule, type Edit, type RuleContext, type SuggestionDescriptor } from "../engine/rule.js";
import { dropsPrivileges, execChain, finalProgram, switchesToRoot } from "../model/chains.js";
import { LOGGERS } from "../knowledge/chainloaders.js";
import { loggerDirectories } from "../knowledge/loggers.js";
import { idioms } from "../knowledge/supervisors.js";
import { ownerChanges, pathKey } from "../model/fileops.js";
import type { Command, Program, Script } from "../model/model.js";
import { joined, ownable, quote, runBefore } from "../fix/edits.js";

/** Deployments whose processes all run as root by design. */
const ALL_ROOT = new Set(["container", "s6-overlay-v2", "s6-overlay-v3", "appliance"]);

/** A log directory in a user's home or XDG base directories (set only in a user's session): the tree is that user's own. */
const IN_HOME = /^(~|\$\{?(HOME|XDG_[A-Z_]+)\}?(\/|$)|\/home\/[^/]+\/)/;

/** `"$LOGDIR"` where the script set `LOGDIR="$HOME/…"`: a log directory in a home. */
function inHomeVariable(word: string, text: string): boolean {
  const name = /^"?\$\{?([A-Za-z_]\w*)\}?/.exec(word)?.[1];
  if (!name) return false;
  return new RegExp(`(^|[\\s;])${name}=["']?(~|\\$\\{?(HOME|XDG_[A-Z_]+)\\}?(/|["']|$)|/home/)`, "m").test(text);
}

/** How each logger's own suite drops privileges: the tool is installed wherever the logger is. */
const DROP: Record<string, (account: string) => string[]> = {
  multilog: (a) => ["setuidgid", a],
  svlogd: (a) => ["chpst", "-u", a],
  "s6-log": (a) => ["s6-setuidgid", a],
};

/**
 * Suggestions to run the logger `p` of `cmd` as an unprivileged account that the passwd database
 * has: the account the script already gives the logger's directories, else the conventional `log`
 * (and Debian's `_runit-log` for svlogd). Not `nobody`: it must own no files, and a logger owns
 * its directory. Each drops privileges just before the logger and, unless the script already
 * gives it the directories, makes them and gives them to it first (`chown -R`: the root logger's
 * `current`, `state` and `lock` are in them).
 */
function suggestionsFor(context: RuleContext, script: Script, cmd: Command, p: Program): SuggestionDescriptor[] {
  const names = context.accounts()?.names;
  const drop = p.name === undefined ? undefined : DROP[p.name];
  const dirWords = loggerDirectories(p)?.dirs;
  // `multilog t "$LOGDIR"`: the directory the account must own is known at run time only.
  if (!names || !drop || !dirWords || p.args.some((w) => w.value === undefined)) return [];
  const dirs = [...new Set(dirWords.map(pathKey))];
  if (!dirs.every(ownable)) return [];
  const owners = script.model.commands
    .filter((c) => c.node.startIndex < p.word.node.startIndex)
    .flatMap(ownerChanges)
    .filter((o) => o.user !== undefined && o.paths.some((w) => dirs.includes(pathKey(w))));
  const candidates =
    owners.length > 0 ? owners.map((o) => o.user!) : ["log", ...(p.name === "svlogd" ? ["_runit-log"] : [])];
  const execline = script.model.language === "execline";
  const chain = execChain(cmd);
  const before = chain[chain.length - 2];
  // `chpst -e ./env svlogd`: chpst reads ./env as root whatever the order, so `-u` joins it.
  const joinChpst = p.name === "svlogd" && before?.name === "chpst" && !before.options.has("u");
  const out: SuggestionDescriptor[] = [];
  for (const account of new Set(candidates)) {
    if (account === "root" || /^\d+$/.test(account) || !names.has(account)) continue;
    const dropWords = (joinChpst ? ["-u", account] : drop(account)).map((w) => quote(w, execline));
    if (dropWords.some((w) => w === undefined)) continue;
    const at = joinChpst ? before.word.node.endIndex : p.word.node.startIndex;
    const dropText = dropWords.join(" ");
    const edits: Edit[] = [{ range: [at, at], text: joinChpst ? " " + dropText : dropText + " " }];
    const owned = dirs.every((d) => owners.some((o) => o.user === account && o.paths.some((w) => pathKey(w) === d)));
    const commands = [
      ["mkdir", "-p", ...dirs],
      ["chown", "-R", account, ...dirs],
    ];
    let after = "";
    if (dirs.length > 0 && !owned) {
      const make = runBefore(script, cmd, commands);
      if (!make) continue;
      edits.unshift(make);
      const shown = commands.map((c) => (execline ? `\`if { ${c.join(" ")} }\`` : `\`${c.join(" ")}\``));
      after = `, after ${shown.join(" and ")}`;
    }
    const merged = joined(edits);
    if (!merged) continue;
    // The chain as it will read, for the description.
    const words = (q: Program): string[] => [q.word, ...q.args].map((w) => w.text);
    const line = [
      ...(!execline && cmd.name?.value === "exec" ? ["exec"] : []),
      ...chain.slice(0, joinChpst ? -2 : -1).flatMap(words),
      ...(joinChpst ? [before.word.text, ...dropWords, ...before.args.map((w) => w.text)] : dropWords),
      ...words(p),
    ].join(" ");
    out.push({ desc: `Run ${p.name} as \`${account}\`: \`${line}\`${after}`, edits: merged });
  }
  return out;
}

export default defineRule({
  meta: {
    id: "logger-privileges",
    type: "problem",
    severity: "warning",
    docs: {
      severities: "warning / info",
      description: "Require the logger (multilog, svlogd, s6-log) to run as an unprivileged account, not root",
    },
    hasSuggestions: true,
    messages: {
      asRoot:
        "`{{logger}}` runs as root: it parses everything the service prints and runs its processors with full " +
        "privileges, and its files end up owned by root. Drop privileges first, e.g. `{{fix}}`, with the log " +
        "directory owned by that account.",
      asRootChosen:
        "`{{logger}}` runs as root because this script names root (`{{switch}}`): it parses everything the service prints " +
        "with full privileges. If that is not deliberate, name an unprivileged account, e.g. `{{fix}}`, and give it the log directory.",
      asRootInImage:
        "`{{logger}}` runs as root, as every process of this {{deployment}} does. If its services are meant to " +
        "drop privileges, start it with `{{fix}}` and give that account the log directory.",
    },
  },
  create(context) {
    const kind = context.deployment.kind;
    return {
      script(script) {
        if (!script.isLogger || script.rel !== "log/run") return;
        // A user's own supervision tree runs as that user already.
        if (kind === "per-user") return;
        // A service config log/run sources (`. ../conf`) that puts the logs in a home: a user's tree.
        // Read only when there is a root logger to report.
        const userConf = (): boolean =>
          /(^|[\s;&|])\.\s+\.\.\/conf\b/m.test(script.model.text) &&
          /\$\{?(HOME|XDG_[A-Z_]+)\b/.test(context.readText("conf") ?? "");
        // An earlier `exec chpst -u log` style line with no program (rare) does not count: exec with
        // only options cannot change the account.
        for (const cmd of script.model.commands) {
          if (cmd.inSubstitution) continue;
          const chain = execChain(cmd);
          const p = finalProgram(chain);
          if (!p?.name || !LOGGERS.has(p.name) || chain.some(dropsPrivileges)) continue;
          // Any argument, not only the directories the reader recognised: `$HOME/log` is not static.
          if (
            p.args.some(
              (w) => IN_HOME.test(w.value ?? w.text.replace(/^["']/, "")) || inHomeVariable(w.text, script.model.text),
            ) ||
            userConf()
          )
            continue;
          const fix = idioms(context.supervisor).logger;
          // `chpst -u root`, `USER=root … chpst -u $USER`: root chosen in writing, a knob left at root.
          const chosen = chain.find((q) => q.loader?.drops !== undefined && switchesToRoot(q));
          if (chosen) {
            const words = [chosen.word, ...chosen.args].map((w) => w.text);
            context.report({
              node: p.word.node,
              messageId: "asRootChosen",
              severity: "info",
              data: { logger: p.name, fix, switch: words.slice(0, 3).join(" ") },
            });
          } else if (ALL_ROOT.has(kind)) {
            const deployment =
              kind === "container" ? "container image" : kind === "appliance" ? "appliance" : "s6-overlay image";
            context.report({
              node: p.word.node,
              messageId: "asRootInImage",
              severity: "info",
              data: { logger: p.name, fix, deployment },
            });
          } else {
            // Only here: root written out is a choice to change where it is written, and an image's
            // accounts are not this machine's.
            const suggest = suggestionsFor(context, script, cmd, p);
            context.report({
              node: p.word.node,
              messageId: "asRoot",
              data: { logger: p.name, fix },
              ...(suggest.length > 0 ? { suggest } : {}),
            });
          }
        }
      },
    };
  },
});
