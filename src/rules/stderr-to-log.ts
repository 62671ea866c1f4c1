// svscan, runsv and s6-svscan pipe only the service's stdout into its logger. Unless run sends
// stderr there too (`exec 2>&1`, execline's `fdmove -c 2 1`), the daemon's error messages go to
// the supervisor's own output, which is often the console or nowhere.
import { defineRule } from "../engine/rule.js";
import { effectiveKind } from "../service.js";
import { dupTarget, type Redirect } from "../shell/model.js";


export default defineRule({
  meta: {
    id: "stderr-to-log",
    type: "problem",
    severity: "warning",
    docs: { description: "Require a service with a logger to send its stderr to the log" },
    messages: {
      noStderr:
        "This service has a logger, but `run` never sends stderr to it: the supervisor pipes only stdout into log/run, " +
        "so error messages go to the supervisor's own output (often nowhere). Add `{{fix}}` before the program starts.",
      stdoutToStderr:
        "`{{redirect}}` sends stdout to stderr, and stderr never reaches the logger: log/run receives nothing. " +
        "Write `{{fix}}` instead.",
    },
  },
  create(context) {
    return {
      script(script) {
        if (script.rel !== "run" || script.model.commands.length === 0) return;
        const hasLogger = effectiveKind(context.service.entries.get("log")) === "dir" || context.service.s6rc?.producerFor !== undefined;
        if (!hasLogger) return;
        const execline = script.model.language === "execline";
        const fix = execline ? "fdmove -c 2 1" : "exec 2>&1";
        let toStderr: Redirect | undefined;
        for (const cmd of script.model.commands) {
          for (const r of cmd.redirects) {
            // Any 2>&1 counts (one in the wrong place is stderr-redirect-order's finding), and so
            // does stderr sent anywhere on purpose (`2>/var/log/app.err`, `&>file`).
            if (r.fd === 2 || r.op === "&>" || r.op === "&>>") return;
            if (r.fd === 1 && dupTarget(r) === 2 && cmd.topLevel) toStderr ??= r;
          }
        }
        if (toStderr) context.report({ node: toStderr.node, messageId: "stdoutToStderr", data: { redirect: toStderr.node.text, fix } });
        else context.report({ file: "run", line: 1, messageId: "noStderr", data: { fix } });
      },
    };
  },
});
