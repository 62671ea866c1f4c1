// svscan starts `X/log` for service X and pipes X's output into it. Without log/ the output
// goes to svscan's own output; with a log/ that has no executable run, supervise cannot start
// the logger and the service blocks once the pipe fills.
import * as posix from "node:path/posix";
import { defineRule } from "../engine/rule.js";
import { describeKind } from "../fsutil.js";
import { effectiveKind, effectiveMode } from "../service.js";

export default defineRule({
  meta: {
    id: "log-run-present",
    type: "problem",
    severity: "error",
    docs: { description: "Require a log/ directory with an executable run script for every service" },
    messages: {
      noLog:
        "This service has no log/ directory, so its output goes to the supervisor's own output (often the console or " +
        "nowhere). Add log/run that execs a logger, e.g. `exec setuidgid log multilog t ./main`.",
      notDir: "`log` is a {{kind}}, not a directory: the supervisor cannot start a logger from it. Make log/ a directory with an executable run.",
      dangling: "`log` is a symbolic link to `{{target}}`, which does not exist: no logger starts. Point it at a logger service directory.",
      noRun:
        "log/ has no run script, so the logger never starts and the service blocks once the pipe to it fills. " +
        "Add an executable log/run, e.g. `exec setuidgid log multilog t ./main`.",
      runNotFile: "log/run is a {{kind}}, not a regular file: the supervisor cannot execute it.",
      notExecutable: "log/run is not executable (mode {{mode}}): the supervisor cannot start the logger. Run `chmod +x log/run`.",
    },
  },
  create(context) {
    return {
      service(svc) {
        const log = svc.entries.get("log");
        if (!log) {
          context.report({ file: "run", messageId: "noLog", severity: "warning" });
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
          context.report({ file: "run", messageId: "noRun" });
          return;
        }
        const runKind = effectiveKind(run);
        if (runKind !== "file") {
          context.report({ file: "run", messageId: "runNotFile", data: { kind: describeKind(runKind) } });
          return;
        }
        const mode = effectiveMode(run) ?? 0;
        if ((mode & 0o111) === 0) {
          context.report({ file: "log/run", messageId: "notExecutable", data: { mode: "0" + mode.toString(8) } });
        }
      },
    };
  },
});

