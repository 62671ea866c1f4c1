// Fixing a run's services: each service with a wanted fix is fixed in one shared engine's overlay
// (fixer.ts), its fixed files written or only reported (write.ts), and its results replaced by
// the findings of the fixed service.
import type { Stats } from "node:fs";
import * as path from "node:path";
import { lstatOrUndefined } from "../host/fsutil.js";
import { Engine, type ServiceOptions } from "../engine/engine.js";
import { severityCounts, type FileResult } from "../engine/lint.js";
import type { Diagnostic, Rule, RuleMeta } from "../engine/rule.js";
import { fixService, wanted, type DroppedFix, type FixFilter } from "./fixer.js";
import { unwritable, writeFixed, writeMode } from "./write.js";

export interface FixRequest {
  /** Write the fixed files; otherwise only report as if fixed. */
  write: boolean;
  unsafe?: boolean;
  types?: ReadonlyArray<RuleMeta["type"]>;
  /** Change modes too (run-executable, env-dir-permissions). */
  modes?: boolean;
}

export interface FixSummary {
  /** Whether files were written (--fix) or only reported as if fixed. */
  written: boolean;
  /** Fixes applied (or, without writing, that would be), by rule id. */
  applied: Record<string, number>;
  /** Files whose text changed (or would). */
  files: string[];
  /** Modes set (or that would be), in git's notation (100755), `from` for regular files only. */
  modes: Array<{ file: string; from?: string; to: string }>;
  /** Fixes left out because the fixed text failed its check. */
  dropped: DroppedFix[];
  /** Files and modes svlint would not or could not write, and why; their findings are reported as they are. */
  notWritten: Array<{ file: string; reason: string }>;
  /** Changed files whose text is never shown (env files: their text is the value). */
  withheld: string[];
}

export interface FixItem {
  dir: string;
  results: FileResult[];
  replace(results: FileResult[]): void;
  options: ServiceOptions;
}

/**
 * A mode change in git's notation (100644 to 100755), which knows only the executable bit of a
 * regular file: `from` is set only when that bit changes.
 */
function modeChange(st: Stats | undefined, mode: number): { from?: string; to: string } {
  const git = (m: number): string => (m & 0o111 ? "100755" : "100644");
  if (!st?.isFile()) return { to: (mode & 0o7777).toString(8).padStart(4, "0") };
  return git(st.mode) === git(mode) ? { to: git(mode) } : { from: git(st.mode), to: git(mode) };
}

export function fixServices(items: readonly FixItem[], rules: readonly Rule[], request: FixRequest): FixSummary {
  const filter: FixFilter = {
    unsafe: request.unsafe === true,
    ...(request.types ? { types: new Set(request.types) } : {}),
    ruleTypes: new Map(rules.map((r) => [r.meta.id, r.meta.type])),
  };
  const modeWanted = (d: Diagnostic): boolean =>
    request.modes === true &&
    d.modeFix !== undefined &&
    (!filter.types || filter.types.has(filter.ruleTypes!.get(d.ruleId) ?? "problem"));
  const summary: FixSummary = {
    written: request.write,
    applied: {},
    files: [],
    modes: [],
    dropped: [],
    notWritten: [],
    withheld: [],
  };
  const engine = new Engine({ rules });
  for (const item of items) {
    const messages = item.results.flatMap((r) => r.messages);
    if (!messages.some((d) => wanted(d, filter) || modeWanted(d))) continue;
    const outcome = fixService(engine, item.dir, item.options, filter);
    summary.dropped.push(...outcome.dropped);
    let results = outcome.results;
    let failed = false;
    for (const [file, { before, after }] of outcome.changed) {
      // A dry run refuses what a write would: the diff never shows a change --fix would not make.
      const why = request.write ? writeFixed(file, before, after, item.dir) : unwritable(file, item.dir);
      if (why) {
        failed = true;
        summary.notWritten.push({ file, reason: why });
      }
    }
    for (const file of outcome.changed.keys()) engine.deleteFile(file);
    if (failed) {
      // Some files are written and some are not: what is on disk now is what to report.
      results = engine.lintService(item.dir, item.options);
    } else {
      for (const [rule, n] of outcome.applied) summary.applied[rule] = (summary.applied[rule] ?? 0) + n;
      summary.files.push(...outcome.changed.keys());
      // Only a script's text is ever shown (JSON output, -f diff): an env file's is its value.
      const scripts = new Set(results.filter((r) => r.source !== undefined).map((r) => r.filePath));
      for (const file of outcome.changed.keys()) if (!scripts.has(file)) summary.withheld.push(file);
      results = results.map((r) => {
        const change = outcome.changed.get(r.filePath);
        return change && scripts.has(r.filePath) ? { ...r, output: change.after, source: change.before } : r;
      });
    }
    results = results.map((r) => {
      const messages = r.messages.filter((d) => {
        if (!modeWanted(d)) return true;
        const abs = path.join(item.dir, d.modeFix!.file);
        const st = lstatOrUndefined(abs);
        const why = request.write
          ? writeMode(abs, d.modeFix!.mode, item.dir)
          : unwritable(abs, item.dir, "file-or-dir");
        if (why) {
          summary.notWritten.push({ file: abs, reason: why });
          return true;
        }
        summary.modes.push({ file: abs, ...modeChange(st, d.modeFix!.mode) });
        summary.applied[d.ruleId] = (summary.applied[d.ruleId] ?? 0) + 1;
        return false;
      });
      return messages.length === r.messages.length ? r : { ...r, messages, ...severityCounts(messages) };
    });
    item.replace(results);
  }
  return summary;
}
