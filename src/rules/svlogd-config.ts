// svlogd (runit 2.1.2): `-b` must exceed `-l` or it prints its usage and exits 111; it needs a
// directory; and it silently ignores any line of DIR/config it does not know.
import * as posix from "node:path/posix";
import { defineRule, type Edit, type ReportDescriptor } from "../engine/rule.js";
import { readSvlogdArgs, readSvlogdConfig, type SvlogdArgs } from "../knowledge/loggers.js";
import { execChain, finalProgram } from "../model/chains.js";
import type { Program } from "../model/model.js";
import { literal, unitSizes } from "../fix/edits.js";

/** A line of a text: where its content starts and ends (without `\r\n`), and its content. */
interface Line {
  start: number;
  end: number;
  content: string;
  eol: string;
}

function linesOf(text: string): Line[] {
  const out: Line[] = [];
  let start = 0;
  for (const raw of text.split("\n")) {
    const content = raw.replace(/\r$/, "");
    out.push({ start, end: start + content.length, content, eol: raw.endsWith("\r") ? "\r\n" : "\n" });
    start += raw.length + 1;
  }
  return out;
}

/**
 * `-b` just above `-l`, the smallest buffer svlogd accepts: the value of the last `-b` replaced,
 * or `-b N` added after `-l`. None when an option is only known at run time, or a value is not
 * the number it reads as (`-b 0` is svlogd's default 1024: see readSvlogdArgs).
 */
function bufferFix(p: Program, a: SvlogdArgs): Edit | undefined {
  const options = p.args.slice(0, p.args.length - a.directories.length);
  if (options.some((w) => w.value === undefined)) return undefined;
  const { lineLength: l, bufferLength: b } = a;
  const want = String(l.value + 1);
  if (b.word) {
    const m = /^(?:-[tv]*b)?(\d+)$/.exec(b.word.text);
    if (!m || !literal(b.word) || Number(m[1]) !== b.value) return undefined;
    const end = b.word.node.endIndex;
    return { range: [end - m[1]!.length, end], text: want };
  }
  if (!l.word || !/^(?:-[tv]*l)?\d+$/.test(l.word.text)) return undefined;
  const end = l.word.node.endIndex;
  return { range: [end, end], text: ` -b ${want}` };
}

export default defineRule({
  meta: {
    id: "svlogd-config",
    type: "problem",
    severity: "error",
    docs: { description: "Require svlogd's options and its directories' config files to be ones svlogd accepts" },
    fixable: "code",
    hasSuggestions: true,
    messages: {
      bufferTooSmall:
        "svlogd's buffer (-b {{buffer}}) must be larger than its line length (-l {{line}}): svlogd prints its usage and exits " +
        "111, so the logger restarts every second. Write `-b {{fix}}` or more, or a smaller -l.",
      noDirectory:
        "svlogd is given no log directory: it prints its usage and exits 111. Add one, e.g. `svlogd -tt ./main`.",
      configUnknown:
        "`{{setting}}` is not an svlogd setting, so svlogd silently ignores this line. Settings: sSIZE, nNUM, NMIN, tSECS, " +
        "!processor, uHOST[:PORT], pPREFIX, and + - e E patterns.",
      configNumber:
        "svlogd reads `{{setting}}` as `{{read}}`: it takes only the digits right after `{{letter}}`. Write the number alone.",
      configMinOverMax:
        "`N{{min}}` must be below `n{{max}}`: svlogd cannot keep at least {{min}} old files when it keeps at most {{max}}. Lower N or raise n.",
    },
  },
  create(context) {
    /** Corrections of a config line a person chooses: what a size with a unit means, how to order N and n. */
    const configSuggestions = (config: string, line: number, id: string): ReportDescriptor["suggest"] => {
      const lines = linesOf(config);
      const at = lines[line - 1];
      if (!at) return undefined;
      if (id === "configNumber" && at.content.startsWith("s"))
        return unitSizes(at.content.slice(1).trimEnd(), 1, Number.MAX_SAFE_INTEGER).map((o) => ({
          desc: `Write \`s${o.bytes}\` (${o.label})`,
          edits: { range: [at.start, at.end], text: `s${o.bytes}` },
        }));
      if (id !== "configMinOverMax") return undefined;
      // The n that counts is the last one written, or svlogd's default of 10.
      const n = lines.filter((l) => /^n\d+\s*$/.test(l.content)).at(-1);
      const max = n ? Number(/\d+/.exec(n.content)![0]) : 10;
      const min = Number(/\d+/.exec(at.content)![0]);
      const raise = `n${min + 1}`;
      return [
        { desc: `Lower N: write \`N${max - 1}\``, edits: { range: [at.start, at.end], text: `N${max - 1}` } },
        {
          desc: `Raise n: write \`${raise}\``,
          edits: n ? { range: [n.start, n.end], text: raise } : { range: [at.start, at.start], text: raise + at.eol },
        },
      ];
    };

    return {
      command(cmd, script) {
        const p = finalProgram(execChain(cmd));
        if (p?.name !== "svlogd") return;
        const a = readSvlogdArgs(p.args);
        if (a.bufferLength.value <= a.lineLength.value) {
          const where = a.bufferLength.word ?? a.lineLength.word ?? p.word;
          const edit = bufferFix(p, a);
          context.report({
            node: where.node,
            messageId: "bufferTooSmall",
            data: { buffer: a.bufferLength.value, line: a.lineLength.value, fix: a.lineLength.value + 1 },
            ...(edit ? { fix: { edits: edit } } : {}),
          });
        }
        if (a.directories.length === 0 && !a.dynamic) {
          const end = (p.args.at(-1) ?? p.word).node.endIndex;
          context.report({
            node: p.word.node,
            messageId: "noDirectory",
            suggest: [{ desc: "Add the directory `./main`", edits: { range: [end, end], text: " ./main" } }],
          });
        }
        // DIR/config, for directories inside the service (relative to the script's directory).
        for (const d of a.directories) {
          const v = d.value;
          if (v === undefined) continue;
          const svcAbs = context.service.abs;
          let rel: string;
          if (posix.isAbsolute(v)) {
            if (!v.startsWith(svcAbs + "/")) continue;
            rel = v.slice(svcAbs.length + 1);
          } else rel = posix.join(posix.dirname(script.rel), v);
          rel = posix.normalize(posix.join(rel, "config"));
          if (rel.startsWith("..")) continue;
          const config = context.readText(rel);
          if (config === undefined) continue;
          for (const issue of readSvlogdConfig(config)) {
            const suggest = configSuggestions(config, issue.line, issue.id);
            context.report({
              file: rel,
              line: issue.line,
              messageId: issue.id,
              data: issue.data,
              ...(suggest && suggest.length > 0 ? { suggest } : {}),
            });
          }
        }
      },
    };
  },
});
