// s6-log's script: an unknown directive or a script without an action makes s6-log exit 100 (the
// logger restarts forever and the service blocks on its pipe); settings after the last action and
// sizes out of range are accepted silently (s6 2.11).
import { defineRule } from "../engine/rule.js";
import { readS6LogScript, s6LogScriptWords } from "../knowledge/loggers.js";
import { execChain, finalProgram } from "../model/chains.js";

const WARNINGS = new Set(["sizeClamped", "afterLastAction"]);

export default defineRule({
  meta: {
    id: "s6-log-script",
    type: "problem",
    severity: "error",
    docs: {
      severities: "error / warning",
      description: "Require s6-log's script to be one s6-log accepts, with every setting before an action",
    },
    messages: {
      unknownDirective:
        '`{{directive}}` is not an s6-log directive: s6-log exits 100 ("unrecognized directive"), so the logger restarts ' +
        "every second and the service blocks once its pipe fills. Check the spelling (numbers are written alone: `s1000000`).",
      notDirectory:
        '`{{directive}}` is not an action: a directory must start with `.` or `/`, so s6-log exits 100 ("unrecognized ' +
        'directive"). Write `{{fix}}`.',
      sizeClamped:
        "`{{directive}}` is outside s6-log's range 4096..268435455, so it uses `{{became}}`. Write a size in that range.",
      noAction:
        's6-log\'s script has no action (a directory, `1`, `2` or `=file`): s6-log exits 100 ("no action directive specified"). Add one, e.g. `./main`.',
      afterLastAction:
        "`{{directive}}` comes after the last action: s6-log applies settings to the actions that follow them, so it has " +
        "no effect. Move it before the action.",
    },
  },
  create(context) {
    return {
      command(cmd) {
        const p = finalProgram(execChain(cmd));
        if (p?.name !== "s6-log") return;
        for (const issue of readS6LogScript(s6LogScriptWords(p.args)).issues) {
          context.report({
            node: issue.word.node,
            messageId: issue.id,
            data: issue.data,
            ...(WARNINGS.has(issue.id) ? { severity: "warning" as const } : {}),
          });
        }
      },
    };
  },
});
