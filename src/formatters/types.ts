// The shape of a formatter: a report in, text out (or text in pieces, for big reports).
import type { LintReport } from "../index.js";

export interface FormatOptions {
  /** Colour: true, false, or undefined to detect (NO_COLOR, FORCE_COLOR, a TTY). */
  color?: boolean;
  cwd: string;
}

export interface Formatter {
  (report: LintReport, options: FormatOptions): string;
  /** The same text in pieces, for formatters that can stream (big reports: docs/performance.md#report-streaming). */
  pieces?: (report: LintReport, options: FormatOptions) => Iterable<string>;
}
