// ESLint's JSON shape: one object per file with messages and counts. ESLint's numeric
// severities (2 error, 1 warning) plus 0 for svlint's informational notes; `level` says it in words.
import type { Formatter } from "./index.js";

const NUMERIC = { error: 2, warning: 1, info: 0 } as const;

const format: Formatter = (report) =>
  JSON.stringify(
    report.results.map((r) => ({
      filePath: r.filePath,
      service: r.service,
      ...(r.supervisor ? { supervisor: r.supervisor } : {}),
      messages: r.messages.map((m) => ({
        ruleId: m.ruleId,
        severity: NUMERIC[m.severity],
        level: m.severity,
        message: m.message,
        line: m.line,
        column: m.column,
        endLine: m.endLine,
        endColumn: m.endColumn,
      })),
      errorCount: r.errorCount,
      warningCount: r.warningCount,
      infoCount: r.infoCount,
      fatalErrorCount: 0,
      fixableErrorCount: 0,
      fixableWarningCount: 0,
    })),
  ) + "\n";

export default format;
