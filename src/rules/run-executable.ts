// supervise, runsv and s6-supervise execve the service's scripts; without an executable bit they
// fail ("unable to start ./run: access denied", observed with runsv). `sv check` silently skips
// a check script that is not executable and reports the service ready (observed with runit 2.1.2).
import { defineRule } from "../engine/rule.js";
import { effectiveKind, effectiveMode, SCRIPT_NAMES } from "../service.js";

/** What goes wrong, per script, completing "… so …". */
const CONSEQUENCE: Record<string, string> = {
  run: "the supervisor cannot start the service (\"unable to start ./run: access denied\") and retries every second",
  finish: "the supervisor cannot run it when the service stops, so its clean-up never happens",
  check: "`sv check` skips it and reports the service ready as soon as it starts",
  "log/run": "the logger never starts and the service blocks once the pipe to it fills",
  "log/finish": "the supervisor cannot run it when the logger stops",
  "log/check": "`sv check` skips it and reports the logger ready as soon as it starts",
};

export default defineRule({
  meta: {
    id: "run-executable",
    type: "problem",
    severity: "error",
    docs: { description: "Require run, finish, check and log/run to have the executable bit" },
    messages: {
      notExecutable: "`{{file}}` is not executable (mode {{mode}}), so {{consequence}}. Run `chmod +x {{file}}` (git keeps the bit).",
    },
  },
  create(context) {
    return {
      service(svc) {
        for (const rel of SCRIPT_NAMES) {
          const e = svc.entries.get(rel);
          // A script that is not a regular file is unreadable-file's (or log-run-present's) finding.
          if (!e || effectiveKind(e) !== "file") continue;
          const mode = effectiveMode(e) ?? 0;
          if ((mode & 0o111) !== 0) continue;
          context.report({
            file: rel,
            messageId: "notExecutable",
            data: { file: rel, mode: "0" + mode.toString(8).padStart(3, "0"), consequence: CONSEQUENCE[rel] ?? "the supervisor cannot execute it" },
          });
        }
      },
    };
  },
});
