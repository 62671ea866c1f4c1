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
  /**
   * Off unless a configuration or `--rule ID:SEVERITY` turns it on, at `severity`: a rule stays
   * off by default until its precision on the real-world corpus reaches 90% (its doc gives the figure).
   */
  defaultOff?: boolean;
  /**
   * Its findings say that a service fails now (live state): the engine links to each the warnings
   * and errors of the `causes` rules on the same file, which may explain it (Diagnostic.related).
   */
  failure?: { causes: readonly string[] };
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
  /** What the rule's reports may carry, as ESLint declares it: text fixes (`code`) or mode fixes (`mode`). */
  fixable?: "code" | "mode";
  /** Whether its reports may carry suggestions. */
  hasSuggestions?: boolean;
}

/**
 * A text edit as data: replace what lies between two offsets of the file's text (UTF-16 code
 * units, as `range` counts them) with `text`. Applying edits is the fixer's job, not the rule's.
 */
export interface Edit {
  range: readonly [number, number];
  text: string;
}

/**
 * How sure a fix is, as Ruff says it. `safe`: it keeps what the script means and only corrects
 * the finding; `--fix` applies it. `unsafe`: right in the usual case but resting on a fact svlint
 * could not read (a fix of a conditional finding is never safer than this); only `--fix-unsafe`
 * applies it. `display`: shown, never applied.
 */
export type Applicability = "safe" | "unsafe" | "display";

export interface FixDescriptor {
  /** Edits of the finding's file, applied together. */
  edits: Edit | readonly Edit[];
  /** Default `safe`. */
  applicability?: Applicability;
}

/** One way to correct a finding that a person must choose (ESLint's `suggest`): never applied by --fix. */
export interface SuggestionDescriptor {
  /** What it does, in the imperative: "Give chown the log directory `./main`". */
  desc: string;
  edits: Edit | readonly Edit[];
}

/** A file mode a finding asks for (run-executable, env-dir-permissions): applied only with --fix-modes. */
export interface ModeFix {
  /** Service-relative path of the file or directory. */
  file: string;
  mode: number;
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
  /** The edits that correct the finding (offsets in the finding's file: the node's script, or `file`). */
  fix?: FixDescriptor;
  /** Corrections a person chooses between. */
  suggest?: readonly SuggestionDescriptor[];
  /** The mode that corrects the finding. */
  modeFix?: ModeFix;
}

/** An account's numeric ids, from passwd. */
export interface AccountIds {
  uid: number;
  gid: number;
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
  /**
   * The accounts of the passwd database (names, and each one's uid and primary gid) and its path;
   * undefined when unreadable.
   */
  accounts(): { names: ReadonlySet<string>; ids: ReadonlyMap<string, AccountIds>; file: string } | undefined;
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
  /** Edits that correct it, when the rule knows them, in the file's text. */
  fix?: Fix;
  /** Corrections to choose between (never applied by --fix). */
  suggestions?: readonly Suggestion[];
  /** A file mode that corrects it (applied only with --fix-modes). */
  modeFix?: ModeFix;
  /** For a finding of a failure (meta.failure): findings on the same file that may explain it. */
  related?: readonly Related[];
}

/** A finding that may explain a failure: where it is and what it says. */
export interface Related {
  ruleId: string;
  message: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

export interface Fix {
  applicability: Applicability;
  edits: readonly Edit[];
}

export interface Suggestion {
  desc: string;
  edits: readonly Edit[];
}

/** Fills `{{name}}` placeholders. */
export function formatMessage(template: string, data: Record<string, string | number> | undefined): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (m, key: string) => (data && key in data ? String(data[key]) : m));
}
