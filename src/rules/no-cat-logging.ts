// `cat > file` as a logger: the file grows without bound, nothing rotates it, and cat killed
// mid-line loses the partial line. multilog/svlogd/s6-log rotate and write whole lines.
import { defineRule, type Edit, type RuleContext, type SuggestionDescriptor } from "../engine/rule.js";
import { finalOf } from "../model/fileops.js";
import { chainAccount, dropsPrivileges, execChain } from "../model/chains.js";
import type { Command, Program, Redirect, Script } from "../model/model.js";
import { SUPERVISOR_FAMILIES, type SupervisorFamily } from "../knowledge/supervisors.js";
import { creation, fixFor, joined, runBefore } from "../fix/edits.js";

/** Redirect targets that are not log files. */
const NOT_A_FILE = /^\/dev\/(null|stdout|stderr|tty|console|fd\/\d+)$|^\/proc\/self\/fd\/\d+$/;

/** Each suite's logger, writing to `./main` in the logger's directory; svlogd creates no directory. */
const LOGGERS: Record<SupervisorFamily, { words: string[]; createsLast: boolean }> = {
  daemontools: { words: ["multilog", "t", "./main"], createsLast: true },
  runit: { words: ["svlogd", "-tt", "./main"], createsLast: false },
  s6: { words: ["s6-log", "t", "./main"], createsLast: true },
};

/** The range of a redirect with the blanks that separate it from the rest of the command. */
function redirectRange(text: string, r: Redirect, p: Program): readonly [number, number] | undefined {
  const last = (p.args[p.args.length - 1] ?? p.word).node.endIndex;
  if (r.node.endIndex <= p.word.node.startIndex) {
    // Before the program (execline's `redirfd -a 1 FILE`, shell's `>>FILE cat`): up to the next word.
    let end = r.node.endIndex;
    while (end < text.length && /\s/.test(text[end]!)) end++;
    return [r.node.startIndex, end];
  }
  if (r.node.startIndex < last) return undefined;
  // After it: back to the last word, over blanks and shell line continuations.
  let start = r.node.startIndex;
  for (;;) {
    if (start > last && /[ \t]/.test(text[start - 1]!)) start--;
    else if (text.slice(start - 2, start) === "\\\n") start -= 2;
    else if (text.slice(start - 3, start) === "\\\r\n") start -= 3;
    else break;
  }
  return [start, r.node.endIndex];
}

/**
 * Suggestions that replace `cat` with the suite's logger writing to `./main`, in `log/run`: the
 * detected suite's, or each suite's when none is detected. The chain before cat (a privilege
 * drop) is kept, so the directory is made first when the logger cannot make it itself.
 */
function suggestionsFor(context: RuleContext, script: Script, cmd: Command, p: Program, r: Redirect) {
  const out: SuggestionDescriptor[] = [];
  const execline = script.model.language === "execline";
  if (script.rel !== "log/run" || (!execline && !cmd.topLevel)) return out;
  const chain = execChain(cmd);
  const drops = chain.some(dropsPrivileges);
  const account = chainAccount(chain)?.name;
  // `chpst -u "$U"`: who must own the directory is known at run time only.
  if (drops && account === undefined) return out;
  const text = script.model.text;
  const removed = redirectRange(text, r, p);
  if (!removed) return out;
  const last = (p.args[p.args.length - 1] ?? p.word).node.endIndex;
  // The script's last statement runs the logger in the script's place: `exec` it.
  const addExec =
    !execline &&
    cmd.name !== undefined &&
    cmd.name.value !== "exec" &&
    script.model.lastStatement?.startIndex === cmd.statement.startIndex;
  const prefix = [
    ...(!execline && (addExec || cmd.name?.value === "exec") ? ["exec"] : []),
    ...chain.slice(0, -1).flatMap((q) => [q.word, ...q.args].map((w) => w.text)),
  ];
  const families = context.supervisor.family ? [context.supervisor.family] : SUPERVISOR_FAMILIES;
  for (const family of families) {
    const logger = LOGGERS[family];
    // In the order they apply at one offset: the directory's creation, `exec`, the logger.
    const edits: Edit[] = [];
    // As root, multilog and s6-log make ./main in the logger's directory; svlogd makes nothing,
    // and another account cannot write the root-owned logger's directory.
    let after = "";
    if ((drops || !logger.createsLast) && !context.service.entries.has("log/main")) {
      const make = runBefore(script, cmd, creation(execline, "./main", account, logger.createsLast));
      if (!make) continue;
      edits.push(make);
      after = `, after ${fixFor(script, "./main", account, logger.createsLast)}`;
    }
    if (addExec) edits.push({ range: [cmd.name!.node.startIndex, cmd.name!.node.startIndex], text: "exec " });
    edits.push({ range: [p.word.node.startIndex, last], text: logger.words.join(" ") }, { range: removed, text: "" });
    const merged = joined(edits);
    if (!merged) continue;
    const line = [...prefix, ...logger.words].join(" ");
    out.push({
      desc: `Log with ${logger.words[0]} (${family}), which rotates, into ./main: \`${line}\`${after}`,
      edits: merged,
    });
  }
  return out;
}

export default defineRule({
  meta: {
    id: "no-cat-logging",
    type: "problem",
    severity: "warning",
    docs: { description: "Disallow logging with cat redirected to a file instead of a rotating logger" },
    hasSuggestions: true,
    messages: {
      catToFile:
        "`cat` copies the log into `{{file}}`, which grows without bound (nothing rotates it) and loses a partial " +
        "line when cat is stopped. Use a logger that rotates, e.g. `exec multilog t ./main` (daemontools), " +
        "`exec svlogd -tt ./main` (runit) or `exec s6-log t ./main` (s6).",
    },
  },
  create(context) {
    return {
      command(cmd, script) {
        const p = finalOf(cmd);
        if (!p || p.name !== "cat") return;
        // cat with file operands copies files; with a stdin redirect (`<<EOF`, `<f`) it writes a file once.
        const readsStdin = p.args.every((a) => (a.value ?? a.text).startsWith("-")); // options or `-` only
        if (!readsStdin || cmd.redirects.some((r) => r.fd === 0)) return;
        for (const r of cmd.redirects) {
          if (r.fd !== 1 || !/^(>|>>|>\||&>|&>>)$/.test(r.op) || !r.target) continue;
          const target = r.target.value ?? r.target.text;
          if (NOT_A_FILE.test(target)) continue;
          const suggest = suggestionsFor(context, script, cmd, p, r);
          context.report({
            node: cmd.statement,
            messageId: "catToFile",
            data: { file: r.target.text },
            ...(suggest.length > 0 ? { suggest } : {}),
          });
          return;
        }
      },
    };
  },
});
