// The fixer: applies the rules' fixes to one service's files in passes until nothing is left to
// fix (at most MAX_PASSES, as ESLint), and lints every fixed text again before keeping it. A fix
// whose text no longer parses, or that makes a finding appear, is dropped and reported. It works
// on an Engine's overlay: nothing here writes to disk (see write.ts).
import * as path from "node:path";
import type { Engine, ServiceOptions } from "../engine/engine.js";
import type { FileResult } from "../engine/lint.js";
import type { Applicability, Diagnostic, Edit, RuleMeta } from "../engine/rule.js";

export const MAX_PASSES = 10;
const MAX_TEXT = 1 << 20;

/** Which fixes to apply. */
export interface FixFilter {
  /** Apply `unsafe` fixes too (--fix-unsafe). */
  unsafe?: boolean;
  /** Only fixes of rules of these types (--fix-type). */
  types?: ReadonlySet<RuleMeta["type"]>;
  /** Each rule's type, by id (for `types`). */
  ruleTypes?: ReadonlyMap<string, RuleMeta["type"]>;
}

/** A fix that was not applied because the fixed text failed its check. */
export interface DroppedFix {
  file: string;
  ruleId: string;
  line: number;
  message: string;
  /** What the fixed text showed: a parse error, or a finding that was not there. */
  reason: string;
}

export interface FixOutcome {
  /** The fixed text of each changed file, by absolute path, with the text it started from. */
  changed: Map<string, { before: string; after: string }>;
  /** Fixes applied, by rule id. */
  applied: Map<string, number>;
  dropped: DroppedFix[];
  /** The findings of the fixed service. */
  results: FileResult[];
  passes: number;
}

/** Whether a diagnostic's fix is one the filter applies. */
export function wanted(d: Diagnostic, filter: FixFilter): boolean {
  if (!d.fix || d.fix.edits.length === 0) return false;
  const ok: Applicability[] = filter.unsafe ? ["safe", "unsafe"] : ["safe"];
  if (!ok.includes(d.fix.applicability)) return false;
  if (filter.types) {
    const type = filter.ruleTypes?.get(d.ruleId);
    if (type === undefined || !filter.types.has(type)) return false;
  }
  return true;
}

/** Lines inserted whole (ending in a newline): others at the same place may go in either order (mkdir lines before a logger). */
const wholeLine = (e: Edit): boolean => e.range[0] === e.range[1] && e.text.endsWith("\n");

/**
 * `text` with `edits` applied, or undefined when an edit lies outside the text or two of them
 * touch (their order would be a guess), except whole lines inserted at one place, kept in order.
 */
export function applyEdits(text: string, edits: readonly Edit[]): string | undefined {
  const sorted = [...edits].sort((a, b) => a.range[0] - b.range[0] || a.range[1] - b.range[1]);
  let out = "";
  let at = 0;
  for (const [i, e] of sorted.entries()) {
    const [start, end] = e.range;
    const prev = sorted[i - 1];
    const stacked = prev !== undefined && wholeLine(prev) && wholeLine(e) && prev.range[0] === start;
    if (start < at || end < start || end > text.length || (i > 0 && start === at && !stacked)) return undefined;
    out += text.slice(at, start) + e.text;
    at = end;
  }
  return out + text.slice(at);
}

/** Whether two fixes touch: applied together, one could undo or split the other. */
function touches(a: readonly Edit[], b: readonly Edit[]): boolean {
  return a.some((x) =>
    b.some(
      (y) =>
        x.range[0] <= y.range[1] &&
        y.range[0] <= x.range[1] &&
        !(wholeLine(x) && wholeLine(y) && x.range[0] === y.range[0] && x.text !== y.text),
    ),
  );
}

/** A finding's identity across a fix: file, rule and message, with line numbers in the message set aside. */
const keyOf = (file: string, d: Diagnostic): string =>
  `${file}\0${d.ruleId}\0${d.message.replace(/\bline \d+/g, "line N")}`;

function census(results: readonly FileResult[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const r of results)
    for (const d of r.messages) {
      const k = keyOf(r.filePath, d);
      counts.set(k, (counts.get(k) ?? 0) + 1);
    }
  return counts;
}

interface Candidate {
  file: string;
  diagnostic: Diagnostic;
}

/**
 * Why a step from `before` to `after` (fixing `fixed`) is not kept, or undefined when it is: the
 * fixed text must parse, each fixed finding must be gone, and no other finding may appear.
 */
function regression(
  before: readonly FileResult[],
  after: readonly FileResult[],
  fixed: readonly Candidate[],
): string | undefined {
  const was = census(before);
  const fixedKeys = new Set<string>();
  for (const c of fixed) {
    const k = keyOf(c.file, c.diagnostic);
    fixedKeys.add(k);
    was.set(k, (was.get(k) ?? 0) - 1);
  }
  const extra: Array<{ r: FileResult; d: Diagnostic; k: string }> = [];
  for (const r of after)
    for (const d of r.messages) {
      const k = keyOf(r.filePath, d);
      const left = (was.get(k) ?? 0) - 1;
      was.set(k, left);
      if (left < 0) extra.push({ r, d, k });
    }
  if (extra.length === 0) return undefined;
  const first = extra.find((e) => e.d.ruleId === "parse-error") ?? extra.find((e) => fixedKeys.has(e.k)) ?? extra[0]!;
  const rel = path.relative(first.r.service, first.r.filePath);
  if (first.d.ruleId === "parse-error") return `the fixed ${rel} does not parse (${first.d.message})`;
  if (fixedKeys.has(first.k)) return `the fixed ${rel} still draws the ${first.d.ruleId} finding`;
  return `the fixed ${rel} draws a new ${first.d.ruleId} finding at line ${first.d.line}`;
}

/**
 * Fixes the service at `dir` in `engine`'s overlay: each pass takes, file by file, the wanted
 * fixes that do not touch one another, applies them, and lints again; a pass whose result fails
 * the check is retried one fix at a time, and the fixes that fail alone are dropped.
 */
export function fixService(engine: Engine, dir: string, options: ServiceOptions, filter: FixFilter): FixOutcome {
  const lint = (): FileResult[] => engine.lintService(dir, options);
  const texts = new Map<string, string>();
  const original = new Map<string, string>();
  const read = (file: string): string | undefined => {
    if (!texts.has(file)) {
      const text = engine.host.readFile(file, MAX_TEXT).text;
      if (text === undefined) return undefined;
      texts.set(file, text);
      original.set(file, text);
    }
    return texts.get(file);
  };
  const set = (file: string, text: string): void => {
    texts.set(file, text);
    engine.setFile(file, text);
  };
  const outcome: FixOutcome = { changed: new Map(), applied: new Map(), dropped: [], results: lint(), passes: 0 };
  /**
   * Findings whose fix failed alone, with the generation of the texts it failed on: tried again
   * only once another fix has changed the service (it may then pass, as a second run would find).
   */
  let generation = 0;
  const refused = new Map<string, number>();
  const dropped = new Map<string, DroppedFix>();
  const drop = (c: Candidate, reason: string | undefined): void => {
    const key = keyOf(c.file, c.diagnostic);
    refused.set(key, generation);
    if (reason === undefined) return;
    dropped.set(key, {
      file: c.file,
      ruleId: c.diagnostic.ruleId,
      line: c.diagnostic.line,
      message: c.diagnostic.message,
      reason,
    });
  };

  /** Applies `batch` (fixes of one file) and keeps the result if it passes the check. */
  const attempt = (file: string, batch: readonly Candidate[]): boolean => {
    const before = read(file);
    if (before === undefined) return false;
    const after = applyEdits(
      before,
      batch.flatMap((c) => c.diagnostic.fix!.edits),
    );
    if (after === undefined || after === before) {
      if (batch.length === 1)
        drop(batch[0]!, after === undefined ? "its edits overlap or lie outside the text" : undefined);
      return false;
    }
    set(file, after);
    const results = lint();
    const why = regression(outcome.results, results, batch);
    if (why === undefined) {
      outcome.results = results;
      generation++;
      for (const c of batch) {
        outcome.applied.set(c.diagnostic.ruleId, (outcome.applied.get(c.diagnostic.ruleId) ?? 0) + 1);
        dropped.delete(keyOf(c.file, c.diagnostic));
      }
      return true;
    }
    set(file, before);
    if (batch.length === 1) drop(batch[0]!, why);
    return false;
  };

  /** The wanted fixes of the current findings not refused since the last change, by file, in text order. */
  const candidates = (): Map<string, Candidate[]> => {
    const byFile = new Map<string, Candidate[]>();
    for (const r of outcome.results)
      for (const d of r.messages) {
        if (!wanted(d, filter) || refused.get(keyOf(r.filePath, d)) === generation) continue;
        const list = byFile.get(r.filePath) ?? [];
        list.push({ file: r.filePath, diagnostic: d });
        byFile.set(r.filePath, list);
      }
    for (const list of byFile.values()) list.sort((a, b) => firstEdit(a) - firstEdit(b));
    return byFile;
  };

  for (let pass = 1; pass <= MAX_PASSES; pass++) {
    const byFile = candidates();
    if (byFile.size === 0) break;
    outcome.passes = pass;
    let progress = false;
    for (const [file, list] of byFile) {
      // Fixes that touch one another wait for the next pass, which lints them anew.
      const batch: Candidate[] = [];
      for (const c of list)
        if (!batch.some((b) => touches(b.diagnostic.fix!.edits, c.diagnostic.fix!.edits))) batch.push(c);
      if (attempt(file, batch)) {
        progress = true;
        continue;
      }
      if (batch.length === 1) continue;
      // One at a time, each from the findings of the text as it now is (a kept fix makes the
      // others' ranges stale). Every kept fix lowers the number of findings, so this ends.
      for (let again = true; again;) {
        again = false;
        for (const c of candidates().get(file) ?? [])
          if (attempt(file, [c])) {
            progress = again = true;
            break;
          }
      }
    }
    if (!progress) break;
  }
  outcome.dropped = [...dropped.values()];
  for (const [file, after] of texts) {
    const before = original.get(file)!;
    if (after !== before) outcome.changed.set(file, { before, after });
  }
  return outcome;
}

const firstEdit = (c: Candidate): number => Math.min(...c.diagnostic.fix!.edits.map((e) => e.range[0]));
