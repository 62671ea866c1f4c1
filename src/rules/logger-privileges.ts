// The logger parses everything the service prints and runs its processors (`!cmd`); there is
// no reason for it to do that as root. Each suite's idiom drops privileges before the logger.
//
// A switch to root (`chpst -u root`) drops nothing, nor does envuidgid (it only sets $UID/$GID).
// A per-user tree already runs as its user: nothing to drop. In an image or appliance where every
// process runs as root (containers, s6-overlay) a root logger is one choice of the whole
// deployment, not a fault of this service: reported at info.
import { defineRule } from "../engine/rule.js";
import { dropsPrivileges, execChain, finalProgram, switchesToRoot } from "../model/chains.js";
import { LOGGERS } from "../knowledge/chainloaders.js";
import { idioms } from "../knowledge/supervisors.js";

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

export default defineRule({
  meta: {
    id: "logger-privileges",
    type: "problem",
    severity: "warning",
    docs: {
      severities: "warning / info",
      description: "Require the logger (multilog, svlogd, s6-log) to run as an unprivileged account, not root",
    },
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
          } else context.report({ node: p.word.node, messageId: "asRoot", data: { logger: p.name, fix } });
        }
      },
    };
  },
});
