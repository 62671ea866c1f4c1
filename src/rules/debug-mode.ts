// A daemon started by run in its debug mode: sshd -d serves one connection and exits, smbd -i one
// client, lighttpd -1 one request, so the supervisor restarts it after each; apache2 -X serves every
// request from one process meant for a debugger. The options and their manuals are the table in
// src/knowledge/debug-modes.ts. Under a per-connection server (tcpserver, tcpsvd) one client per
// process is the point: not reported.
import { defineRule } from "../engine/rule.js";
import { serviceDaemon } from "../model/service-daemon.js";
import { debugModeOf } from "../knowledge/debug-modes.js";

export default defineRule({
  meta: {
    id: "debug-mode",
    type: "problem",
    severity: "warning",
    defaultOff: true,
    docs: {
      description: "Report daemons that run starts in a debug mode unfit for supervision (sshd -d, apache2 -X)",
    },
    messages: {
      debug:
        "`{{program}}` is started with `{{option}}`, its debug mode: {{what}}. Drop `{{option}}` and write `{{fix}}` ({{manual}}).",
    },
  },
  create(context) {
    return {
      command(cmd, script) {
        const p = serviceDaemon(cmd, script, context.service)?.program;
        if (!p) return;
        const found = debugModeOf(
          p.name!,
          p.args.map((w) => w.value),
        );
        if (!found) return;
        const { mode, option } = found;
        context.report({
          node: p.word.node,
          messageId: "debug",
          data: {
            program: p.name!,
            option: typeof option === "string" ? option : `${option.option} ${option.contains}`,
            what: mode.what,
            fix: mode.fix.replace("{program}", p.word.value ?? p.name!),
            manual: mode.manual,
          },
        });
      },
    };
  },
});
