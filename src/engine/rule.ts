// The shape of a rule, after ESLint's: metadata plus create(context) returning listeners.
import type { Command, Script, SourceNode } from "../model/model.js";
import type { LintContext, ServiceDir } from "../service.js";
import type { Supervisor } from "../knowledge/supervisors.js";
import type { EnvFileFacts } from "../host/host.js";
import type { EnvDirUse } from "../model/envdirs.js";
import type { Deployment, Surroundings } from "../deployment.js";

export type Severity = "error" | "warning" | "info";

/**
 * What a finding stands on. `proven`: the text of the service proves it (a chown with no
 * operand, `exec 2>&1` after the final exec). `conditional`: it holds only if a fact of the
 * deployment that svlint could not read holds too (a directory packaging may create, an env
 * dir's mode, a daemon's config); such a finding is at most a warning and is worded as a condition.
 */
export type Certainty = "proven" | "conditional";

export interface RuleMeta {
  /** The rule's id: also its file name, its doc page and its test's name. */
  id: string;
  /** `problem`: the service will misbehave; `suggestion`: it works but should be written otherwise. */
  type: "problem" | "suggestion";
  severity: Severity;
  /** The certainty of the rule's findings unless a report says otherwise (default `proven`). */
  certainty?: Certainty;
  /** `live`: needs a deployed tree (modes, owners); the rule is skipped in a repository checkout. */
  where?: "live" | "any";
  docs: {
    /** One sentence in the imperative, without a full stop: the README's and --list-rules' description. */
    description: string;
    /** The README's default column when findings come at several severities or only in a context. */
    severities?: string;
  };
  /** Message templates by messageId; `{{name}}` is replaced from the report's data. */
  messages: Record<string, string>;
}

/**
 * A text edit as data: replace what lies between two offsets of the file's text (UTF-16 code
 * units, as `range` counts them) with `text`. Applying fixes is the fixer's job, not the rule's.
 */
export interface Fix {
  range: readonly [number, number];
  text: string;
}

export interface ReportDescriptor {
  messageId: string;
  data?: Record<string, string | number>;
  /** A severity for this finding when it differs from the rule's default; configuration still wins. */
  severity?: Severity;
  /** This finding's certainty when it differs from the rule's. */
  certainty?: Certainty;
  /** A node of `script` (by default the script whose command is being visited). */
  node?: SourceNode;
  script?: Script;
  /** Or a file of the service, relative (`run`, `env/PASSWORD`), at line 1 unless given. */
  file?: string;
  line?: number;
  /** The edit that corrects the finding, when it is certain (offsets in the node's script). */
  fix?: Fix | readonly Fix[];
}

export interface RuleContext {
  readonly service: ServiceDir;
  /** Where the service is: `live` (a deployed tree) or `repo` (a checkout), the --context setting. */
  readonly where: LintContext;
  /** Every script of the service that was parsed as shell, `run` first. */
  readonly scripts: readonly Script[];
  /** The suite the service is written for (detected, or forced with --supervisor). */
  readonly supervisor: Supervisor;
  /** How the service is deployed (detected, or forced with the config's `deployment:`). */
  readonly deployment: Deployment;
  /** Facts around the service: packaging and image files, s6-rc dependencies, config files. */
  readonly surroundings: Surroundings;
  /** The service's env directories (see envDirsOf), computed once per service. */
  envDirs(): ReadonlyMap<string, EnvDirUse>;
  /**
   * Facts about the files of the service's env directories (see envDirsOf), by service-relative
   * path: their shape, never their values. Read on first call.
   */
  envFiles(): ReadonlyMap<string, EnvFileFacts>;
  /**
   * The text of a small regular file inside the service (a logger's `config`), by
   * service-relative path; undefined when it is missing, not a file, too large or outside.
   */
  readText(rel: string): string | undefined;
  /** The account names of the passwd database and its path; undefined when unreadable. */
  accounts(): { names: ReadonlySet<string>; file: string } | undefined;
  report(descriptor: ReportDescriptor): void;
}

export interface RuleListeners {
  /** Once per service, with the whole directory snapshot. */
  service?: (service: ServiceDir) => void;
  /** Once per shell script, before its commands. */
  script?: (script: Script) => void;
  /** Every simple command of every shell script, in source order. */
  command?: (cmd: Command, script: Script) => void;
}

export interface Rule {
  meta: RuleMeta;
  create(context: RuleContext): RuleListeners;
}

export function defineRule(rule: Rule): Rule {
  return rule;
}

export interface Diagnostic {
  ruleId: string;
  severity: Severity;
  certainty: Certainty;
  message: string;
  /** 1-based; columns count UTF-16 code units, as editors and ESLint do. */
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  /** Offsets of the finding in the file's text (UTF-16 code units), when it is about a node. */
  range?: readonly [number, number];
  /** Edits that correct it, when the rule knows them. */
  fix?: readonly Fix[];
}

/** Fills `{{name}}` placeholders. */
export function formatMessage(template: string, data: Record<string, string | number> | undefined): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (m, key: string) => (data && key in data ? String(data[key]) : m));
}
