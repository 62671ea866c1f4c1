// ESLint's JSON shape: one object per file with messages and counts. ESLint's numeric
// severities (2 error, 1 warning) plus 0 for svlint's informational notes; `level` says it in words.
import type { FileResult } from "../engine/lint.js";
import type { Diagnostic } from "../engine/rule.js";
import type { LintReport } from "../index.js";
import { lastLook } from "../live/supervision.js";
import type { Formatter } from "./types.js";

const NUMERIC = { error: 2, warning: 1, info: 0 } as const;

const messageJson = (m: Diagnostic) => ({
  ruleId: m.ruleId,
  severity: NUMERIC[m.severity],
  level: m.severity,
  certainty: m.certainty,
  message: m.message,
  line: m.line,
  column: m.column,
  endLine: m.endLine,
  endColumn: m.endColumn,
  ...(m.fix ? { fix: m.fix } : {}),
  ...(m.suggestions ? { suggestions: m.suggestions } : {}),
  ...(m.modeFix ? { modeFix: { file: m.modeFix.file, mode: m.modeFix.mode.toString(8).padStart(4, "0") } } : {}),
  ...(m.related ? { related: m.related } : {}),
});

/** What plain --fix would correct, as ESLint counts it. */
const fixable = (r: FileResult, severity: Diagnostic["severity"]): number =>
  r.messages.filter((m) => m.severity === severity && m.fix?.applicability === "safe").length;

function fileJson(r: FileResult): string {
  return JSON.stringify({
    filePath: r.filePath,
    service: r.service,
    ...(r.supervisor ? { supervisor: r.supervisor } : {}),
    ...(r.deployment ? { deployment: r.deployment } : {}),
    messages: r.messages.map(messageJson),
    // As ESLint reports bulk suppressions: the finding, and what suppressed it.
    suppressedMessages: (r.suppressedMessages ?? []).map((m) => ({
      ...messageJson(m),
      suppressions: [{ kind: "file", justification: "" }],
    })),
    errorCount: r.errorCount,
    warningCount: r.warningCount,
    infoCount: r.infoCount,
    fatalErrorCount: 0,
    fixableErrorCount: fixable(r, "error"),
    fixableWarningCount: fixable(r, "warning"),
    // As ESLint: the fixed text, when fixing changed the file.
    ...(r.output !== undefined ? { output: r.output } : {}),
    // On `run` in live context: the state the supervisor's files gave at the last look.
    ...(r.supervision
      ? {
          supervision: {
            service: lastLook(r.supervision.service),
            ...(r.supervision.log ? { log: lastLook(r.supervision.log) } : {}),
          },
        }
      : {}),
  });
}

// File by file: the CLI writes each piece as it comes, so a 10,000-service report never exists
// as one object tree nor as one string.
function* pieces(report: LintReport): Iterable<string> {
  yield "[";
  for (let i = 0; i < report.results.length; i++) yield (i === 0 ? "" : ",") + fileJson(report.results[i]!);
  yield "]\n";
}

const format: Formatter = (report) => [...pieces(report)].join("");
format.pieces = pieces;

export default format;
