// Configuration: found by searching upward from each service (then the home directory), loaded
// with cosmiconfig, validated strictly (an unknown key or rule id is a usage error that names the
// closest valid one), merged with command-line overrides.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { findUp, mapMemo } from "../host/host.js";
import type { LintContext } from "../service.js";
import { SUPERVISOR_FAMILIES, type SupervisorFamily } from "../knowledge/supervisors.js";
import { DEPLOYMENT_KINDS, type DeploymentKind } from "../deployment.js";
import type { SeveritySetting } from "./lint.js";

export interface SvlintConfig {
  /** Severity by rule id: off, warn (or warning), error, info; ESLint's 0/1/2 too. */
  rules?: Record<string, SeveritySetting>;
  /** Globs of service directories to skip, relative to the config file's directory. */
  ignores?: string[];
  context?: LintContext;
  /** The suite the services are written for; detected per service when unset. */
  supervisor?: SupervisorFamily;
  deployment?: DeploymentKind;
}

export interface ResolvedConfig {
  /** The file it came from; undefined when no file was found (or --no-config). */
  filepath?: string;
  config: SvlintConfig;
}

export class ConfigError extends Error {}

export const SEARCH_PLACES = [
  "package.json",
  ".svlintrc",
  ".svlintrc.json",
  ".svlintrc.yaml",
  ".svlintrc.yml",
  "svlint.config.js",
  "svlint.config.mjs",
];

const KEYS = ["rules", "ignores", "context", "supervisor", "deployment"];
const SEVERITIES: Record<string, SeveritySetting> = {
  off: "off",
  "0": "off",
  warn: "warning",
  warning: "warning",
  "1": "warning",
  error: "error",
  "2": "error",
  info: "info",
};

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length]!;
}

/** "did you mean …?" for a misspelt name. */
export function closest(name: string, candidates: readonly string[]): string {
  let best = candidates[0] ?? "";
  let bestD = Infinity;
  for (const c of candidates) {
    const d = editDistance(name, c);
    if (d < bestD) [best, bestD] = [c, d];
  }
  return best;
}

export function parseSeverity(value: unknown, where: string): SeveritySetting {
  const s = SEVERITIES[String(value).toLowerCase()];
  if (s === undefined)
    throw new ConfigError(`${where}: severity '${String(value)}' is not one of off, warn, error, info`);
  return s;
}

/** Checks a raw config object; `source` names it in messages. */
export function validateConfig(raw: unknown, source: string, ruleIds: readonly string[]): SvlintConfig {
  if (raw === null || typeof raw !== "object" || Array.isArray(raw))
    throw new ConfigError(`${source}: the configuration must be an object`);
  const obj = raw as Record<string, unknown>;
  for (const key of Object.keys(obj)) {
    if (!KEYS.includes(key))
      throw new ConfigError(
        `${source}: unknown key '${key}'; did you mean '${closest(key, KEYS)}'? (keys: ${KEYS.join(", ")})`,
      );
  }
  const out: SvlintConfig = {};
  if (obj.rules !== undefined) {
    if (obj.rules === null || typeof obj.rules !== "object" || Array.isArray(obj.rules))
      throw new ConfigError(`${source}: 'rules' must be an object of rule id → severity`);
    out.rules = {};
    for (const [id, sev] of Object.entries(obj.rules as Record<string, unknown>)) {
      if (!ruleIds.includes(id))
        throw new ConfigError(`${source}: unknown rule '${id}'; did you mean '${closest(id, ruleIds)}'?`);
      out.rules[id] = parseSeverity(Array.isArray(sev) ? sev[0] : sev, `${source}: rules.${id}`);
    }
  }
  if (obj.ignores !== undefined) {
    if (!Array.isArray(obj.ignores) || !obj.ignores.every((g) => typeof g === "string"))
      throw new ConfigError(`${source}: 'ignores' must be a list of glob strings`);
    out.ignores = obj.ignores as string[];
  }
  if (obj.context !== undefined) {
    if (obj.context !== "live" && obj.context !== "repo")
      throw new ConfigError(`${source}: 'context' must be live or repo, not '${String(obj.context)}'`);
    out.context = obj.context;
  }
  if (obj.supervisor !== undefined) {
    if (!SUPERVISOR_FAMILIES.includes(obj.supervisor as SupervisorFamily)) {
      throw new ConfigError(
        `${source}: 'supervisor' must be one of ${SUPERVISOR_FAMILIES.join(", ")}, not '${String(obj.supervisor)}'`,
      );
    }
    out.supervisor = obj.supervisor as SupervisorFamily;
  }
  if (obj.deployment !== undefined) {
    if (!DEPLOYMENT_KINDS.includes(obj.deployment as DeploymentKind)) {
      throw new ConfigError(
        `${source}: 'deployment' must be one of ${DEPLOYMENT_KINDS.join(", ")}, not '${String(obj.deployment)}'`,
      );
    }
    out.deployment = obj.deployment as DeploymentKind;
  }
  return out;
}

export interface ConfigResolverOptions {
  /** --config FILE: use this file for every service. */
  configFile?: string;
  /** --no-config: use none. */
  noConfig?: boolean;
  ruleIds: readonly string[];
}

export interface ConfigResolver {
  /** `names`: the directory's entries when already listed (then only those are looked at). */
  forDirectory(dir: string, names?: readonly string[]): Promise<ResolvedConfig>;
}

/** The config file in one directory, if any, in SEARCH_PLACES order (package.json only with an "svlint" key). */
function configFileIn(dir: string, names?: readonly string[]): string | undefined {
  for (const name of SEARCH_PLACES) {
    if (names && !names.includes(name)) continue;
    const p = path.join(dir, name);
    if (!fs.statSync(p, { throwIfNoEntry: false })?.isFile()) continue;
    if (name !== "package.json") return p;
    try {
      const pkg = JSON.parse(fs.readFileSync(p, "utf8")) as unknown;
      if (pkg !== null && typeof pkg === "object" && "svlint" in pkg) return p;
    } catch {
      // Someone else's broken package.json is not ours to judge.
    }
  }
  return undefined;
}

/**
 * The search is done here, synchronously and cached per directory (services share their
 * parents; 10,000 services must not mean 10,000 walks to the root). cosmiconfig is loaded only to
 * read a file that was found: it knows JSON, YAML, JS and ESM configs.
 */
export async function createConfigResolver(opts: ConfigResolverOptions): Promise<ConfigResolver> {
  if (opts.noConfig) return { forDirectory: async () => ({ config: {} }) };
  const loaded = new Map<string, Promise<ResolvedConfig>>();
  const load = (file: string): Promise<ResolvedConfig> => {
    let p = loaded.get(file);
    if (!p) {
      p = (async () => {
        const { cosmiconfig } = await import("cosmiconfig");
        let result;
        try {
          result = await cosmiconfig("svlint", { searchStrategy: "none" }).load(file);
        } catch (err) {
          throw new ConfigError(`${file}: ${(err as Error).message.split("\n")[0]}`);
        }
        if (!result || result.isEmpty) return { filepath: file, config: {} };
        return { filepath: result.filepath, config: validateConfig(result.config, result.filepath, opts.ruleIds) };
      })();
      loaded.set(file, p);
    }
    return p;
  };
  if (opts.configFile) {
    const fixed = await load(path.resolve(opts.configFile));
    return { forDirectory: async () => fixed };
  }
  const found = new Map<string, string | null>(); // dir -> nearest config file at or above it
  const memo = mapMemo(found);
  const nearest = (start: string, names?: readonly string[]): string | null => {
    // A service directory listed by discovery: its own names say whether it holds a config, so
    // 10,000 services cost no stat each; its parents are walked (and cached) as usual.
    if (names && !found.has(start)) {
      const here = configFileIn(start, names) ?? findUp(memo, path.dirname(start), (d) => configFileIn(d));
      found.set(start, here);
      return here;
    }
    return findUp(memo, start, (d) => configFileIn(d));
  };
  let homeConfig: string | null | undefined;
  return {
    async forDirectory(dir, names) {
      let file = nearest(path.resolve(dir), names);
      if (file === null) {
        // Looked up once: `??=` would look again every time the answer is null (no file).
        if (homeConfig === undefined) homeConfig = configFileIn(os.homedir()) ?? null;
        file = homeConfig;
      }
      return file === null ? { config: {} } : load(file);
    },
  };
}
