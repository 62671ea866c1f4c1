// Text in, findings out: a warm engine that lints one service directory synchronously, with files
// laid over the disk as text (an editor's unsaved buffers, or a service that exists only in
// memory). Facts read around the service (repository evidence, passwd) stay cached in the
// engine's host between calls; setFile and deleteFile forget what depended on the file.
import * as path from "node:path";
import { diskHost } from "../host/disk.js";
import type { Host } from "../host/host.js";
import { OverlayHost, type OverlayFile } from "../host/overlay.js";
import type { DeploymentKind } from "../deployment.js";
import type { SupervisorFamily } from "../knowledge/supervisors.js";
import { RULES } from "../rules/index.js";
import { readService, type LintContext } from "../service.js";
import { lintService, type FileResult, type SeveritySetting } from "./lint.js";
import type { Rule } from "./rule.js";

export interface EngineSetup {
  /** What lies under the overlaid files (default: the disk). */
  base?: Host;
  /** The rules to run (default: svlint's own). */
  rules?: readonly Rule[];
}

export interface ServiceOptions {
  context?: LintContext;
  supervisor?: SupervisorFamily;
  deployment?: DeploymentKind;
  /** Severity overrides by rule id. */
  severities?: Readonly<Record<string, SeveritySetting>>;
  /** The passwd database for unknown-account (default /etc/passwd, read through the host). */
  passwd?: string;
  inlineConfig?: boolean;
  reportUnusedDisableDirectives?: boolean;
}

export class Engine {
  readonly host: OverlayHost;
  private readonly rules: readonly Rule[];

  constructor(setup: EngineSetup = {}) {
    this.host = new OverlayHost(setup.base ?? diskHost);
    this.rules = setup.rules ?? RULES;
  }

  /** Lays `text` over the file at `abs` (created if it is not on disk). */
  setFile(abs: string, text: string | OverlayFile): void {
    this.host.set(abs, text);
  }

  /** Drops the overlay of `abs`: the disk's file shows again. */
  deleteFile(abs: string): void {
    this.host.delete(abs);
  }

  /** The service directory `dir` as the host sees it, linted. */
  lintService(dir: string, options: ServiceOptions = {}): FileResult[] {
    const abs = path.resolve(dir);
    const svc = readService(abs, { host: this.host, ...(options.context ? { context: options.context } : {}) });
    return lintService(svc, {
      rules: this.rules,
      host: this.host,
      severities: new Map(Object.entries(options.severities ?? {})),
      ...(options.supervisor ? { supervisor: options.supervisor } : {}),
      ...(options.deployment ? { deployment: options.deployment } : {}),
      ...(options.passwd ? { passwdFile: path.resolve(options.passwd) } : {}),
      inlineConfig: options.inlineConfig !== false,
      reportUnusedDirectives: options.reportUnusedDisableDirectives === true,
    });
  }
}

/**
 * Lints one service directory with `files` (service-relative or absolute paths to text) laid over
 * what is on disk. For repeated calls keep an Engine: its caches stay warm.
 */
export function lintServiceText(
  dir: string,
  files: Readonly<Record<string, string | OverlayFile>>,
  options: ServiceOptions & EngineSetup = {},
): FileResult[] {
  const engine = new Engine(options);
  for (const [rel, f] of Object.entries(files)) engine.setFile(path.resolve(dir, rel), f);
  return engine.lintService(dir, options);
}
