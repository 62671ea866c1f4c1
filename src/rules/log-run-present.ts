// svscan starts `X/log` for service X and pipes X's output into it. Without log/ the output
// goes to svscan's own output; with a log/ that has no executable run, supervise cannot start
// the logger and the service blocks once the pipe fills. (A non-executable log/run is
// run-executable's to report.)
import * as posix from "node:path/posix";
import { defineRule } from "../engine/rule.js";
import { describeKind } from "../fsutil.js";
import { execChain, finalProgram, LOGGERS } from "../shell/chainloaders.js";
import { dupTarget } from "../shell/model.js";
import { childrenOf, effectiveKind } from "../service.js";
import { idioms } from "../supervisor.js";

export default defineRule({
  meta: {
    id: "log-run-present",
    type: "problem",
    severity: "error",
    docs: { description: "Require a log/ directory with an executable run script for every service" },
    messages: {
      noLog:
        "This service has no log/ directory, so its output goes to the supervisor's own output (often the console or " +
        "nowhere). Add log/run that execs a logger, e.g. `{{logger}}`.",
      notDir: "`log` is a {{kind}}, not a directory: the supervisor cannot start a logger from it. Make log/ a directory with an executable run.",
      dangling: "`log` is a symbolic link to `{{target}}`, which does not exist: no logger starts. Point it at a logger service directory.",
      noRun:
        "log/ has no run script, so the logger never starts and the service blocks once the pipe to it fills. " +
        "Add an executable log/run, e.g. `{{logger}}`.",
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
          if (svc.s6rc.type === "longrun" && !log && !svc.s6rc.producerFor && !svc.s6rc.consumerFor) {
            context.report({ file: "type", messageId: "noS6rcLogger", severity: "warning" });
          }
          if (!log) return;
        }
        if (!log) {
          // A service that is itself a logger (runit's shared /etc/sv/svlogd) needs none.
          const runsLogger = context.scripts.some((s) => s.rel === "run" && s.model.commands.some((c) => LOGGERS.has(finalProgram(execChain(c))?.name ?? "")));
          if (runsLogger) return;
          // `exec 1>&2` says it outright: the output goes to the supervisor's stderr on purpose
          // (Debian's runit scripts for services without a logger).
          const toSupervisor = context.scripts.some(
            (s) => s.rel === "run" && s.model.commands.some((c) => c.topLevel && c.name?.value === "exec" && c.args.length === 0 && c.redirects.some((r) => r.fd === 1 && dupTarget(r) === 2)),
          );
          if (toSupervisor) return;
          context.report({ file: "run", messageId: "noLog", severity: "warning", data: { logger } });
          return;
        }
        const kind = effectiveKind(log);
        if (log.kind === "symlink" && kind === undefined) {
          // In a checkout, an absolute link (runit's shared logger in /etc/sv) resolves only once deployed.
          if (svc.context === "repo" && posix.isAbsolute(log.linkTarget ?? "")) return;
          context.report({ file: "run", messageId: "dangling", data: { target: log.linkTarget ?? "" } });
          return;
        }
        if (kind !== "dir") {
          context.report({ file: "run", messageId: "notDir", data: { kind: describeKind(kind) } });
          return;
        }
        const run = svc.entries.get("log/run");
        if (!run) {
          // Debian's dh-runit templates ship an empty log/ and a `.meta/logscript` flag: the
          // package's postinst links log/run to the shared svlogd service when it installs them.
          if (svc.entries.has(".meta/logscript") && childrenOf(svc, "log").length === 0) return;
          context.report({ file: "run", messageId: "noRun", data: { logger } });
          return;
        }
        const runKind = effectiveKind(run);
        if (runKind !== "file") context.report({ file: "run", messageId: "runNotFile", data: { kind: describeKind(runKind) } });
      },
    };
  },
});

