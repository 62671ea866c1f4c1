// svlint's programmatic API: lint(paths, options) → a report the formatters print.
import { CORE_RULES } from "./engine/core-rules.js";
import type { RuleMeta } from "./engine/rule.js";
import { lintService, type FileResult, type SeveritySetting } from "./engine/run.js";
import { discover, type DiscoveryProblem } from "./discover.js";
import { RULES } from "./rules/index.js";
import { readService, type LintContext } from "./service.js";

export type { Diagnostic, Rule, RuleMeta, Severity } from "./engine/rule.js";
export type { FileResult, SeveritySetting } from "./engine/run.js";
export type { LintContext } from "./service.js";
export { RULES };

export interface LintOptions {
  /** Force a context; by default each service is `repo` inside a git work tree, else `live`. */
  context?: LintContext;
  /** Severity overrides by rule id. */
  rules?: Readonly<Record<string, SeveritySetting>>;
}

export interface LintReport {
  results: FileResult[];
  /** Absolute paths of the services linted. */
  services: string[];
  /** Paths that could not be used (exit 2). */
  fatal: DiscoveryProblem[];
  warnings: DiscoveryProblem[];
  errorCount: number;
  warningCount: number;
  infoCount: number;
  /** Rules that threw: a bug in svlint (exit 2). */
  ruleErrorCount: number;
}

/** Metadata of every rule and built-in check, sorted by id. */
export function allRuleMetas(): RuleMeta[] {
  return [...RULES.map((r) => r.meta), ...CORE_RULES].sort((a, b) => a.id.localeCompare(b.id));
}

export function lint(paths: string[], options: LintOptions = {}): LintReport {
  const found = discover(paths);
  const severities = new Map(Object.entries(options.rules ?? {}));
  const results: FileResult[] = [];
  for (const abs of found.services) {
    const svc = readService(abs, options.context ? { context: options.context } : {});
    results.push(...lintService(svc, { rules: RULES, severities }));
  }
  let errorCount = 0;
  let warningCount = 0;
  let infoCount = 0;
  let ruleErrorCount = 0;
  for (const r of results) {
    errorCount += r.errorCount;
    warningCount += r.warningCount;
    infoCount += r.infoCount;
    ruleErrorCount += r.messages.filter((m) => m.ruleId === "rule-error").length;
  }
  return { results, services: found.services, fatal: found.fatal, warnings: found.warnings, errorCount, warningCount, infoCount, ruleErrorCount };
}
