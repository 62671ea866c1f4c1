// svlint's programmatic API: lint(paths, options) → a report the formatters print.
import * as path from "node:path";
import * as v8 from "node:v8";
import * as vm from "node:vm";
import { createConfigResolver, type ResolvedConfig } from "./engine/config.js";
import { CORE_RULES } from "./engine/core-rules.js";
import type { RuleMeta } from "./engine/rule.js";
import { lintService, type FileResult, type SeveritySetting } from "./engine/run.js";
import { discover, type DiscoveryProblem } from "./discover.js";
import { RULES } from "./rules/index.js";
import { readService, type LintContext } from "./service.js";

export type { Diagnostic, Rule, RuleMeta, Severity } from "./engine/rule.js";
export type { FileResult, SeveritySetting } from "./engine/run.js";
export type { LintContext } from "./service.js";
export { ConfigError } from "./engine/config.js";
export { RULES };

export interface LintOptions {
  /** Force a context (beats the config file); by default `repo` inside a git work tree, else `live`. */
  context?: LintContext;
  /** Severity overrides by rule id (beat the config file). */
  rules?: Readonly<Record<string, SeveritySetting>>;
  /** Use this config file for every service instead of searching. */
  configFile?: string;
  /** Use no config file at all. */
  noConfig?: boolean;
  /** Honour `# svlint disable=…` comments (default true). */
  inlineConfig?: boolean;
  reportUnusedDisableDirectives?: boolean;
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
}

/** Metadata of every rule and built-in check, sorted by id. */
export function allRuleMetas(): RuleMeta[] {
  return [...RULES.map((r) => r.meta), ...CORE_RULES].sort((a, b) => a.id.localeCompare(b.id));
}

export const RULE_IDS: readonly string[] = allRuleMetas().map((m) => m.id);

/** Whether a config's `ignores` globs (relative to the config file's directory) cover a service. */
async function isIgnored(serviceDir: string, resolved: ResolvedConfig): Promise<boolean> {
  const globs = resolved.config.ignores;
  if (!globs || globs.length === 0) return false;
  const base = resolved.filepath ? path.dirname(resolved.filepath) : process.cwd();
  const rel = path.relative(base, serviceDir).split(path.sep).join("/");
  if (rel.startsWith("..")) return false;
  const { default: picomatch } = await import("picomatch");
  const match = picomatch(globs, { dot: true });
  // A glob naming a directory covers everything below it: test the path and each ancestor.
  const parts = rel.split("/");
  for (let i = parts.length; i > 0; i--) if (match(parts.slice(0, i).join("/"))) return true;
  return false;
}

/** The effective configuration of one service: config file, then command-line overrides. */
export interface EffectiveConfig {
  filepath?: string;
  context?: LintContext;
  rules: Record<string, SeveritySetting>;
  ignores: string[];
}

/** Only what the user set: a rule's own defaults (which may vary per finding) stay the engine's. */
export function effectiveConfig(resolved: ResolvedConfig, options: LintOptions): EffectiveConfig {
  const rules: Record<string, SeveritySetting> = { ...resolved.config.rules, ...options.rules };
  const context = options.context ?? resolved.config.context;
  return {
    ...(resolved.filepath ? { filepath: resolved.filepath } : {}),
    ...(context ? { context } : {}),
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

/**
 * tree-sitter trees live in native memory that V8 does not see, and the binding frees a tree in
 * a finalizer that Node runs only on a later turn of the event loop. A synchronous loop over
 * 10,000 services therefore freed nothing (20,000 parses: 2.9 GB RSS). Every few hundred services
 * a full GC plus one turn of the event loop frees them (the same run: about 120 MB).
 */
const collectGarbage: (() => void) | undefined = (() => {
  try {
    v8.setFlagsFromString("--expose-gc");
    return vm.runInNewContext("gc") as () => void;
  } catch {
    return undefined;
  }
})();
const RELEASE_EVERY = 250;

async function releaseNativeMemory(): Promise<void> {
  collectGarbage?.();
  await new Promise((resolve) => setImmediate(resolve));
}

export async function lint(paths: string[], options: LintOptions = {}): Promise<LintReport> {
  const found = discover(paths);
  const resolver = await createConfigResolver({ ...options, ruleIds: RULE_IDS });
  const results: FileResult[] = [];
  const services: string[] = [];
  const ignored: string[] = [];
  for (const abs of found.services) {
    const resolved = await resolver.forDirectory(abs);
    if (await isIgnored(abs, resolved)) {
      ignored.push(abs);
      continue;
    }
    const eff = effectiveConfig(resolved, options);
    const svc = readService(abs, eff.context ? { context: eff.context } : {});
    results.push(
      ...lintService(svc, {
        rules: RULES,
        severities: new Map(Object.entries(eff.rules)),
        inlineConfig: options.inlineConfig !== false,
        reportUnusedDirectives: options.reportUnusedDisableDirectives === true,
      }),
    );
    services.push(abs);
    if (services.length % RELEASE_EVERY === 0) await releaseNativeMemory();
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
  return { results, services, ignored, fatal: found.fatal, warnings: found.warnings, errorCount, warningCount, infoCount, ruleErrorCount };
}
