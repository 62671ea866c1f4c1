// The logger parses everything the service prints and runs its processors (`!cmd`); there is
// no reason for it to do that as root. Each suite's idiom drops privileges before the logger.
import { defineRule } from "../engine/rule.js";
import { dropsPrivileges, execChain, finalProgram, LOGGERS } from "../shell/chainloaders.js";
import { idioms } from "../supervisor.js";

export default defineRule({
  meta: {
    id: "logger-privileges",
    type: "problem",
    severity: "warning",
    docs: { description: "Require the logger (multilog, svlogd, s6-log) to run as an unprivileged account, not root" },
    messages: {
      asRoot:
        "`{{logger}}` runs as root: it parses everything the service prints and runs its processors with full " +
        "privileges, and its files end up owned by root. Drop privileges first, e.g. `{{fix}}`, with the log " +
        "directory owned by that account.",
    },
  },
  create(context) {
    return {
      script(script) {
        if (!script.isLogger || script.rel !== "log/run") return;
        // An earlier `exec chpst -u log` style line with no program (rare) does not count: exec with
        // only options cannot change the account.
        for (const cmd of script.model.commands) {
          if (cmd.inSubstitution) continue;
          const chain = execChain(cmd);
          const p = finalProgram(chain);
          if (!p?.name || !LOGGERS.has(p.name) || chain.some(dropsPrivileges)) continue;
          context.report({ node: p.word.node, messageId: "asRoot", data: { logger: p.name, fix: idioms(context.supervisor).logger } });
        }
      },
    };
  },
});
