// The language server's settings (the client's initializationOptions) and each service's
// configuration, resolved as `svlint` resolves it: the config file found from the service
// upward (or the home directory's), then the settings' overrides. Resolved once per service and
// forgotten when a config file changes.
import * as path from "node:path";
import { closest, ConfigError, createConfigResolver, parseSeverity, type ConfigResolver } from "../engine/config.js";
import type { ServiceOptions } from "../engine/engine.js";
import type { SeveritySetting } from "../engine/lint.js";
import { effectiveConfig, RULE_IDS, type LintOptions } from "../index.js";
import { SUPERVISOR_FAMILIES, type SupervisorFamily } from "../knowledge/supervisors.js";
import type { LintContext } from "../service.js";

export interface ServerSettings {
  /** Milliseconds from the last change of a buffer to its linting. */
  debounceMs: number;
  /** What `svlint`'s options of the same names set. */
  lint: Pick<
    LintOptions,
    | "rules"
    | "context"
    | "supervisor"
    | "configFile"
    | "noConfig"
    | "passwd"
    | "inlineConfig"
    | "reportUnusedDisableDirectives"
  >;
}

export const DEFAULT_DEBOUNCE_MS = 150;

/** The settings in `raw` (initializationOptions), and what was wrong with it, in words. */
export function readSettings(raw: unknown): { settings: ServerSettings; problems: string[] } {
  const problems: string[] = [];
  const settings: ServerSettings = { debounceMs: DEFAULT_DEBOUNCE_MS, lint: {} };
  if (raw === undefined || raw === null) return { settings, problems };
  if (typeof raw !== "object" || Array.isArray(raw))
    return { settings, problems: ["initializationOptions: not an object"] };
  const o = raw as Record<string, unknown>;
  const str = (k: string): string | undefined => {
    if (o[k] === undefined) return undefined;
    if (typeof o[k] === "string") return o[k];
    problems.push(`${k}: not a string`);
    return undefined;
  };
  const bool = (k: string): boolean | undefined => {
    if (o[k] === undefined) return undefined;
    if (typeof o[k] === "boolean") return o[k];
    problems.push(`${k}: not true or false`);
    return undefined;
  };
  if (o.debounce !== undefined) {
    if (typeof o.debounce === "number" && o.debounce >= 0 && Number.isFinite(o.debounce))
      settings.debounceMs = o.debounce;
    else problems.push("debounce: not a number of milliseconds");
  }
  const context = str("context");
  if (context !== undefined) {
    if (context === "live" || context === "repo") settings.lint.context = context as LintContext;
    else problems.push(`context: '${context}' is not live or repo`);
  }
  const supervisor = str("supervisor");
  if (supervisor !== undefined) {
    if (SUPERVISOR_FAMILIES.includes(supervisor as SupervisorFamily))
      settings.lint.supervisor = supervisor as SupervisorFamily;
    else problems.push(`supervisor: '${supervisor}' is not one of ${SUPERVISOR_FAMILIES.join(", ")}`);
  }
  const passwd = str("passwd");
  if (passwd !== undefined) settings.lint.passwd = passwd;
  const configFile = str("configFile");
  if (configFile !== undefined) settings.lint.configFile = configFile;
  const noConfig = bool("noConfig");
  if (noConfig !== undefined) settings.lint.noConfig = noConfig;
  const inline = bool("inlineConfig");
  if (inline !== undefined) settings.lint.inlineConfig = inline;
  const unused = bool("reportUnusedDisableDirectives");
  if (unused !== undefined) settings.lint.reportUnusedDisableDirectives = unused;
  if (o.rules !== undefined) {
    if (o.rules === null || typeof o.rules !== "object" || Array.isArray(o.rules))
      problems.push("rules: not an object");
    else {
      const rules: Record<string, SeveritySetting> = {};
      for (const [id, sev] of Object.entries(o.rules as Record<string, unknown>)) {
        if (!RULE_IDS.includes(id)) {
          problems.push(`rules: unknown rule '${id}'; did you mean '${closest(id, RULE_IDS)}'?`);
          continue;
        }
        try {
          rules[id] = parseSeverity(sev, `rules.${id}`);
        } catch (err) {
          problems.push((err as Error).message);
        }
      }
      settings.lint.rules = rules;
    }
  }
  return { settings, problems };
}

/** How one service is linted. */
export interface ServiceSetup {
  options: ServiceOptions;
  /** Skipped by its config file's `ignores`. */
  ignored: boolean;
}

/** Each service's setup, resolved once; `reload` forgets them all (a config file changed). */
export class ServiceConfigs {
  private resolver: Promise<ConfigResolver> | undefined;
  private readonly setups = new Map<string, Promise<ServiceSetup>>();
  /** Setups already resolved, for linting without waiting. */
  private readonly ready = new Map<string, ServiceSetup>();
  private generation = 0;

  constructor(
    private readonly settings: ServerSettings,
    /** Told of a config file that cannot be used (the service is then linted without it). */
    private readonly onError: (message: string) => void,
  ) {}

  reload(): void {
    this.generation++;
    this.resolver = undefined;
    this.setups.clear();
    this.ready.clear();
  }

  /** The setup of `service` when it is already known. */
  peek(service: string): ServiceSetup | undefined {
    return this.ready.get(service);
  }

  get(service: string): Promise<ServiceSetup> {
    let p = this.setups.get(service);
    if (!p) {
      const generation = this.generation;
      p = this.resolve(service).then((setup) => {
        if (generation === this.generation) this.ready.set(service, setup);
        return setup;
      });
      this.setups.set(service, p);
    }
    return p;
  }

  private async resolve(service: string): Promise<ServiceSetup> {
    const lint = this.settings.lint;
    this.resolver ??= createConfigResolver({
      ...(lint.configFile !== undefined ? { configFile: lint.configFile } : {}),
      ...(lint.noConfig ? { noConfig: true } : {}),
      ruleIds: RULE_IDS,
    }).catch((err: unknown) => {
      this.onError((err as Error).message);
      return createConfigResolver({ noConfig: true, ruleIds: RULE_IDS });
    });
    let resolved;
    try {
      resolved = await (await this.resolver).forDirectory(service);
    } catch (err) {
      if (!(err instanceof ConfigError)) throw err;
      this.onError(`${err.message} (linting ${service} without it)`);
      resolved = { config: {} };
    }
    const eff = effectiveConfig(resolved, lint);
    return {
      options: {
        ...(eff.context ? { context: eff.context } : {}),
        ...(eff.supervisor ? { supervisor: eff.supervisor } : {}),
        ...(eff.deployment ? { deployment: eff.deployment } : {}),
        severities: eff.rules,
        ...(lint.passwd !== undefined ? { passwd: lint.passwd } : {}),
        inlineConfig: lint.inlineConfig !== false,
        reportUnusedDisableDirectives: lint.reportUnusedDisableDirectives === true,
      },
      ignored: await isIgnored(service, resolved.filepath, eff.ignores),
    };
  }
}

/** As `svlint` decides it: a config's `ignores` globs, relative to the config file, cover the service or a directory above it. */
async function isIgnored(service: string, configFile: string | undefined, globs: readonly string[]): Promise<boolean> {
  if (globs.length === 0 || configFile === undefined) return false;
  const rel = path.relative(path.dirname(configFile), service).split(path.sep).join("/");
  if (rel.startsWith("..")) return false;
  const { default: picomatch } = await import("picomatch");
  const match = picomatch([...globs], { dot: true });
  const parts = rel.split("/");
  for (let i = parts.length; i > 0; i--) if (match(parts.slice(0, i).join("/"))) return true;
  return false;
}
