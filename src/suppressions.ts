// Bulk suppressions, after ESLint's (9.24): a file that counts, per file and rule, the findings a
// repository has accepted for now, so that turning svlint on in a tree of 600 services fails CI
// on new findings only, while the old ones are paid down. Counts, not lines: findings keep their
// suppression when lines move. A file+rule with more findings than its count reports them all
// (which of them is new cannot be told), as ESLint does.
import * as fs from "node:fs";
import * as path from "node:path";
import type { Diagnostic } from "./engine/rule.js";
import type { FileResult } from "./engine/lint.js";

export const DEFAULT_SUPPRESSIONS_FILE = "svlint-suppressions.json";

/** File (relative to the suppressions file's directory, `/` separators) → rule → accepted count. */
export type SuppressionCounts = Record<string, Record<string, { count: number }>>;

export interface UnusedSuppression {
  file: string;
  rule: string;
  /** How many of the suppressed count no longer occur. */
  count: number;
}

export class SuppressionsError extends Error {}

/** Only errors and warnings are suppressed: notes never fail a run, and a crashed rule is a bug to see. */
const suppressible = (m: Diagnostic): boolean => m.severity !== "info" && m.ruleId !== "rule-error";

const relKey = (base: string, filePath: string): string => path.relative(base, filePath).split(path.sep).join("/");

export function readSuppressions(file: string): SuppressionCounts {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return {};
    throw new SuppressionsError(`cannot read ${file}: ${(err as Error).message}`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new SuppressionsError(`${file} is not JSON: ${(err as Error).message}`);
  }
  const bad = (): never => {
    throw new SuppressionsError(`${file}: expected { "FILE": { "RULE": { "count": N } } }`);
  };
  if (typeof data !== "object" || data === null || Array.isArray(data)) bad();
  for (const rules of Object.values(data as object)) {
    if (typeof rules !== "object" || rules === null || Array.isArray(rules)) bad();
    for (const entry of Object.values(rules as object)) {
      const n = (entry as { count?: unknown } | null)?.count;
      if (typeof n !== "number" || !Number.isInteger(n) || n < 1) bad();
    }
  }
  return data as SuppressionCounts;
}

/** Sorted by file, then rule, two-space JSON: a stable file whose diffs review well. Written atomically. */
export function writeSuppressions(file: string, counts: SuppressionCounts): void {
  const sorted: SuppressionCounts = {};
  for (const f of Object.keys(counts).sort()) {
    const rules = counts[f]!;
    const ids = Object.keys(rules)
      .filter((r) => rules[r]!.count > 0)
      .sort();
    if (ids.length === 0) continue;
    sorted[f] = Object.fromEntries(ids.map((r) => [r, { count: rules[r]!.count }]));
  }
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  fs.writeFileSync(tmp, JSON.stringify(sorted, null, 2) + "\n");
  fs.renameSync(tmp, file);
}

/** The counts of the results' errors and warnings (of `rules` only, when given). */
export function countsOf(results: readonly FileResult[], base: string, rules?: ReadonlySet<string>): SuppressionCounts {
  const out: SuppressionCounts = {};
  for (const r of results) {
    for (const m of [...r.messages, ...(r.suppressedMessages ?? [])]) {
      if (!suppressible(m) || (rules && !rules.has(m.ruleId))) continue;
      const byRule = (out[relKey(base, r.filePath)] ??= {});
      (byRule[m.ruleId] ??= { count: 0 }).count++;
    }
  }
  return out;
}

/** `base` with `update`'s entries laid over it (file by file, rule by rule). */
export function mergeCounts(base: SuppressionCounts, update: SuppressionCounts): SuppressionCounts {
  const out: SuppressionCounts = structuredClone(base);
  for (const [f, rules] of Object.entries(update)) Object.assign((out[f] ??= {}), structuredClone(rules));
  return out;
}

/**
 * Which entries match fewer findings than they count: in a file this run linted, or a file that
 * is gone. Entries of files the run did not lint stay as they are.
 */
function shortfalls(results: readonly FileResult[], counts: SuppressionCounts, base: string): UnusedSuppression[] {
  const linted = new Map(results.map((r) => [relKey(base, r.filePath), r]));
  const out: UnusedSuppression[] = [];
  for (const [f, rules] of Object.entries(counts)) {
    const r = linted.get(f);
    if (!r && fs.existsSync(path.join(base, f))) continue;
    for (const [rule, { count }] of Object.entries(rules)) {
      const n = r
        ? [...r.messages, ...(r.suppressedMessages ?? [])].filter((m) => m.ruleId === rule && suppressible(m)).length
        : 0;
      // More findings than the count: they are all reported, and the entry is not unused.
      if (n < count) out.push({ file: f, rule, count: count - n });
    }
  }
  return out;
}

/** The counts with every shortfall taken off; entries left at zero go. */
export function pruneCounts(
  results: readonly FileResult[],
  counts: SuppressionCounts,
  base: string,
): SuppressionCounts {
  const out: SuppressionCounts = structuredClone(counts);
  for (const u of shortfalls(results, counts, base)) {
    const rules = out[u.file]!;
    rules[u.rule]!.count -= u.count;
    if (rules[u.rule]!.count <= 0) delete rules[u.rule];
    if (Object.keys(rules).length === 0) delete out[u.file];
  }
  return out;
}

/**
 * Moves the suppressed findings of each result into its `suppressedMessages` (ESLint's field) and
 * recounts. Returns the suppressions that matched fewer findings than they count.
 */
export function applySuppressions(results: FileResult[], counts: SuppressionCounts, base: string): UnusedSuppression[] {
  for (const r of results) {
    const rules = counts[relKey(base, r.filePath)];
    if (!rules) continue;
    const found = new Map<string, number>();
    for (const m of r.messages) if (suppressible(m)) found.set(m.ruleId, (found.get(m.ruleId) ?? 0) + 1);
    const suppressed = r.messages.filter(
      (m) => suppressible(m) && found.get(m.ruleId)! <= (rules[m.ruleId]?.count ?? 0),
    );
    if (suppressed.length === 0) continue;
    r.messages = r.messages.filter((m) => !suppressed.includes(m));
    r.suppressedMessages = [...(r.suppressedMessages ?? []), ...suppressed];
    r.errorCount = r.messages.filter((m) => m.severity === "error").length;
    r.warningCount = r.messages.filter((m) => m.severity === "warning").length;
  }
  return shortfalls(results, counts, base);
}
