// ESLint's stylish layout: a heading per file, one line per finding, a summary.
import { Chalk, supportsColor } from "chalk";
import { displayPath } from "./paths.js";
import type { Formatter } from "./types.js";

function colorLevel(wanted: boolean | undefined): 0 | 1 | 2 | 3 {
  if (wanted === false) return 0;
  const env = process.env;
  if (wanted === undefined && env.NO_COLOR !== undefined && env.NO_COLOR !== "" && env.FORCE_COLOR === undefined)
    return 0;
  const detected = supportsColor ? supportsColor.level : 0;
  return wanted === true ? detected || 1 : detected;
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? "" : "s"}`;

const format: Formatter = (report, options) => {
  const c = new Chalk({ level: colorLevel(options.color) });
  const out: string[] = [];
  for (const r of report.results) {
    if (r.messages.length === 0) continue;
    out.push("", c.underline(displayPath(r.filePath, options.cwd)));
    const rows = r.messages.map((m) => [`${m.line}:${m.column}`, m.severity, m.message, m.ruleId, m.related] as const);
    const posWidth = Math.max(...rows.map((x) => x[0].length));
    const sevWidth = Math.max(...rows.map((x) => x[1].length));
    for (const [pos, sev, msg, id, related] of rows) {
      const sevText =
        sev === "error"
          ? c.red(sev.padEnd(sevWidth))
          : sev === "warning"
            ? c.yellow(sev.padEnd(sevWidth))
            : c.blue(sev.padEnd(sevWidth));
      out.push(`  ${c.dim(pos.padEnd(posWidth))}  ${sevText}  ${msg}  ${c.dim(id)}`);
      // A failure's possible causes, under it (they are also listed in their own place).
      for (const x of related ?? [])
        out.push(
          `  ${" ".repeat(posWidth + sevWidth + 2)}  ${c.dim("↳ possible cause:")} ${x.line}:${x.column} ${x.ruleId}`,
        );
    }
  }
  const problems = report.errorCount + report.warningCount;
  if (problems > 0 || report.infoCount > 0) {
    const parts = [plural(report.errorCount, "error"), plural(report.warningCount, "warning")];
    if (report.infoCount > 0) parts.push(plural(report.infoCount, "note"));
    const mark = report.errorCount > 0 ? c.red.bold("✖") : problems > 0 ? c.yellow.bold("⚠") : c.blue.bold("ℹ");
    out.push(
      "",
      `${mark} ${c.bold(`${plural(problems, "problem")} (${parts.join(", ")})`)} in ${plural(report.services.length, "service")}`,
      "",
    );
  } else if (report.services.length > 0) {
    out.push(`${c.green("✔")} ${plural(report.services.length, "service")} checked, no problems`);
  }
  return out.join("\n") + (out.length > 0 ? "\n" : "");
};

export default format;
