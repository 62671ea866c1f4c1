// `file:line:col: severity: message [rule-id]`: what editors and vim's quickfix parse.
import { displayPath } from "./paths.js";
import type { Formatter } from "./types.js";

const LEVEL = { error: "error", warning: "warning", info: "note" } as const;

const format: Formatter = (report, options) =>
  report.results
    .flatMap((r) =>
      r.messages.map(
        (m) =>
          `${displayPath(r.filePath, options.cwd)}:${m.line}:${m.column}: ${LEVEL[m.severity]}: ${m.message} [${m.ruleId}]\n`,
      ),
    )
    .join("");

export default format;
