// Redirections apply left to right: `cmd 2>&1 >file` sends stderr to the old stdout (the log
// pipe), not to the file. And nothing after the final `exec prog` runs, so an `exec 2>&1`
// placed there never sends stderr to the log.
//
// `cmd 2>&1 >/dev/null` is the deliberate way to keep errors and drop chatter (earlyoom,
// `postgres --single`, execline's `fdmove -c 2 1 redirfd -w 1 /dev/null`): only a real file as
// the later target is reported. A copy that changes nothing (stderr already is stdout, after a
// top-level `exec 2>&1`) is not reported either. Both languages give the same redirect lists
// (execline's fdmove is `TO>&FROM`, redirfd `FD>FILE`), so one walk judges both.
import { defineRule } from "../engine/rule.js";
import { dupTarget, type Command, type Redirect } from "../model/model.js";

function isFileWrite(r: Redirect): boolean {
  return r.op === ">" || r.op === ">>" || r.op === ">|" || r.op === "<>";
}

/**
 * A write to a real file: a known path outside /dev and /proc (`/dev/null`, `/dev/stdout`,
 * `/proc/self/fd/1` are not files the author meant both streams to reach).
 */
function realFile(r: Redirect): string | undefined {
  if (!isFileWrite(r) || !r.target) return undefined;
  const v = r.target.value;
  if (v === undefined || v === "" || /^\/(dev|proc)\//.test(v)) return undefined;
  return v;
}

const STREAM: Record<number, string> = { 0: "stdin", 1: "stdout", 2: "stderr" };
const stream = (fd: number): string => STREAM[fd] ?? `descriptor ${fd}`;

/** What each descriptor points to, as labels: two descriptors with one label are one stream. */
type Fds = Map<number, string>;

/** Applies one redirect to the descriptor table; a redirect's own position names what it opens. */
function apply(fds: Fds, r: Redirect): void {
  const to = dupTarget(r);
  const opened = `@${r.node.startIndex}`;
  if (to !== undefined) fds.set(r.fd, fds.get(to) ?? `fd${to}`);
  else if (r.op === ">&" || r.op === "<&") fds.set(r.fd, `closed${opened}`);
  else if (r.op === "&>" || r.op === "&>>") {
    fds.set(1, `file${opened}`);
    fds.set(2, `file${opened}`);
  } else fds.set(r.fd, `file${opened}`);
}

export default defineRule({
  meta: {
    id: "stderr-redirect-order",
    type: "problem",
    severity: "error",
    docs: {
      description: "Require stderr redirections to come where they take effect: before the final exec, after >file",
    },
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
        // The descriptors as the script's own top-level `exec` redirections leave them.
        const shellFds: Fds = new Map([
          [1, "stdout"],
          [2, "stderr"],
        ]);
        for (const cmd of script.model.commands) {
          if (!cmd.inSubstitution && !cmd.feedsPipe) {
            // An `exec` without a program applies to the shell itself: its effect carries on, so
            // start from the table before it and commit after.
            const start: Fds =
              script.model.language === "shell"
                ? new Map(shellFds)
                : new Map([
                    [1, "stdout"],
                    [2, "stderr"],
                  ]);
            const rs = cmd.redirects;
            rs.forEach((r, i) => {
              const to = dupTarget(r);
              const before = start.get(r.fd);
              apply(start, r);
              if (to === undefined || to === r.fd) return;
              // A copy that changes nothing (`exec 2>&1` came first): no finding.
              if (before !== undefined && before === start.get(r.fd)) return;
              const later = rs.slice(i + 1);
              const j = later.findIndex((l) => l.fd === to && isFileWrite(l));
              if (j === -1) return;
              // The copy was redirected again in between (`2>&1 2>err >out`): not this mistake.
              if (later.slice(0, j).some((l) => l.fd === r.fd || l.op === "&>" || l.op === "&>>")) return;
              const dest = realFile(later[j]!);
              if (dest === undefined) return;
              context.report({
                node: r.node,
                messageId: "beforeFile",
                data: { dup: r.node.text, file: later[j]!.node.text, stream: stream(r.fd), target: stream(to), dest },
              });
            });
          }
          if (!cmd.topLevel || cmd.name?.value !== "exec") continue;
          if (cmd.args.length > 0) {
            finalExec ??= cmd;
            continue;
          }
          for (const r of cmd.redirects) apply(shellFds, r);
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
    };
  },
});
