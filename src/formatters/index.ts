// Formatters are loaded on demand: the JSON path never pays for chalk, stylish never for SARIF.
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

export const FORMATS = ["stylish", "json", "sarif", "gcc", "github"] as const;
export type FormatName = (typeof FORMATS)[number];

export async function loadFormatter(name: FormatName): Promise<Formatter> {
  switch (name) {
    case "stylish":
      return (await import("./stylish.js")).default;
    case "json":
      return (await import("./json.js")).default;
    case "sarif":
      return (await import("./sarif.js")).default;
    case "gcc":
      return (await import("./gcc.js")).default;
    case "github":
      return (await import("./github.js")).default;
  }
}
