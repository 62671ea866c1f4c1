// A supervised daemon must stay in the foreground. One that forks exits at once as far as the
// supervisor can tell: it is restarted in a loop while the forked copy runs unsupervised. Which
// daemons fork, and which options stop them, is the table in src/shell/daemons.ts.
import { defineRule } from "../engine/rule.js";
import { execChain, finalProgram } from "../shell/chainloaders.js";
import { daemonEntry, hasOption, type OptionMatch } from "../shell/daemons.js";

const show = (m: OptionMatch): string => (typeof m === "string" ? m : `${m.option} '${m.contains};'`);

export default defineRule({
  meta: {
    id: "foreground-daemon",
    type: "problem",
    severity: "error",
    docs: { description: "Require daemons started by run to stay in the foreground, with their no-fork option" },
    messages: {
      daemonizes:
        "`{{program}}` is started with `{{option}}`, which makes it fork into the background: the supervisor sees it exit " +
        "and restarts it in a loop while the forked copy runs unsupervised. Write `{{fix}}` ({{manual}}).",
      forks:
        "`{{program}}` forks into the background unless started with {{options}}: the supervisor sees it exit and " +
        "restarts it in a loop while the forked copy runs unsupervised. Write `{{fix}}` ({{manual}}).",
      config:
        "`{{program}}` forks when its config file says so (the usual one does), unless started with {{options}}: then " +
        "the supervisor restarts it in a loop. Write `{{fix}}`, or make sure the config keeps it in the foreground ({{manual}}).",
    },
  },
  create(context) {
    return {
      command(cmd, script) {
        if (script.rel !== "run" || cmd.inSubstitution) return;
        // Only the command that becomes the service: an `exec`, execline's main chain, or the
        // script's last statement. Earlier calls are checks (`proftpd --configtest`, `nginx -t`).
        const last = script.model.lastStatement;
        const startsService =
          cmd.name?.value === "exec" ||
          (script.model.language === "execline" && cmd.topLevel) ||
          (last !== undefined && cmd.statement.endIndex === last.endIndex);
        if (!startsService) return;
        const p = finalProgram(execChain(cmd));
        const entry = p?.name === undefined ? undefined : daemonEntry(p.name);
        if (!p || !entry) return;
        const args = p.args.map((w) => w.value);
        // Run-time words (`$DAEMON_OPTS`) may hold the option: not judged.
        const dynamic = args.includes(undefined);
        const data = { program: p.name!, fix: entry.fix, manual: entry.manual, options: (entry.foreground ?? []).map((m) => `\`${show(m)}\``).join(" or ") };
        const bad = entry.daemonize?.find((m) => hasOption(args, m));
        if (bad) {
          context.report({ node: p.word.node, messageId: "daemonizes", data: { ...data, option: show(bad) } });
          return;
        }
        if (dynamic || entry.foreground?.some((m) => hasOption(args, m))) return;
        if (entry.default === "forks") context.report({ node: p.word.node, messageId: "forks", data });
        else if (entry.default === "config") {
          // redis-server reads a config file only when it is the first argument.
          const namesConfig = !entry.configOperand || (args[0] !== undefined && !args[0].startsWith("-"));
          if (namesConfig) context.report({ node: p.word.node, messageId: "config", severity: "warning", data });
        }
      },
    };
  },
});
