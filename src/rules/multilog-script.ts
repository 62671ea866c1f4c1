// multilog's script (its arguments) is read left to right, and any argument it does not know is
// silently ignored: `multilog t main` exits 0 and logs nothing anywhere (daemontools 0.76).
import * as posix from "node:path/posix";
import { defineRule, type ReportDescriptor, type Severity } from "../engine/rule.js";
import { BLANKS, dotSlash, literal, moveBefore, unitSizes } from "../fix/edits.js";
import { MULTILOG_SIZE, loggerCall, readMultilogScript } from "../knowledge/loggers.js";
import { execChain, finalProgram } from "../model/chains.js";
import type { Script, Word } from "../model/model.js";
import { effectiveKind } from "../service.js";

const WARNINGS = new Set(["sizeClamped", "countClamped", "afterLastDirectory"]);
/**
 * `d` is written only by people who run a patched multilog that has it (all 8 uses on the
 * real-world corpus were in sagredo's qmail trees, built with his daemontools 0.78 patch): a note.
 */
const NOTES = new Set(["patchedDatetime"]);

/** Patterns that match the same lines with a timestamp in front as without: everything. */
const STAMP_BLIND = new Set(["+*", "-*"]);

export default defineRule({
  meta: {
    id: "multilog-script",
    type: "problem",
    severity: "error",
    docs: {
      severities: "error / warning",
      description: "Require multilog's script to use only actions multilog knows, in an order that takes effect",
    },
    fixable: "code",
    hasSuggestions: true,
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
    /** Whether the script changes directory: then a relative directory is not the service's. */
    const changesDirectory = (script: Script): boolean =>
      script.model.commands.some((c) => execChain(c).some((p) => p.name === "cd"));

    /**
     * `./name` is safe where multilog can use it: the directory is in the service, or the logger runs
     * as root and its parent is. Elsewhere a logger that now logs nothing (but runs) could instead
     * exit 111 and block the service.
     */
    const directoryReady = (script: Script, value: string, drops: boolean): boolean => {
      if (changesDirectory(script)) return false;
      const rel = posix.normalize(posix.join(posix.dirname(script.rel), value)).replace(/\/+$/, "");
      if (rel.startsWith("..")) return false;
      if (effectiveKind(context.service.entries.get(rel)) === "dir") return true;
      const parent = posix.dirname(rel);
      return !drops && (parent === "." || effectiveKind(context.service.entries.get(parent)) === "dir");
    };

    return {
      command(cmd, script) {
        const p = finalProgram(execChain(cmd));
        if (p?.name !== "multilog") return;
        const args = p.args;
        const text = script.model.text;
        const reading = readMultilogScript(args);
        const dynamic = args.some((w) => w.value === undefined);
        // A word with two findings is left to a person: fixing one would reword the other.
        const alone = (w: Word): boolean => reading.issues.filter((i) => i.word === w).length === 1;
        const names = new Set(reading.issues.filter((i) => i.id === "notDirectory").map((i) => i.word));
        for (const issue of reading.issues) {
          const severity: Severity | undefined = WARNINGS.has(issue.id)
            ? "warning"
            : NOTES.has(issue.id)
              ? "info"
              : undefined;
          const w = issue.word;
          const at = args.indexOf(w);
          let fix: ReportDescriptor["fix"];
          let suggest: ReportDescriptor["suggest"];
          if (issue.id === "notDirectory") {
            const edit = dotSlash(w);
            const drops = loggerCall(cmd)?.drops ?? true;
            // Settings after it with no directory to follow would then come after the last one.
            const later = args.slice(at + 1);
            const stranded =
              later.some((a) => /^[sn!]/.test(a.value ?? "")) &&
              !later.some((a) => /^[./]/.test(a.value ?? "") || names.has(a));
            if (edit && !stranded)
              fix = {
                edits: edit,
                ...(directoryReady(script, w.value!, drops) ? {} : { applicability: "unsafe" as const }),
              };
          } else if (issue.id === "tNotFirst" && !args.slice(0, at).some((a) => a.value === undefined)) {
            if (args[0]!.value === "t") {
              // A `t` is already first: this one is a no-op.
              const prev = args[at - 1]!;
              if (BLANKS.test(text.slice(prev.node.endIndex, w.node.startIndex)))
                fix = { edits: { range: [prev.node.endIndex, w.node.endIndex], text: "" } };
            } else {
              const edits = moveBefore(text, args, at, 0);
              // Stamped lines start with `@4000…`: patterns other than `*` and processors see them.
              const seesStamp = args.some(
                (a) => a.value?.startsWith("!") || (/^[+-]/.test(a.value ?? "") && !STAMP_BLIND.has(a.value!)),
              );
              if (edits) fix = { edits, ...(seesStamp ? { applicability: "unsafe" as const } : {}) };
            }
          } else if (issue.id === "countClamped" && literal(w) && alone(w)) {
            // multilog uses n2 whatever is written below it: writing it changes nothing.
            fix = { edits: { range: [w.node.startIndex, w.node.endIndex], text: "n2" } };
          } else if (issue.id === "afterLastDirectory" && reading.directories.length === 1 && !dynamic && alone(w)) {
            // Moved, the setting takes effect: rotation changes, older logs may go, a processor runs.
            const edits = moveBefore(text, args, at, args.indexOf(reading.directories[0]!));
            if (edits) fix = { edits, applicability: "unsafe" };
          } else if (issue.id === "badNumber" && literal(w) && w.value!.startsWith("s")) {
            suggest = unitSizes(w.value!.slice(1), MULTILOG_SIZE.min, MULTILOG_SIZE.max).map((o) => ({
              desc: `Write \`s${o.bytes}\` (${o.label})`,
              edits: { range: [w.node.startIndex, w.node.endIndex], text: `s${o.bytes}` },
            }));
          } else if (issue.id === "noDirectory") {
            const end = args[args.length - 1]!.node.endIndex;
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
            ...(severity ? { severity } : {}),
            ...(fix ? { fix } : {}),
            ...(suggest && suggest.length > 0 ? { suggest } : {}),
          });
        }
      },
    };
  },
});
