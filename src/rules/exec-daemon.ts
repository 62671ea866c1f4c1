// A run script's last command must replace the shell (`exec prog`). Otherwise the shell stays the
// supervised process: `svc -d` / `sv down` / `s6-svc -d` send TERM to the shell, which dies and
// leaves the daemon running, unsupervised (observed with daemontools' supervise and dash).
import { defineRule } from "../engine/rule.js";
import { type Script } from "../model/model.js";
import { execChain, finalProgram } from "../model/chains.js";
import { daemonEntry } from "../knowledge/daemons.js";
import type { Command } from "../model/model.js";

/**
 * Last commands that are not daemons: shell builtins (a deliberate `wait` for trapped children
 * among them), messages and supervisor controls. `eval` is not judged: what it runs is unknown.
 */
const NOT_A_DAEMON = new Set([
  "exit",
  "wait",
  "return",
  "continue",
  "break",
  "true",
  "false",
  ":",
  "exec",
  "echo",
  "printf",
  "kill",
  "logger",
  ".",
  "source",
  "set",
  "trap",
  "cd",
  "export",
  "unset",
  "test",
  "[",
  "[[",
  "shift",
  "read",
  "umask",
  "ulimit",
  "eval",
  "local",
  "sv",
  "svc",
  "s6-svc",
  "s6-svscanctl",
  "s6-rc",
  "runsvchdir",
  // The last step of a run-once service or an s6-rc oneshot's script: files, not a daemon.
  "rm",
  "chown",
  "chmod",
  "chgrp",
  "mkdir",
  "install",
  "ln",
  "cp",
  "mv",
  "touch",
  "lsiown",
  "s6-mkdir",
  "s6-chown",
  "s6-chmod",
  "sed",
  "mount",
  "umount",
  "sysctl",
  "ip",
  "modprobe",
  "udevadm",
  "hwclock",
  "loadkeys",
  "setfont",
]);

/** How each suite stops a service, for the message. */
const STOP = { daemontools: "svc -d", runit: "sv down", s6: "s6-svc -d" } as const;

export default defineRule({
  meta: {
    id: "exec-daemon",
    type: "problem",
    severity: "error",
    docs: { description: "Require the last command of run and log/run to replace the shell with exec" },
    fixable: "code",
    messages: {
      notExeced:
        "`{{program}}` is the last command of `{{file}}` but is not started with `exec`: the shell stays the supervised " +
        "process, so `{{stop}}` signals the shell, which exits and leaves `{{program}}` running unsupervised. " +
        "Write `{{fixed}}`.",
      inBlock:
        "`{{program}}` runs inside `{{builtin}} { … }` at the end of the chain: execlineb stays the supervised process " +
        "and waits, so `{{stop}}` signals execlineb and leaves `{{program}}` running unsupervised. Chain-load it " +
        "instead: drop the `{{builtin}} { }` around `{{command}}`.",
    },
  },
  create(context) {
    /**
     * Execline chain-loads by nature, but a chain that ends in `foreground { daemon }` (or
     * `background`) keeps execlineb as the supervised process, waiting, with the daemon its child.
     */
    const execlineBlock = (script: Script): void => {
      const top = script.model.commands.find((c) => c.topLevel);
      if (!top || top.name !== undefined) return;
      const text = top.node.text.trimEnd();
      const open = /(?:^|\s)(foreground|background)(?:\s+-\w+)*\s*\{[^{}]*\}$/.exec(text);
      if (!open) return;
      const blockStart = top.node.startIndex + open.index;
      const inside = script.model.commands.filter(
        (c) => !c.topLevel && c.node.startIndex > blockStart && c.node.endIndex <= top.node.startIndex + text.length,
      );
      const daemon = inside[inside.length - 1];
      const program = daemon && finalProgram(execChain(daemon));
      if (!daemon || !program?.name || NOT_A_DAEMON.has(program.name)) return;
      context.report({
        node: daemon.node,
        messageId: "inBlock",
        data: {
          program: program.name,
          builtin: open[1]!,
          stop: STOP[context.supervisor.family ?? "s6"],
          command: daemon.node.text,
        },
      });
    };
    return {
      script(script) {
        // Finish and check scripts are not supervised daemons.
        if (script.rel !== "run" && script.rel !== "log/run") return;
        // In s6-overlay v3, a `run` with no `type` beside it overrides a definition of the base
        // image, often a oneshot whose `up` runs this script: what it must end with is unknown.
        if (context.deployment.kind === "s6-overlay-v3" && !context.service.s6rc) return;
        if (script.model.language === "execline") {
          execlineBlock(script);
          return;
        }
        const last = script.model.lastStatement;
        if (!last || !["command", "redirected_statement", "list"].includes(last.type)) return;
        // The command the statement ends with (`cd /srv && app`: app).
        let tail: Command | undefined;
        for (const cmd of script.model.commands) {
          if (cmd.inSubstitution || cmd.node.startIndex < last.startIndex || cmd.node.endIndex > last.endIndex)
            continue;
          if (!tail || cmd.node.startIndex > tail.node.startIndex) tail = cmd;
        }
        // Nothing after a top-level `exec prog` runs: a last statement after one is dead code.
        if (
          script.model.commands.some(
            (c) => c.topLevel && c.name?.value === "exec" && c.args.length > 0 && c.node.endIndex <= last.startIndex,
          )
        )
          return;
        // `daemon || sleep 10`: the delay before a restart; the daemon is the command before it.
        let delayed = false;
        if (tail && last.type === "list" && tail.name?.value === "sleep") {
          const before = script.model.commands.filter(
            (c) =>
              !c.inSubstitution && c.node.startIndex >= last.startIndex && c.node.endIndex <= tail!.node.startIndex,
          );
          const daemon = before[before.length - 1];
          if (
            daemon &&
            /^\s*\|\|\s*$/.test(script.model.text.slice(daemon.statement.endIndex, tail.statement.startIndex))
          ) {
            tail = daemon;
            delayed = true;
          }
        }
        // A last `sleep N` after the script's work is the pause before the supervisor runs it again,
        // unless that work started a daemon (a bare `nginx` forks, and the sleep keeps the service up).
        if (tail?.name?.value === "sleep" && /^\d+[smhd]?$/.test(tail.args[0]?.value ?? "") && last.type !== "list") {
          const before = script.model.commands.filter(
            (c) =>
              c !== tail &&
              !c.inSubstitution &&
              !NOT_A_DAEMON.has(c.name?.value ?? "exec") &&
              c.node.endIndex <= tail!.node.startIndex,
          );
          const startsDaemon = before.some((c) => daemonEntry(finalProgram(execChain(c))?.name ?? "") !== undefined);
          if (before.length > 0 && !startsDaemon) return;
        }
        // `silent exec app`: a wrapper function that runs "$@" execs the daemon itself.
        if (!tail || tail.name?.value === "exec" || tail.args[0]?.value === "exec" || tail.feedsPipe) return;
        // `a && b` ends with b only when the list ends with it (not `a || exit 1`).
        if (last.type === "list" && !delayed && tail.statement.endIndex !== last.endIndex) return;
        const program = finalProgram(execChain(tail)) ?? execChain(tail)[0];
        const name = program?.name;
        // `bashio::log.info`: a function of a library the script sources, not a daemon.
        if (name === undefined || NOT_A_DAEMON.has(name) || name.includes("::")) return;
        // A function of the script (`main`) may exec its daemon inside: not judged.
        const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
        if (
          new RegExp(`^[ \\t]*(function[ \\t]+${escaped}\\b|${escaped}[ \\t]*\\(\\s*\\))`, "m").test(script.model.text)
        )
          return;
        // `exec` goes before the statement, with its redirections (`app 2>&1`: `exec app 2>&1`),
        // but after its assignments: `exec FOO=1 app` would run a program named `FOO=1`.
        const text = script.model.text;
        const stmt = tail.statement;
        const at = tail.prefixAssignments.length > 0 && tail.name ? tail.name.node.startIndex : stmt.startIndex;
        const fixed = `${text.slice(stmt.startIndex, at)}exec ${text.slice(at, stmt.endIndex)}`;
        // Not fixed where exec would not make the program the supervised process: after
        // `daemon || sleep 10` it would also drop the delay when the daemon cannot start; `app &`
        // and `foo | app` run it in a subshell of their own; bash's `time app` would become the
        // time(1) program, which forks the daemon.
        const canFix =
          !delayed &&
          !/^[ \t]*&(?!&)/.test(text.slice(stmt.endIndex)) &&
          !/(^|[^|])\|&?$/.test(text.slice(0, stmt.startIndex).replace(/(\s|\\\n)+$/, "")) &&
          tail.name?.value !== "time";
        context.report({
          node: stmt,
          messageId: "notExeced",
          ...(canFix ? { fix: { edits: { range: [at, at], text: "exec " } } } : {}),
          data: {
            program: name,
            file: script.rel,
            stop: STOP[context.supervisor.family ?? "daemontools"],
            fixed,
          },
        });
      },
    };
  },
});
