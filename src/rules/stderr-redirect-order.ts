// Redirections apply left to right: `cmd 2>&1 >file` sends stderr to the old stdout (the log
// pipe), not to the file. And nothing after the final `exec prog` runs, so an `exec 2>&1`
// placed there never sends stderr to the log.
import { defineRule } from "../engine/rule.js";
import { dupTarget, type Command, type Redirect } from "../shell/model.js";


function isFileWrite(r: Redirect): boolean {
  return (r.op === ">" || r.op === ">>" || r.op === ">|") && r.target !== undefined;
}

const STREAM: Record<number, string> = { 0: "stdin", 1: "stdout", 2: "stderr" };
const stream = (fd: number): string => STREAM[fd] ?? `descriptor ${fd}`;

export default defineRule({
  meta: {
    id: "stderr-redirect-order",
    type: "problem",
    severity: "error",
    docs: { description: "Require stderr redirections to come where they take effect: before the final exec, after >file" },
    messages: {
      afterExec:
        "`{{redirect}}` comes after `exec {{program}} …` on line {{line}}, which replaces the shell: it never runs, so " +
        "{{stream}} is never redirected. Move `{{redirect}}` above line {{line}}.",
      beforeFile:
        "`{{dup}}` is applied before `{{file}}`: redirections apply left to right, so {{stream}} goes where {{target}} " +
        "pointed before (the log pipe), not to {{dest}}. Write `{{file}} {{dup}}`.",
    },
  },
  create(context) {
    return {
      script(script) {
        let finalExec: Command | undefined;
        for (const cmd of script.model.commands) {
          if (!cmd.topLevel || cmd.name?.value !== "exec") continue;
          if (cmd.args.length > 0) {
            finalExec ??= cmd;
            continue;
          }
          if (!finalExec) continue;
          for (const r of cmd.redirects) {
            const to = dupTarget(r);
            if ((r.fd === 2 && to === 1) || (r.fd === 1 && to === 2)) {
              context.report({
                node: cmd.statement,
                messageId: "afterExec",
                data: {
                  redirect: cmd.statement.text,
                  program: finalExec.args[0]?.text ?? "",
                  line: finalExec.node.startPosition.row + 1,
                  stream: stream(r.fd),
                },
              });
            }
          }
        }
      },
      command(cmd) {
        // `cmd 2>&1 >/dev/null | grep` is the deliberate way to pipe stderr alone.
        if (cmd.feedsPipe) return;
        const rs = cmd.redirects;
        rs.forEach((r, i) => {
          const to = dupTarget(r);
          if (to === undefined || to === r.fd) return;
          const later = rs.slice(i + 1).find((l) => l.fd === to && isFileWrite(l));
          if (!later) return;
          context.report({
            node: r.node,
            messageId: "beforeFile",
            data: {
              dup: r.node.text,
              file: later.node.text,
              stream: stream(r.fd),
              target: stream(to),
              dest: later.target!.text,
            },
          });
        });
      },
    };
  },
});
