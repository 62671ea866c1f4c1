// supervise, runsv and s6-supervise execve the service's scripts; without an executable bit they
// fail ("unable to start ./run: access denied", observed with runsv). `sv check` silently skips
// a check script that is not executable and reports the service ready (observed with runit 2.1.2).
import { defineRule, type ModeFix } from "../engine/rule.js";
import { type Script } from "../model/model.js";
import { effectiveKind, effectiveMode, modeTarget, SCRIPT_NAMES, type ServiceDir } from "../service.js";

/** What goes wrong, per script, completing "… so …". */
const CONSEQUENCE: Record<string, string> = {
  run: 'the supervisor cannot start the service ("unable to start ./run: access denied") and retries every second',
  finish: "the supervisor cannot run it when the service stops, so its clean-up never happens",
  check: "`sv check` skips it and reports the service ready as soon as it starts",
  "log/run": "the logger never starts and the service blocks once the pipe to it fills",
  "log/finish": "the supervisor cannot run it when the logger stops",
  "log/check": "`sv check` skips it and reports the logger ready as soon as it starts",
};

/** Files only a service directory has, beside `run`. */
const SERVICE_FILES = ["log", "finish", "check", "down", "env", "supervise", "notification-fd", "conf"];

/** Whether a script replaces itself with a program (`exec app`), as a service's run does. */
function execsAProgram(script: Script | undefined): boolean {
  if (!script) return false;
  if (script.model.language === "execline") return true;
  return script.model.commands.some((c) => c.name?.value === "exec" && c.args.length > 0);
}

/** Execute bits where there are read bits, as `chmod +x` gives under the usual umask: 0644 → 0755, 0600 → 0700. */
function modeFix(svc: ServiceDir, rel: string, mode: number): { modeFix: ModeFix } | undefined {
  const file = modeTarget(svc, rel);
  if (file === undefined) return undefined;
  const x = (mode & 0o444) >> 2;
  return { modeFix: { file, mode: mode | (x === 0 ? 0o100 : x) } };
}

export default defineRule({
  meta: {
    id: "run-executable",
    type: "problem",
    severity: "error",
    fixable: "mode",
    docs: {
      severities: "error (live) / warning",
      description: "Require run, finish, check and log/run to have the executable bit",
    },
    messages: {
      notExecutable:
        "`{{file}}` is not executable (mode {{mode}}), so {{consequence}}. Run `chmod +x {{file}}` (git keeps the bit).",
      inconsistent:
        "`{{file}}` is not executable (mode {{mode}}) while {{siblings}} {{are}}: git keeps the mode, so once installed " +
        "{{consequence}}. Run `git update-index --chmod=+x {{file}}` (or `chmod +x {{file}}`).",
      checkout:
        "`{{file}}` is not executable (mode {{mode}}) in this checkout, and nothing in the repository sets the mode when " +
        "installing it (no `chmod +x` or `install -m 755` in its packaging or Dockerfile): installed with the mode git " +
        "keeps, {{consequence}}. Run `git update-index --chmod=+x {{file}}`.",
    },
  },
  create(context) {
    return {
      service(svc) {
        // A script that is not a regular file is unreadable-file's (or log-run-present's) finding.
        const scripts = SCRIPT_NAMES.flatMap((rel) => {
          const e = svc.entries.get(rel);
          return e && effectiveKind(e) === "file" ? [{ rel, mode: effectiveMode(e) ?? 0 }] : [];
        });
        const executable = (m: number): boolean => (m & 0o111) !== 0;
        const bad = scripts.filter((s) => !executable(s.mode));
        if (bad.length === 0) return;
        // In a checkout the mode matters only if the tree is installed as it is: s6-rc-compile,
        // s6-overlay, xbps-src's vsv and installers that chmod set it themselves.
        const checkout = svc.where === "repo";
        if (checkout && context.surroundings.modesSetBy() !== undefined) return;
        const ownExecutable = scripts.filter((s) => executable(s.mode)).map((s) => `\`${s.rel}\``);
        const siblings = checkout && ownExecutable.length === 0 ? context.surroundings.siblingRunModes() : [];
        const siblingsExecutable = siblings.filter(executable).length;
        for (const { rel, mode } of bad) {
          const data = {
            file: rel,
            mode: "0" + mode.toString(8).padStart(3, "0"),
            consequence: CONSEQUENCE[rel] ?? "the supervisor cannot execute it",
          };
          const fix = modeFix(svc, rel, mode);
          if (!checkout) context.report({ file: rel, messageId: "notExecutable", data, ...fix });
          // In a checkout, a warning: the corpus's inconsistent trees held templates and services
          // linked in at start-up too (9 of 13 such findings were true).
          else if (ownExecutable.length > 0) {
            context.report({
              file: rel,
              messageId: "inconsistent",
              severity: "warning",
              data: { ...data, siblings: ownExecutable.join(", "), are: ownExecutable.length > 1 ? "are" : "is" },
              ...fix,
            });
          } else if (siblingsExecutable >= 2 && siblingsExecutable * 2 > siblings.length) {
            context.report({
              file: rel,
              messageId: "inconsistent",
              severity: "warning",
              data: {
                ...data,
                siblings: `\`run\` in ${siblingsExecutable} of the ${siblings.length} services beside it`,
                are: "are",
              },
              ...fix,
            });
          } else {
            // A lone `run` that never execs a program may not be a service at all (Kreato Linux's
            // package recipes are files named `run`): a note.
            const looksLikeService =
              SERVICE_FILES.some((f) => svc.entries.has(f)) ||
              execsAProgram(context.scripts.find((s) => s.rel === "run"));
            context.report({
              file: rel,
              messageId: "checkout",
              certainty: "conditional",
              // A file named `run` that may be no service keeps its mode.
              ...(looksLikeService ? fix : { severity: "info" as const }),
              data,
            });
          }
        }
      },
    };
  },
});
