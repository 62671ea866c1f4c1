// s6-log's script: an unknown directive or a script without an action makes s6-log exit 100 (the
// logger restarts forever and the service blocks on its pipe); settings after the last action and
// sizes out of range are accepted silently (s6 2.11).
import { defineRule, type ReportDescriptor } from "../engine/rule.js";
import { S6_LOG_SIZE, readS6LogScript, s6LogScriptWords } from "../knowledge/loggers.js";
import { execChain, finalProgram } from "../model/chains.js";
import { dotSlash, literal, moveBefore, unitSizes } from "../fix/edits.js";

const WARNINGS = new Set(["sizeClamped", "afterLastAction"]);

/** s6-log's actions: a directory, `1`, `2`, `=file`. */
const isAction = (v: string | undefined): boolean =>
  v !== undefined && (v === "1" || v === "2" || v.startsWith("=") || v.startsWith(".") || v.startsWith("/"));

export default defineRule({
  meta: {
    id: "s6-log-script",
    type: "problem",
    severity: "error",
    docs: {
      severities: "error / warning",
      description: "Require s6-log's script to be one s6-log accepts, with every setting before an action",
    },
    fixable: "code",
    hasSuggestions: true,
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
      command(cmd, script) {
        const p = finalProgram(execChain(cmd));
        if (p?.name !== "s6-log") return;
        const words = s6LogScriptWords(p.args);
        const text = script.model.text;
        const reading = readS6LogScript(words);
        const actions = words.filter((w) => isAction(w.value));
        const dynamic = words.some((w) => w.value === undefined);
        const names = new Set(reading.issues.filter((i) => i.id === "notDirectory").map((i) => i.word));
        for (const issue of reading.issues) {
          const w = issue.word;
          let fix: ReportDescriptor["fix"];
          let suggest: ReportDescriptor["suggest"];
          if (issue.id === "notDirectory") {
            // s6-log refuses the script as it is: with `./`, it can only do better. Unless settings
            // follow with no action after them: they would then come after the last action.
            const later = words.slice(words.indexOf(w) + 1);
            const stranded = later.length > 0 && !later.some((a) => isAction(a.value) || names.has(a));
            const edit = dotSlash(w);
            if (edit && !stranded) fix = { edits: edit };
          } else if (
            issue.id === "afterLastAction" &&
            actions.length === 1 &&
            !dynamic &&
            reading.issues.filter((i) => i.word === w).length === 1
          ) {
            // Moved, the setting takes effect: rotation and selection change, a processor runs.
            const edits = moveBefore(text, words, words.indexOf(w), words.indexOf(actions[0]!));
            if (edits) fix = { edits, applicability: "unsafe" };
          } else if (issue.id === "unknownDirective" && literal(w) && w.value!.startsWith("s")) {
            suggest = unitSizes(w.value!.slice(1), S6_LOG_SIZE.min, S6_LOG_SIZE.max).map((o) => ({
              desc: `Write \`s${o.bytes}\` (${o.label})`,
              edits: { range: [w.node.startIndex, w.node.endIndex], text: `s${o.bytes}` },
            }));
          } else if (issue.id === "noAction") {
            const end = words[words.length - 1]!.node.endIndex;
            suggest = [
              {
                desc: "Add the directory `./main` at the end of the script",
                edits: { range: [end, end], text: " ./main" },
              },
            ];
          }
          context.report({
            node: w.node,
            messageId: issue.id,
            data: issue.data,
            ...(WARNINGS.has(issue.id) ? { severity: "warning" as const } : {}),
            ...(fix ? { fix } : {}),
            ...(suggest && suggest.length > 0 ? { suggest } : {}),
          });
        }
      },
    };
  },
});
