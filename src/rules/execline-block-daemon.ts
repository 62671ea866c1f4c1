// In execline, the supervised process is whatever execlineb execs into at the end of run's chain.
// A daemon started inside `foreground { … }`, `background { … }`, `if { … }` or `backtick`'s
// block is a child that process spawned: `s6-svc -d` (`sv down`, `svc -d`) signals the builtin or
// the rest of the chain, and the daemon keeps running, unsupervised; with `background`, the chain
// goes on, and when it ends the supervisor starts run again and a second copy. Which blocks run as
// a child is knowledge/execline-builtins.ts's `forks`; which programs are daemons, daemons.ts (in
// the mode daemon-modes.ts says: `foreground { nginx -t }` is a check, not the service).
import * as path from "node:path";
import { defineRule } from "../engine/rule.js";
import { execChain, finalProgram } from "../model/chains.js";
import { namesProgram } from "../model/service-daemon.js";
import type { Command, ExeclineBlock, Program, Script } from "../model/model.js";
import { daemonEntry, hasOption } from "../knowledge/daemons.js";
import { DAEMON_MODES, ONCE_ALWAYS } from "../knowledge/daemon-modes.js";
import { EXECLINE_BUILTINS } from "../knowledge/execline-builtins.js";

/** How each suite stops a service, for the message. */
const STOP = { daemontools: "svc -d", runit: "sv down", s6: "s6-svc -d" } as const;

/**
 * The outermost block around the command that runs as a child process (the one written in the
 * chain the supervisor started, or nearest to it), if any.
 */
function forkingBlock(block: ExeclineBlock | undefined): ExeclineBlock | undefined {
  let found: ExeclineBlock | undefined;
  for (let b = block; b; b = b.outer) {
    const builtin = EXECLINE_BUILTINS[b.builtin];
    if (!builtin?.forks?.includes(b.index)) continue;
    if (b.index > 0 && builtin.splices !== undefined && b.options.has(builtin.splices)) continue;
    found = b;
  }
  return found;
}

/** The chain ends in this block: nothing runs after it, in any chain around it. */
function endsRun(block: ExeclineBlock): boolean {
  for (let b: ExeclineBlock | undefined = block; b; b = b.outer) if (!b.ends) return false;
  return true;
}

/** Whether the program, as invoked, runs as a daemon of the table (not `nginx -t`, not `freshclam` alone). */
function servesAsDaemon(p: Program): boolean {
  const args = p.args.map((a) => a.value);
  if (args.some((a) => a !== undefined && ONCE_ALWAYS.includes(a))) return false;
  const modes = DAEMON_MODES[p.name!] ?? DAEMON_MODES[daemonEntry(p.name!)?.names[0] ?? ""];
  if (modes?.never) return false;
  if (modes?.serves && !modes.serves.some((m) => hasOption(args, m))) return false;
  return !modes?.once?.some((m) => hasOption(args, m));
}

export default defineRule({
  meta: {
    id: "execline-block-daemon",
    type: "problem",
    severity: "error",
    defaultOff: true,
    docs: {
      description:
        "Disallow starting run's daemon inside an execline block (foreground, background, if, backtick) instead of last in the chain",
    },
    messages: {
      inBlock:
        "`{{program}}` is started inside `{{builtin}} { … }` (line {{line}}), which runs it as a child process: the supervised " +
        "process is `{{builtin}}`{{then}}, not `{{program}}`, so `{{stop}}` leaves `{{program}}` running, unsupervised. " +
        "Make `{{program}}` the last program of run's chain, with no block around it.",
      inBackground:
        "`{{program}}` is started inside `{{builtin}} { … }` (line {{line}}), which does not wait for it: {{what}}. " +
        "Make `{{program}}` the last program of run's chain, with no block around it.",
    },
  },
  create(context) {
    const serviceName = path.basename(context.service.abs);
    /**
     * The command exec-daemon reports as `inBlock` (the chain ends in `foreground { daemon }` after a
     * redirection): that rule's finding, not this one's.
     */
    const execDaemonsOwn = (script: Script): Command | undefined => {
      const top = script.model.commands.find((c) => c.topLevel);
      if (!top || top.name !== undefined) return undefined;
      const text = top.node.text.trimEnd();
      const open = /(?:^|\s)(foreground|background)(?:\s+-\w+)*\s*\{[^{}]*\}$/.exec(text);
      if (!open) return undefined;
      const blockStart = top.node.startIndex + open.index;
      const inside = script.model.commands.filter(
        (c) => !c.topLevel && c.node.startIndex > blockStart && c.node.endIndex <= top.node.startIndex + text.length,
      );
      return inside[inside.length - 1];
    };
    return {
      script(script) {
        if (script.rel !== "run" || script.model.language !== "execline") return;
        // s6-overlay v3: a `run` with no `type` beside it may be a base image's oneshot's script (exec-daemon).
        if (context.deployment.kind === "s6-overlay-v3" && !context.service.s6rc) return;
        const theirs = execDaemonsOwn(script);
        for (const cmd of script.model.commands) {
          if (cmd.topLevel || cmd === theirs) continue;
          const block = forkingBlock(cmd.block);
          // `pipeline { daemon } logger`: the daemon writes into the supervised logger, and once that
          // is stopped, its next write kills it (SIGPIPE): not the claim made here.
          if (!block || block.builtin === "pipeline") continue;
          const p = finalProgram(execChain(cmd));
          if (!p?.name) continue;
          // The program itself (a bare name or in a bin directory), not a wrapper of the same name.
          if (!namesProgram(p.word.value ?? "")) continue;
          // A daemon of the table in its daemon mode, or, in the block the run ends in (what the
          // service runs), the program named as the service.
          const known = daemonEntry(p.name) !== undefined;
          const named = p.name === serviceName && endsRun(cmd.block!);
          if (!(known || named) || !servesAsDaemon(p)) continue;
          const last = endsRun(block);
          const stop = STOP[context.supervisor.family ?? "s6"];
          const waits = block.builtin !== "background";
          const data = { program: p.name, builtin: block.builtin, line: block.node.startPosition.row + 1 };
          if (waits)
            context.report({
              node: cmd.node,
              messageId: "inBlock",
              data: { ...data, stop, then: last ? ", waiting for it" : " (then the rest of the chain)" },
            });
          else
            context.report({
              node: cmd.node,
              messageId: "inBackground",
              data: {
                ...data,
                what: last
                  ? `run ends at once, the supervisor starts it again, and each time another copy of \`${p.name}\` runs, unsupervised`
                  : `the supervised process is the rest of the chain, so \`${stop}\` leaves \`${p.name}\` running, unsupervised`,
              },
            });
        }
      },
    };
  },
});
