// svlint's programmatic API: lint(paths, options) → a report the formatters print.
import * as path from "node:path";
import { createConfigResolver, type ResolvedConfig } from "./engine/config.js";
import { CORE_RULES } from "./engine/core-rules.js";
import type { Rule, RuleMeta } from "./engine/rule.js";
import type { ServiceJob } from "./runner/job.js";
import { lintJobs, workerPlan, WorkerPool, type Concurrency } from "./runner/pool.js";
import { byCodeUnit, type FileResult, type SeveritySetting } from "./engine/lint.js";
import type { FixRequest, FixSummary } from "./fix/run.js";
import { discover, type Discovery, type DiscoveryProblem } from "./discover.js";
import { RULES } from "./rules/index.js";
import type { LintContext } from "./service.js";
import type { SupervisorFamily } from "./knowledge/supervisors.js";
import { diskHost } from "./host/disk.js";
import { firstLook, needsSecondLook, SECOND_LOOK_MS } from "./live/supervision.js";
import type { DeploymentKind } from "./deployment.js";
import {
  applySuppressions,
  countsOf,
  mergeCounts,
  pruneCounts,
  readSuppressions,
  writeSuppressions,
  type UnusedSuppression,
} from "./suppressions.js";

export type { Diagnostic, Rule, RuleMeta, Severity } from "./engine/rule.js";
export type { FileResult, SeveritySetting } from "./engine/lint.js";
export type { LintContext } from "./service.js";
export type { SupervisorFamily } from "./knowledge/supervisors.js";
export { ConfigError } from "./engine/config.js";
export type { Concurrency } from "./runner/pool.js";
export { RULES };
export { Engine, lintServiceText, type EngineSetup, type ServiceOptions } from "./engine/engine.js";
export type { Host } from "./host/host.js";
export { diskHost } from "./host/disk.js";
export { OverlayHost, emptyHost, type OverlayFile } from "./host/overlay.js";

export interface LintOptions {
  /** Force a context (beats the config file); by default `repo` inside a git work tree, else `live`. */
  context?: LintContext;
  /** The passwd database for unknown-account (default /etc/passwd): a mounted image's own, say. */
  passwd?: string;
  /** Force the supervision suite (beats the config file); detected per service by default. */
  supervisor?: SupervisorFamily;
  /** Severity overrides by rule id (beat the config file). */
  rules?: Readonly<Record<string, SeveritySetting>>;
  /** Use this config file for every service instead of searching. */
  configFile?: string;
  /** Use no config file at all. */
  noConfig?: boolean;
  /** Honour `# svlint disable=…` comments (default true). */
  inlineConfig?: boolean;
  /**
   * Keep each script's text in its result, for SARIF fingerprints (default true). The CLI turns
   * it off for the other formats: 10,000 services' scripts held until the end cost memory.
   */
  keepSource?: boolean;
  reportUnusedDisableDirectives?: boolean;
  /**
   * Worker threads: `auto` (the default) uses one per core once the run is big enough to repay
   * their start (see autoWorkerThreshold; on 2 cores never), `off` or 1 lints in-process (its
   * scripts still parse on a thread of libuv's pool), a number is taken as given.
   */
  concurrency?: Concurrency;
  /** Called as services are linted (for a progress display). */
  onProgress?: (done: number, total: number) => void;
  /**
   * The rules to run instead of svlint's own (RULES). Worker threads know only the registry's
   * rules, so a set with rules of its own runs in this thread.
   */
  ruleSet?: readonly Rule[];
  /** Bulk suppressions (src/suppressions.ts): findings the file accepts are set apart. */
  suppressions?: SuppressionOptions;
  /** Fix what can be fixed (src/fix/): the report is then about the fixed files. */
  fix?: FixRequest;
}

export type { FixRequest as FixOptions, FixSummary } from "./fix/run.js";

export interface SuppressionOptions {
  /** The suppressions file; paths in it are relative to its directory. */
  file: string;
  /** First add the current errors and warnings to the file: all of them, or those of these rules. */
  suppress?: "all" | readonly string[];
  /** First lower each entry of the file to what still occurs. */
  prune?: boolean;
}

export interface LintReport {
  results: FileResult[];
  /** Absolute paths of the services linted. */
  services: string[];
  /** Services skipped by a config file's `ignores`. */
  ignored: string[];
  /** Paths that could not be used (exit 2). */
  fatal: DiscoveryProblem[];
  warnings: DiscoveryProblem[];
  errorCount: number;
  warningCount: number;
  infoCount: number;
  /** Rules that threw: a bug in svlint (exit 2). */
  ruleErrorCount: number;
  /** Findings set apart by the suppressions file. */
  suppressedCount: number;
  /** Entries of the suppressions file that match fewer findings than they count. */
  unusedSuppressions: UnusedSuppression[];
  /** The suppressions file, when one with entries was applied (SARIF then marks each result's baselineState). */
  suppressionsFile?: string;
  /** What fixing did, when it was asked for. */
  fixes?: FixSummary;
}

/** Metadata of every rule and built-in check, sorted by id. */
export function allRuleMetas(): RuleMeta[] {
  return [...RULES.map((r) => r.meta), ...CORE_RULES].sort((a, b) => byCodeUnit(a.id, b.id));
}

export const RULE_IDS: readonly string[] = allRuleMetas().map((m) => m.id);

/** Compiled `ignores` per loaded config (the resolver hands out one object per config file). */
const ignoreMatchers = new WeakMap<ResolvedConfig, (p: string) => boolean>();

/** Whether a config's `ignores` globs (relative to the config file's directory) cover a service. */
async function isIgnored(serviceDir: string, resolved: ResolvedConfig): Promise<boolean> {
  const globs = resolved.config.ignores;
  if (!globs || globs.length === 0) return false;
  const base = resolved.filepath ? path.dirname(resolved.filepath) : process.cwd();
  const rel = path.relative(base, serviceDir).split(path.sep).join("/");
  if (rel.startsWith("..")) return false;
  let match = ignoreMatchers.get(resolved);
  if (!match) {
    const { default: picomatch } = await import("picomatch");
    ignoreMatchers.set(resolved, (match = picomatch(globs, { dot: true })));
  }
  // A glob naming a directory covers everything below it: test the path and each ancestor.
  const parts = rel.split("/");
  for (let i = parts.length; i > 0; i--) if (match(parts.slice(0, i).join("/"))) return true;
  return false;
}

/** The effective configuration of one service: config file, then command-line overrides. */
export interface EffectiveConfig {
  filepath?: string;
  context?: LintContext;
  supervisor?: SupervisorFamily;
  deployment?: DeploymentKind;
  rules: Record<string, SeveritySetting>;
  ignores: string[];
}

/** Only what the user set: a rule's own defaults (which may vary per finding) stay the engine's. */
export function effectiveConfig(resolved: ResolvedConfig, options: LintOptions): EffectiveConfig {
  const rules: Record<string, SeveritySetting> = { ...resolved.config.rules, ...options.rules };
  const context = options.context ?? resolved.config.context;
  const supervisor = options.supervisor ?? resolved.config.supervisor;
  return {
    ...(resolved.filepath ? { filepath: resolved.filepath } : {}),
    ...(context ? { context } : {}),
    ...(supervisor ? { supervisor } : {}),
    ...(resolved.config.deployment ? { deployment: resolved.config.deployment } : {}),
    rules,
    ignores: resolved.config.ignores ?? [],
  };
}

/** The configuration for a path as --print-config shows it: every rule, set or default. */
export async function configFor(dir: string, options: LintOptions = {}): Promise<EffectiveConfig> {
  const resolver = await createConfigResolver({ ...options, ruleIds: RULE_IDS });
  const eff = effectiveConfig(await resolver.forDirectory(path.resolve(dir)), options);
  const rules: Record<string, SeveritySetting> = {};
  for (const m of allRuleMetas()) rules[m.id] = eff.rules[m.id] ?? m.severity;
  return { ...eff, rules };
}

export async function lint(paths: string[], options: LintOptions = {}): Promise<LintReport> {
  // Workers start loading as soon as the run is known to be big enough, while discovery goes on.
  const concurrency = options.concurrency ?? "auto";
  const plan = workerPlan(concurrency);
  let pool: WorkerPool | undefined;
  const onFound = (n: number): void => {
    if (n === plan.from) pool = WorkerPool.start(plan.workers);
  };
  try {
    const found = discover(paths, onFound);
    return await lintFound(found, options, pool);
  } catch (err) {
    pool?.close();
    throw err;
  }
}

async function lintFound(found: Discovery, options: LintOptions, pool: WorkerPool | undefined): Promise<LintReport> {
  const rules = options.ruleSet ?? RULES;
  const ruleIds = options.ruleSet ? [...rules.map((r) => r.meta.id), ...CORE_RULES.map((m) => m.id)] : RULE_IDS;
  const resolver = await createConfigResolver({ ...options, ruleIds });
  const jobs: ServiceJob[] = [];
  const ignored: string[] = [];
  for (const abs of found.services) {
    const names = found.listings.get(abs);
    const resolved = await resolver.forDirectory(abs, names);
    if (await isIgnored(abs, resolved)) {
      ignored.push(abs);
      continue;
    }
    const eff = effectiveConfig(resolved, options);
    jobs.push({
      abs,
      ...(names ? { names } : {}),
      ...(eff.context ? { context: eff.context } : {}),
      ...(eff.supervisor ? { supervisor: eff.supervisor } : {}),
      ...(eff.deployment ? { deployment: eff.deployment } : {}),
      ...(options.passwd ? { passwdFile: path.resolve(options.passwd) } : {}),
      severities: Object.entries(eff.rules),
    });
  }
  await lookAtSupervision(jobs);
  const perService = await lintJobs(
    jobs,
    {
      inlineConfig: options.inlineConfig !== false,
      reportUnusedDirectives: options.reportUnusedDisableDirectives === true,
      keepSource: options.keepSource !== false,
      ruleIds: rules.map((r) => r.meta.id),
    },
    rules,
    options.concurrency,
    options.onProgress,
    pool,
  );
  const fixed = options.fix ? await fixAll(jobs, perService, rules, options, options.fix) : undefined;
  const results = perService.flat();
  const applied = options.suppressions ? suppress(results, options.suppressions) : undefined;
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
  return {
    results,
    services: jobs.map((j) => j.abs),
    ignored,
    fatal: found.fatal,
    warnings: found.warnings,
    errorCount,
    warningCount,
    infoCount,
    ruleErrorCount,
    suppressedCount: results.reduce((n, r) => n + (r.suppressedMessages?.length ?? 0), 0),
    unusedSuppressions: applied?.unused ?? [],
    ...(applied?.active ? { suppressionsFile: options.suppressions!.file } : {}),
    ...(fixed ? { fixes: fixed } : {}),
  };
}

/**
 * Takes the first look at each deployed service's supervision state, and when any looks failing,
 * waits once for all of them before they are linted and looked at again (live/supervision.ts).
 */
async function lookAtSupervision(jobs: ServiceJob[]): Promise<void> {
  let last: number | undefined;
  for (const job of jobs) {
    if (
      job.context === "repo" ||
      (job.names ? !job.names.includes("supervise") : !diskHost.lstat(`${job.abs}/supervise`))
    )
      continue;
    const look = firstLook(diskHost, job.abs, diskHost.stat(`${job.abs}/log`)?.kind === "dir");
    if (!look) continue;
    job.firstLook = look;
    if (needsSecondLook(look)) last = look.at;
  }
  if (last !== undefined) await new Promise((r) => setTimeout(r, Math.max(0, last! + SECOND_LOOK_MS - Date.now())));
}

/**
 * Fixes the services whose findings carry a wanted fix, in this thread, and puts their fixed
 * results in place. Loaded on demand: a run without fixing never pays for the fixer.
 */
async function fixAll(
  jobs: readonly ServiceJob[],
  perService: FileResult[][],
  rules: readonly Rule[],
  options: LintOptions,
  fix: FixRequest,
): Promise<FixSummary> {
  const { fixServices } = await import("./fix/run.js");
  return fixServices(
    jobs.map((job, i) => ({
      dir: job.abs,
      results: perService[i]!,
      replace: (results: FileResult[]) => (perService[i] = results),
      options: {
        ...(job.context ? { context: job.context } : {}),
        ...(job.supervisor ? { supervisor: job.supervisor } : {}),
        ...(job.deployment ? { deployment: job.deployment } : {}),
        ...(job.passwdFile ? { passwd: job.passwdFile } : {}),
        severities: Object.fromEntries(job.severities),
        inlineConfig: options.inlineConfig !== false,
        reportUnusedDisableDirectives: options.reportUnusedDisableDirectives === true,
      },
    })),
    rules,
    fix,
  );
}

/** Updates the suppressions file when asked to, then sets apart the findings it accepts. */
function suppress(results: FileResult[], opts: SuppressionOptions): { unused: UnusedSuppression[]; active: boolean } {
  const base = path.dirname(path.resolve(opts.file));
  let counts = readSuppressions(opts.file);
  const before = JSON.stringify(counts);
  if (opts.suppress)
    counts = mergeCounts(counts, countsOf(results, base, opts.suppress === "all" ? undefined : new Set(opts.suppress)));
  if (opts.prune) counts = pruneCounts(results, counts, base);
  if ((opts.suppress || opts.prune) && JSON.stringify(counts) !== before) writeSuppressions(opts.file, counts);
  return { unused: applySuppressions(results, counts, base), active: Object.keys(counts).length > 0 };
}
