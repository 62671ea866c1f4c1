// A daemon whose stdout and stderr both go to /dev/null (`exec daemon >/dev/null 2>&1`, an
// earlier `exec >/dev/null 2>&1`, execline's `redirfd -w 1 /dev/null fdmove -c 2 1`) prints
// into nothing: the message it exits with is lost, and the supervisor restarts it in a loop that
// nothing explains; a logger in log/run receives nothing. Stderr alone to /dev/null, or stdout
// alone, is not this finding. A daemon that logs to syslog or a file of its own (by default or by
// option: knowledge/log-destinations.ts) loses nothing and is not reported.
import { defineRule } from "../engine/rule.js";
import { effectiveKind } from "../service.js";
import { execChain, finalProgram } from "../model/chains.js";
import { configTexts } from "../model/service-daemon.js";
import { dupTarget, type Command, type Redirect, type Script } from "../model/model.js";
import { hasOption } from "../knowledge/daemons.js";
import { ELSEWHERE_OPTIONS, LOG_DESTINATIONS, type LogDestination } from "../knowledge/log-destinations.js";

/** Placeholders that print nothing: a service that only waits. */
const PLACEHOLDERS = new Set(["sleep", "pause", "s6-pause", "true", "false", "tail", "cat"]);

/** Each suite's logger, for the advice. */
const LOGGER = { daemontools: "multilog t ./main", runit: "svlogd -tt ./main", s6: "s6-log t ./main" } as const;

interface Fd {
  /** `null` (/dev/null), `other` (anything else: the pipe, a file, a closed descriptor). */
  to: "null" | "other";
  /** The redirections that sent it there. */
  by: readonly Redirect[];
}

const isWrite = (r: Redirect): boolean => [">", ">>", ">|", "&>", "&>>", "<>"].includes(r.op);

/** Applies one redirection to descriptors 1 and 2. */
function apply(fds: Map<number, Fd>, r: Redirect): void {
  const to = dupTarget(r);
  if (to !== undefined) {
    const from = fds.get(to);
    fds.set(r.fd, from ? { to: from.to, by: [...from.by, r] } : { to: "other", by: [r] });
    return;
  }
  const target: Fd = {
    to: isWrite(r) && r.target?.value === "/dev/null" ? "null" : "other",
    by: [r],
  };
  if (r.op === "&>" || r.op === "&>>") {
    fds.set(1, target);
    fds.set(2, target);
  } else fds.set(r.fd, target);
}

/** The command that becomes the service: the final top-level exec, else the last statement's (shell); the chain (execline). */
function mainCommand(script: Script): Command | undefined {
  const cmds = script.model.commands.filter((c) => !c.inSubstitution && c.topLevel);
  if (script.model.language === "execline") return cmds.find((c) => c.name !== undefined);
  const finalExec = cmds.find((c) => c.name?.value === "exec" && c.args.length > 0);
  if (finalExec) return finalExec;
  const last = script.model.lastStatement;
  const cmd = cmds[cmds.length - 1];
  return cmd && last && cmd.statement.startIndex === last.startIndex && cmd.statement.endIndex === last.endIndex
    ? cmd
    : undefined;
}

/** The config files named on the command line (`--config A:B`, `--config=A`), else the defaults. */
function configPathsOf(config: NonNullable<LogDestination["config"]>, args: readonly string[]): string[] {
  const named: string[] = [];
  args.forEach((a, i) => {
    for (const o of config.options) {
      if (a === o && args[i + 1] !== undefined) named.push(...args[i + 1]!.split(":"));
      else if (a.startsWith(`${o}=`)) named.push(...a.slice(o.length + 1).split(":"));
    }
  });
  return named.length > 0 ? named : [...config.defaults];
}

export default defineRule({
  meta: {
    id: "discarded-output",
    type: "problem",
    severity: "warning",
    defaultOff: true,
    docs: { description: "Report a daemon whose stdout and stderr both go to /dev/null" },
    messages: {
      discarded:
        "`{{program}}`'s stdout and stderr both go to /dev/null ({{how}}), and svlint sees no other log destination on its " +
        "command line: what it prints, such as the error it exits with before the supervisor restarts it, is lost{{logger}}. " +
        "Drop the redirections to /dev/null{{advice}}.",
    },
  },
  create(context) {
    /** Whether a config file the daemon reads, found in the tree, sends its log elsewhere. */
    const configSendsElsewhere = (config: NonNullable<LogDestination["config"]>, args: readonly string[]): boolean =>
      configTexts(configPathsOf(config, args), context).some((f) => config.elsewhere.test(f.text));
    const hasLogger =
      effectiveKind(context.service.entries.get("log")) === "dir" || context.service.s6rc?.producerFor !== undefined;
    return {
      script(script) {
        if (script.rel !== "run") return;
        const main = mainCommand(script);
        if (!main) return;
        const execline = script.model.language === "execline";
        const fds = new Map<number, Fd>([
          [1, { to: "other", by: [] }],
          [2, { to: "other", by: [] }],
        ]);
        // The shell's own `exec >/dev/null 2>&1` before the daemon starts, then the daemon's.
        const applied = execline
          ? []
          : script.model.commands
              .filter(
                (c) =>
                  c.topLevel &&
                  !c.inSubstitution &&
                  c.name?.value === "exec" &&
                  c.args.length === 0 &&
                  c.node.endIndex <= main.node.startIndex,
              )
              .flatMap((c) => c.redirects);
        applied.push(...main.redirects);
        // `&>` is bash's: dash reads `daemon &>/dev/null` as `daemon &` then `>/dev/null`.
        const bash = execline || ["bash", "zsh"].includes(script.shebang.interpreter ?? "");
        if (!bash && applied.some((r) => r.op === "&>" || r.op === "&>>")) return;
        for (const r of applied) apply(fds, r);
        const out = fds.get(1)!;
        const err = fds.get(2)!;
        if (out.to !== "null" || err.to !== "null") return;

        const p = finalProgram(execChain(main));
        // A program named at run time (`$DAEMON`), or options that are (`$OPTS` may hold a syslog flag): not judged.
        if (!p?.name || p.args.some((a) => a.value === undefined)) return;
        if (PLACEHOLDERS.has(p.name)) return;
        const args = p.args.map((a) => a.value);
        const known = LOG_DESTINATIONS[p.name];
        if (args.some((a) => ELSEWHERE_OPTIONS.some((o) => a === o || a!.startsWith(`${o}=`)))) return;
        if (known) {
          if (known.elsewhere?.some((m) => hasOption(args, m))) return;
          if (known.default === "elsewhere" && !known.stdio?.some((m) => hasOption(args, m))) return;
          if (known.config && configSendsElsewhere(known.config, args as string[])) return;
        }
        const by = [...new Set([...out.by, ...err.by])].sort((a, b) => a.node.startIndex - b.node.startIndex);
        const onMain = by.filter((r) => main.redirects.includes(r));
        const before = by.filter((r) => !main.redirects.includes(r));
        const show = (rs: Redirect[]) => rs.map((r) => r.node.text).join(" ");
        const how = [
          ...(before.length > 0 ? [`\`exec ${show(before)}\` on line ${before[0]!.node.startPosition.row + 1}`] : []),
          ...(onMain.length > 0 ? [`\`${show(onMain)}\``] : []),
        ].join(", then ");
        const join = execline ? "fdmove -c 2 1" : "exec 2>&1";
        const advice = hasLogger
          ? ` and send stderr to the log with \`${join}\``
          : `, send stderr with stdout (\`${join}\`) and record both with a log/run (\`exec ${LOGGER[context.supervisor.family ?? "daemontools"]}\`)`;
        context.report({
          node: main.statement,
          messageId: "discarded",
          // Where the daemon logs is decided by the table for the programs it names; for others,
          // by their config or defaults, which svlint does not know.
          ...(known ? {} : { certainty: "conditional" as const }),
          data: {
            program: p.name,
            how,
            logger: hasLogger ? ", and the logger in log/run receives nothing" : "",
            advice,
          },
        });
      },
    };
  },
});
