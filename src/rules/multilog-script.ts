// multilog's script (its arguments) is read left to right, and any argument it does not know is
// silently ignored: `multilog t main` exits 0 and logs nothing anywhere (daemontools 0.76).
import { defineRule, type Severity } from "../engine/rule.js";
import { readMultilogScript } from "../knowledge/loggers.js";
import { execChain, finalProgram } from "../model/chains.js";

const WARNINGS = new Set(["sizeClamped", "countClamped", "afterLastDirectory"]);
/**
 * `d` is written only by people who run a patched multilog that has it (all 8 uses on the
 * real-world corpus were in sagredo's qmail trees, built with his daemontools 0.78 patch): a note.
 */
const NOTES = new Set(["patchedDatetime"]);

export default defineRule({
  meta: {
    id: "multilog-script",
    type: "problem",
    severity: "error",
    docs: {
      severities: "error / warning",
      description: "Require multilog's script to use only actions multilog knows, in an order that takes effect",
    },
    messages: {
      tNotFirst:
        "`t` is argument {{position}} of multilog's script, but multilog timestamps lines only when `t` comes first; here it is ignored. Move `t` to the front.",
      badNumber:
        "multilog reads `{{action}}` as `{{read}}` (it stops at the first non-digit) and so uses `{{became}}`. Write the number alone, e.g. `s1048576` for 1 MiB.",
      sizeClamped:
        "`{{action}}` is below multilog's minimum size, so it uses `{{became}}`: it rotates every 4096 bytes and keeps " +
        "only a few KiB of log. Write a real size, e.g. `s1048576` for 1 MiB.",
      patchedDatetime:
        "`{{action}}` is not an action of daemontools 0.76's multilog, which ignores it; it is the datetime action of " +
        "patched multilogs such as sagredo's daemontools 0.78 patch. Without that patch, lines are not stamped; use `t` " +
        "(first) for a portable timestamp.",
      countClamped:
        "`{{action}}` asks for fewer than 2 files; multilog always keeps at least 2 (it uses `n2`). Write `n2` or more.",
      notDirectory:
        "`{{action}}` is not a directory action (those start with `.` or `/`): multilog silently ignores it and writes nothing " +
        "there. Write `{{fix}}`.",
      unknownAction:
        "`{{action}}` is not a multilog action, so multilog silently ignores it. Actions: `t` (first), sSIZE, nNUM, " +
        "!processor, +pattern, -pattern, e, =file, and directories starting with `.` or `/`.",
      afterLastDirectory:
        "`{{action}}` comes after the last directory: multilog applies s, n and ! to the directories after them, so it has " +
        "no effect. Move it before the directory.",
      noDirectory:
        "multilog's script names no directory (an argument starting with `.` or `/`), so nothing is written to disk. Add one, e.g. `./main`.",
    },
  },
  create(context) {
    return {
      command(cmd) {
        const p = finalProgram(execChain(cmd));
        if (p?.name !== "multilog") return;
        for (const issue of readMultilogScript(p.args).issues) {
          const severity: Severity | undefined = WARNINGS.has(issue.id)
            ? "warning"
            : NOTES.has(issue.id)
              ? "info"
              : undefined;
          context.report({
            node: issue.word.node,
            messageId: issue.id,
            data: issue.data,
            ...(severity ? { severity } : {}),
          });
        }
      },
    };
  },
});
