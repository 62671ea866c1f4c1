// Redirections apply left to right: `cmd 2>&1 >file` sends stderr to the old stdout (the log
// pipe), not to the file. And nothing after the final `exec prog` runs, so an `exec 2>&1`
// placed there never sends stderr to the log.
//
// `cmd 2>&1 >/dev/null` is the deliberate way to keep errors and drop chatter (earlyoom,
// `postgres --single`, execline's `fdmove -c 2 1 redirfd -w 1 /dev/null`): only a real file as
// the later target is reported. A copy that changes nothing (stderr already is stdout, after a
// top-level `exec 2>&1`) is not reported either. Both languages give the same redirect lists
// (execline's fdmove is `TO>&FROM`, redirfd `FD>FILE`), so one walk judges both.
import { defineRule, type Edit, type FixDescriptor } from "../engine/rule.js";
import { aboveComments, lineStart } from "../fix/edits.js";
import { dupTarget, type Command, type Redirect, type SourceNode } from "../model/model.js";
import { effectiveKind } from "../service.js";

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

/**
 * Edits that move `stmt` (with a comment after it) to a line of its own above `finalExec` and the
 * comments over it, with that exec's indentation and the file's line break; undefined when either
 * shares its line with another statement.
 */
function moveAbove(
  text: string,
  comments: ReadonlySet<number>,
  stmt: SourceNode,
  finalExec: SourceNode,
): Edit[] | undefined {
  const line = lineStart(text, finalExec.startIndex);
  const indent = text.slice(line, finalExec.startIndex);
  const to = aboveComments(text, line, comments);
  const from = lineStart(text, stmt.startIndex);
  if (!/^[ \t]*$/.test(indent) || !/^[ \t]*$/.test(text.slice(from, stmt.startIndex))) return undefined;
  const nl = text.indexOf("\n", stmt.endIndex);
  const lineEnd = nl === -1 ? text.length : nl;
  if (!/^[ \t]*(#.*)?\r?$/.test(text.slice(stmt.endIndex, lineEnd))) return undefined;
  const eol = text[from - 2] === "\r" ? "\r\n" : "\n";
  return [
    { range: [to, to], text: `${indent}${text.slice(stmt.startIndex, lineEnd).trimEnd()}${eol}` },
    // The line goes with its line break, or with the one before it when it ends the file without one.
    nl === -1 ? { range: [from - eol.length, text.length], text: "" } : { range: [from, nl + 1], text: "" },
  ];
}

/**
 * The fix for `2>&1 >FILE`: the two written the other way round, when nothing but blanks lies
 * between them. Unsafe: with a real file, stderr to the log and stdout to the file may be meant.
 * execline's `fdmove 2 1` (no -c) moves the descriptor: after `redirfd -w 1 FILE` it would close
 * stdout, so only the copy is swapped.
 */
function swapFix(text: string, execline: boolean, dup: Redirect, file: Redirect): FixDescriptor | undefined {
  const between = text.slice(dup.node.endIndex, file.node.startIndex);
  if (!(execline ? /^\s+$/ : /^([ \t]|\\\r?\n)+$/).test(between)) return undefined;
  if (execline && !/^fdmove\s+-c\s+\d+\s+\d+$/.test(dup.node.text)) return undefined;
  return {
    edits: { range: [dup.node.startIndex, file.node.endIndex], text: `${file.node.text}${between}${dup.node.text}` },
    applicability: "unsafe",
  };
}

export default defineRule({
  meta: {
    id: "stderr-redirect-order",
    type: "problem",
    severity: "error",
    docs: {
      description: "Require stderr redirections to come where they take effect: before the final exec, after >file",
    },
    fixable: "code",
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
    const hasLogger =
      effectiveKind(context.service.entries.get("log")) === "dir" || context.service.s6rc?.producerFor !== undefined;
    return {
      script(script) {
        // The file's own text: the model's may have `<>` blanked for the parser.
        const text = script.file.text ?? script.model.text;
        const execline = script.model.language === "execline";
        // In a script the parser could not read whole, what an edit leaves is not certain.
        const fixable = script.model.parseProblems.length === 0;
        let finalExec: Command | undefined;
        // The descriptors as the script's own top-level `exec` redirections leave them.
        const shellFds: Fds = new Map([
          [1, "stdout"],
          [2, "stderr"],
        ]);
        /**
         * The fix for an `exec` with redirections after the final exec: move it above. Safe when it
         * only joins the two streams: it was written to take effect. Not `exec 1>&2` in a run whose
         * service has a logger: it would take stdout away from the logger. Unsafe when it also
         * redirects elsewhere (`exec >FILE 2>&1`), output that has never gone there.
         */
        const moveFix = (cmd: Command, final: Command): FixDescriptor | undefined => {
          const joins = cmd.redirects.map((r) => {
            const to = dupTarget(r);
            return r.fd === 2 && to === 1 ? "err" : r.fd === 1 && to === 2 ? "out" : "other";
          });
          if (joins.includes("out") && script.rel === "run" && hasLogger) return undefined;
          const comments = new Set(script.model.comments.map((c) => c.node.startIndex));
          const edits = moveAbove(text, comments, cmd.statement, final.statement);
          if (!edits) return undefined;
          return { edits, applicability: joins.includes("other") ? "unsafe" : "safe" };
        };
        /**
         * Whether `cmd`'s redirections decide what run's logger receives: a top-level `exec`, the
         * last statement, execline's chain. There `2>&1 >FILE` may mean errors to the log and the
         * rest to FILE, and swapped the logger would receive nothing.
         */
        const last = script.model.lastStatement;
        const feedsLogger = (cmd: Command): boolean =>
          script.rel === "run" &&
          hasLogger &&
          ((cmd.topLevel && (execline || cmd.name?.value === "exec")) ||
            (last !== undefined && cmd.node.startIndex >= last.startIndex && cmd.node.endIndex <= last.endIndex));
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
              // A later redirection of either descriptor (`2>&1 >>FILE >f`) would make the swap wrong again.
              const fix =
                fixable &&
                j === 0 &&
                !feedsLogger(cmd) &&
                !later.slice(1).some((l) => l.fd === r.fd || l.fd === to || l.op === "&>" || l.op === "&>>")
                  ? swapFix(text, execline, r, later[0]!)
                  : undefined;
              context.report({
                node: r.node,
                messageId: "beforeFile",
                ...(fix ? { fix } : {}),
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
          const fix = fixable ? moveFix(cmd, finalExec) : undefined;
          for (const r of cmd.redirects) {
            const to = dupTarget(r);
            if ((r.fd === 2 && to === 1) || (r.fd === 1 && to === 2)) {
              context.report({
                node: cmd.statement,
                messageId: "afterExec",
                ...(fix ? { fix } : {}),
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
