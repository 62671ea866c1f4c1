// svscan starts `X/log` for service X and pipes X's output into it. Without log/ the output
// goes to svscan's own output; with a log/ that has no executable run, supervise cannot start
// the logger and the service blocks once the pipe fills. (A non-executable log/run is
// run-executable's to report.)
import * as posix from "node:path/posix";
import { defineRule } from "../engine/rule.js";
import { describeKind } from "../host/host.js";
import { execChain, finalProgram } from "../model/chains.js";
import { LOGGERS } from "../knowledge/chainloaders.js";
import { dupTarget, type Command } from "../model/model.js";
import type { EvidenceFile } from "../deployment.js";
import { childrenOf, effectiveKind } from "../service.js";
import { idioms } from "../knowledge/supervisors.js";

/**
 * Programs whose output needs no logger: gettys and display managers own a terminal or a screen,
 * syslog daemons are the log, and these write where their own config says.
 */
const NO_LOGGER_NEEDED = new Set([
  "agetty",
  "getty",
  "mingetty",
  "fgetty",
  "ngetty",
  "mgetty",
  "qingy",
  "vgetty",
  "getty-run",
  "lightdm",
  "sddm",
  "gdm",
  "gdm3",
  "xdm",
  "slim",
  "lxdm",
  "ly",
  "greetd",
  "nodm",
  "emptty",
  "wdm",
  "rsyslogd",
  "syslog-ng",
  "syslogd",
  "klogd",
  "metalog",
  "socklog",
  "s6-socklog",
  "busybox-syslogd",
]);

/** Entries of log/ that are the logger's state or data, not a script meant as run. */
const NOT_A_SCRIPT = new Set([
  "supervise",
  "event",
  "down",
  "config",
  "main",
  "current",
  "lock",
  "state",
  "status",
  "conf",
]);

/** Deployments where output without a log/ goes to a log on purpose: the container's, s6-rc's catch-all. */
const CATCH_ALL = new Set(["s6-overlay-v2", "s6-overlay-v3", "container", "s6-rc-source"]);

/** Whether a package build links or installs every service's log/run (`ln -s …/common-log $i/run`, `dosym … log/run`). */
function linksLogRun(installers: readonly EvidenceFile[]): boolean {
  return installers.some((f) => /\b(ln|dosym)\b[^\n]*\/run\b/.test(f.text) && /\blog\b/.test(f.text));
}

/** Whether the command sends its stdout nowhere the supervisor would pipe: /dev/null, or stderr. */
function discardsOutput(c: Command): boolean {
  return c.redirects.some(
    (r) => (r.fd === 1 || r.op === "&>" || r.op === "&>>") && (r.target?.value === "/dev/null" || dupTarget(r) === 2),
  );
}

export default defineRule({
  meta: {
    id: "log-run-present",
    type: "problem",
    severity: "error",
    docs: {
      severities: "error / info",
      description: "Require a log/ directory with an executable run script for every service",
    },
    messages: {
      noLog:
        "This service has no log/ directory, so its output goes to the supervisor's own output (often the console or " +
        "nowhere). If the daemon prints anything worth keeping, add log/run that execs a logger, e.g. `{{logger}}`.",
      notDir:
        "`log` is a {{kind}}, not a directory: the supervisor cannot start a logger from it. Make log/ a directory with an executable run.",
      dangling:
        "`log` is a symbolic link to `{{target}}`, which does not exist: no logger starts. Point it at a logger service directory.",
      noRun:
        "log/ has no run script, so the logger never starts and the service blocks once the pipe to it fills. " +
        "Add an executable log/run, e.g. `{{logger}}`.",
      otherRun:
        "log/ holds {{names}} but no `run`: the supervisor starts only `log/run`, so the logger never starts and the " +
        "service blocks once the pipe to it fills. Name the logger's script `log/run` (or link `log/run` to it).",
      runNotFile: "log/run is a {{kind}}, not a regular file: the supervisor cannot execute it.",
      noS6rcLogger:
        "This s6-rc longrun has no logger: nothing names it in a `producer-for` file, so its output goes to the catch-all " +
        "logger (or nowhere). Add a logger longrun that runs `s6-log`, with `consumer-for` naming this service and " +
        "`producer-for` here naming the logger.",
    },
  },
  create(context) {
    return {
      service(svc) {
        const log = svc.entries.get("log");
        const logger = idioms(context.supervisor).logger;
        if (svc.s6rc) {
          // s6-rc: a longrun's logger is another longrun, tied by producer-for / consumer-for.
          // Without one, output goes to the catch-all logger, which is often the design: a note.
          if (
            svc.s6rc.type === "longrun" &&
            !log &&
            !svc.s6rc.producerFor &&
            !svc.s6rc.consumerFor &&
            !context.deployment.kind.startsWith("s6-overlay")
          ) {
            context.report({ file: "type", messageId: "noS6rcLogger", severity: "info", certainty: "conditional" });
          }
          if (!log) return;
        }
        if (!log) {
          if (CATCH_ALL.has(context.deployment.kind)) return;
          // xbps-src's vsv adds log/run (a link to vlogger) when the package is built.
          if (context.surroundings.installers().some((f) => /\bvsv\b/.test(f.text))) return;
          const run = context.scripts.find((s) => s.rel === "run");
          const top = run?.model.commands.filter((c) => c.topLevel && !c.inSubstitution) ?? [];
          const last = top[top.length - 1];
          const finalName = last ? finalProgram(execChain(last))?.name : undefined;
          if (finalName !== undefined && NO_LOGGER_NEEDED.has(finalName.replace(/^.*\//, ""))) return;
          // `exec >/dev/null 2>&1`, `exec daemon >/dev/null`, a trailing `cmd 1>&2`: output sent away on purpose.
          if (last && discardsOutput(last)) return;
          if (top.some((c) => c.name?.value === "exec" && c.args.length === 0 && discardsOutput(c))) return;
          // A service that is itself a logger (runit's shared /etc/sv/svlogd) needs none.
          const runsLogger = context.scripts.some(
            (s) => s.rel === "run" && s.model.commands.some((c) => LOGGERS.has(finalProgram(execChain(c))?.name ?? "")),
          );
          if (runsLogger) return;
          // `exec 1>&2` says it outright: the output goes to the supervisor's stderr on purpose
          // (Debian's runit scripts for services without a logger).
          const toSupervisor = context.scripts.some(
            (s) =>
              s.rel === "run" &&
              s.model.commands.some(
                (c) =>
                  c.topLevel &&
                  c.name?.value === "exec" &&
                  c.args.length === 0 &&
                  c.redirects.some((r) => r.fd === 1 && dupTarget(r) === 2),
              ),
          );
          if (toSupervisor) return;
          // Whether the output matters is the author's call: most trees log elsewhere on purpose.
          context.report({
            file: "run",
            messageId: "noLog",
            severity: "info",
            certainty: "conditional",
            data: { logger },
          });
          return;
        }
        const kind = effectiveKind(log);
        // In a checkout, an absolute link (runit's shared logger in /etc/sv) resolves only once
        // deployed; what it leads to on this machine says nothing about the tree.
        if (svc.where === "repo" && log.kind === "symlink" && posix.isAbsolute(log.linkTarget ?? "")) return;
        if (log.kind === "symlink" && kind === undefined) {
          context.report({ file: "run", messageId: "dangling", data: { target: log.linkTarget ?? "" } });
          return;
        }
        if (kind !== "dir") {
          // In a checkout, an empty `log` file can be a marker the package turns into a logger
          // (runit-gentoo's ebuild: `[ -f svc/log ] && dosym /etc/runit/logger.sh svc/log/run`).
          const marker =
            svc.where === "repo" &&
            kind === "file" &&
            (log.size === 0 || linksLogRun(context.surroundings.installers()));
          context.report({
            file: "run",
            messageId: "notDir",
            ...(marker ? { severity: "info" as const, certainty: "conditional" as const } : {}),
            data: { kind: describeKind(kind) },
          });
          return;
        }
        const run = svc.entries.get("log/run");
        if (!run) {
          // Debian's dh-runit templates ship an empty log/ and a `.meta/logscript` flag: the
          // package's postinst links log/run to the shared svlogd service when it installs them.
          const inLog = childrenOf(svc, "log");
          if (svc.entries.has(".meta/logscript") && inLog.length === 0) return;
          // Files of the logger that are not a script: supervise/ (often a link to /run), a `down` flag…
          const others = inLog
            .filter(
              (e) =>
                (effectiveKind(e) === "file" || e.kind === "symlink") &&
                !NOT_A_SCRIPT.has(e.rel.slice(4)) &&
                !e.rel.slice(4).startsWith("."),
            )
            .map((e) => `\`${e.rel.slice(4)}\``);
          // A package build that links every log/run (`ln -s …/common-log $i/run` in debian/rules).
          const linked = svc.where === "repo" && linksLogRun(context.surroundings.installers());
          if (others.length > 0)
            context.report({ file: "run", messageId: "otherRun", data: { names: others.join(", ") } });
          else if (linked)
            context.report({
              file: "run",
              messageId: "noRun",
              severity: "info",
              certainty: "conditional",
              data: { logger },
            });
          else context.report({ file: "run", messageId: "noRun", data: { logger } });
          return;
        }
        // In a checkout, `log/run -> /usr/bin/rsvlog` resolves once installed.
        if (svc.where === "repo" && run.kind === "symlink" && posix.isAbsolute(run.linkTarget ?? "")) return;
        const runKind = effectiveKind(run);
        if (runKind !== "file")
          context.report({ file: "run", messageId: "runNotFile", data: { kind: describeKind(runKind) } });
      },
    };
  },
});
