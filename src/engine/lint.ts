// Runs the rules over one service: reads each script's shebang, parses shell scripts once,
// dispatches every command to every rule's listener, and gathers diagnostics per file.
import * as path from "node:path";
import { buildExeclineModel } from "../parse/execline.js";
import { buildModelFromFlat } from "../parse/shell-model.js";
import { parseFlat, readShebang, type PreparsedTrees } from "../parse/shell.js";
import { diskHost } from "../host/disk.js";
import type { ScriptModel, SourceNode } from "../model/model.js";
import { envFileFacts, type EnvFileFacts, type Host } from "../host/host.js";
import { childrenOf, DEFAULT_MAX_SCRIPT_BYTES, effectiveKind, type ServiceDir } from "../service.js";
import { envDirsOf, type EnvDirUse } from "../model/envdirs.js";
import { detectSupervisor, type SupervisorFamily } from "../knowledge/supervisors.js";
import { surroundingsOf, type DeploymentKind } from "../deployment.js";
import { NOT_SHELL, PARSE_ERROR, RULE_ERROR, UNREADABLE_FILE, UNUSED_DISABLE } from "./core-rules.js";
import { applyDirectives, parseDirectives } from "./directives.js";
import {
  formatMessage,
  type Certainty,
  type Applicability,
  type Diagnostic,
  type Edit,
  type ReportDescriptor,
  type Rule,
  type RuleContext,
  type RuleListeners,
  type RuleMeta,
  type Severity,
} from "./rule.js";
import { type Script } from "../model/model.js";

export type SeveritySetting = Severity | "off";

export interface EngineOptions {
  rules: readonly Rule[];
  /** Per-rule overrides of the default severity. */
  severities?: ReadonlyMap<string, SeveritySetting>;
  /** Honour `# svlint disable=…` comments (default true; --no-inline-config turns it off). */
  inlineConfig?: boolean;
  /** Report directives that suppress nothing (--report-unused-disable-directives). */
  reportUnusedDirectives?: boolean;
  /** Force the supervision suite instead of detecting it. */
  supervisor?: SupervisorFamily;
  /** Force the deployment kind instead of detecting it (the config's `deployment:`). */
  deployment?: DeploymentKind;
  /** The passwd database for unknown-account (default /etc/passwd). */
  passwdFile?: string;
  /** Keep each script's text in its result (SARIF fingerprints need it); default true. */
  keepSource?: boolean;
  /** Where lazy facts are read from (env files, logger configs, passwd, repository evidence); default the disk. */
  host?: Host;
  /** Shell scripts already parsed (see preparse), by text. */
  preparsed?: PreparsedTrees;
}

export interface FileResult {
  /** Absolute path of the file the messages are about. */
  filePath: string;
  /** Absolute path of the service directory the file belongs to. */
  service: string;
  messages: Diagnostic[];
  /** Findings a suppressions file accepts (src/suppressions.ts): reported apart, counted nowhere. */
  suppressedMessages?: Diagnostic[];
  /** The suite the service is written for, when known. */
  supervisor?: SupervisorFamily;
  /** How the service is deployed (see src/deployment.ts). */
  deployment?: DeploymentKind;
  /** The script's text, for scripts (SARIF fingerprints); never set for env files. */
  source?: string;
  /** The file's text after fixing, when fixing changed it (`source` is then the text before). */
  output?: string;
  errorCount: number;
  warningCount: number;
  infoCount: number;
}

/**
 * Plain string order, as discovery sorts services. Not localeCompare: its first call loads ICU's
 * collator, a noticeable part of a cold start (docs/performance.md#locale-collator), and its order
 * depends on the machine's locale.
 */
export function byCodeUnit(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

const MAX_CONFIG_BYTES = 64 * 1024;
const MAX_PASSWD_BYTES = 16 * 1024 * 1024;

/** Account names of a passwd file, read once per host. */
function readAccounts(host: Host, file: string): ReadonlySet<string> | undefined {
  return host.memo("passwd", file, () => {
    const text = host.readFile(file, MAX_PASSWD_BYTES).text;
    if (text === undefined) return undefined;
    return new Set(
      text
        .split("\n")
        .map((l) => l.split(":")[0]!)
        .filter((n) => n !== "" && !n.startsWith("#") && !n.startsWith("+")),
    );
  });
}

/**
 * A small file inside the service, for rules that quote its lines (svlogd's config). Links that
 * lead out of the service are refused: a `log/main -> /etc` in an untrusted checkout must not
 * make svlint print lines of /etc/shadow.
 */
function readServiceText(host: Host, svc: ServiceDir, rel: string): string | undefined {
  const norm = path.posix.normalize(rel);
  if (norm.startsWith("..") || path.posix.isAbsolute(norm)) return undefined;
  const real = host.realpath(path.join(svc.abs, norm));
  const root = host.realpath(svc.abs);
  if (real === undefined || root === undefined || !real.startsWith(root + path.sep)) return undefined;
  return host.readFile(real, MAX_CONFIG_BYTES).text;
}

/** `exec <> $FIFO`: the read-write redirection of POSIX sh (dash and busybox accept it), as a redirection tree-sitter-bash reads. */
const READ_WRITE = /(?<=(?:^|[\s;&|({])\d*)<>(?!>)/gm;
/** bash's base prefix in arithmetic, `((10#$n > 10#$m))`: as the plain number it reads. */
const BASE_PREFIX = /(?<=[\s(+\-*/%<>=!&|,?:])\d{1,2}#(?=[$\w])/g;

/**
 * The shell model of a script. tree-sitter-bash knows neither `<>` nor a base prefix such as
 * `10#$n`: a script that fails to parse is parsed again with them blanked to what the grammar
 * reads (`<`, the number), same length, so every position holds.
 */
function shellModel(text: string, preparsed: PreparsedTrees | undefined): ScriptModel {
  const model = buildModelFromFlat(parseFlat(text, preparsed), text);
  if (model.parseProblems.length === 0 || !(text.includes("<>") || text.includes("#"))) return model;
  const alt = text.replace(READ_WRITE, "< ").replace(BASE_PREFIX, (m) => " ".repeat(m.length));
  if (alt === text) return model;
  const again = buildModelFromFlat(parseFlat(alt), alt);
  return again.parseProblems.length < model.parseProblems.length ? again : model;
}

/** Where a finding sits when it is about a node of a script: lines, columns and offsets. */
function at(node: SourceNode): Pick<Diagnostic, "line" | "column" | "endLine" | "endColumn" | "range"> {
  return {
    line: node.startPosition.row + 1,
    column: node.startPosition.column + 1,
    endLine: node.endPosition.row + 1,
    endColumn: node.endPosition.column + 1,
    range: [node.startIndex, node.endIndex],
  };
}

const LINE_ONE = { line: 1, column: 1, endLine: 1, endColumn: 1 };

/** The findings of one service, by service-relative file, with the configured severities applied. */
class Findings {
  /** Every script gets an entry, even a clean one, so that reports list what was checked. */
  readonly byFile = new Map<string, Diagnostic[]>();

  constructor(private readonly severities: ReadonlyMap<string, SeveritySetting> | undefined) {}

  add(rel: string, d: Diagnostic): void {
    let list = this.byFile.get(rel);
    if (!list) this.byFile.set(rel, (list = []));
    list.push(d);
  }

  /** A setting for the rule from the configuration, if any. */
  override(id: string): SeveritySetting | undefined {
    return this.severities?.get(id);
  }

  /** A finding of the engine's own checks (core-rules.ts); `claimed` is its severity when not the default. */
  core(
    meta: RuleMeta,
    rel: string,
    message: string,
    where = LINE_ONE,
    claimed?: Severity,
    certainty: Certainty = "proven",
  ): void {
    const setting = this.override(meta.id) ?? meta.severity;
    const severity = this.severities?.has(meta.id) || claimed === undefined || setting === "off" ? setting : claimed;
    if (severity !== "off") this.add(rel, { ruleId: meta.id, severity, certainty, message, ...where });
  }
}

/** The service's scripts read into models; unreadable ones, other languages and parse errors become findings. */
function readScripts(svc: ServiceDir, findings: Findings, preparsed: PreparsedTrees | undefined): Script[] {
  const scripts: Script[] = [];
  for (const file of svc.scripts) {
    findings.byFile.set(file.rel, []);
    if (file.problem) {
      findings.core(
        UNREADABLE_FILE,
        file.rel,
        formatMessage(UNREADABLE_FILE.messages[file.problem]!, {
          size: file.size ?? 0,
          limit: DEFAULT_MAX_SCRIPT_BYTES,
          detail: file.detail ?? "",
          file: file.rel,
        }),
        LINE_ONE,
        file.problem === "outside" ? "info" : undefined,
      );
      continue;
    }
    const text = file.text ?? "";
    const shebang = readShebang(text);
    // s6-rc's up and down are execline without `#!`: s6-rc-compile runs them with execlineb -P.
    if (svc.s6rc?.type === "oneshot" && !shebang.present) shebang.language = "execline";
    // A #! line after blank lines is the shebang rule's finding; the script is still read in
    // the language it names rather than reported again as shell it cannot parse.
    else if (!shebang.present && /^\s+#!/.test(text)) shebang.language = readShebang(text.trimStart()).language;
    if (shebang.language === "other") {
      findings.core(
        NOT_SHELL,
        file.rel,
        formatMessage(NOT_SHELL.messages.other!, { interpreter: shebang.interpreter ?? "" }),
      );
      continue;
    }
    const model = shebang.language === "execline" ? buildExeclineModel(text) : shellModel(text, preparsed);
    // execline's reader follows execlineb's own grammar; the shell parser is stricter than sh: conditional.
    const shell = model.language === "shell";
    for (const p of model.parseProblems)
      findings.core(
        PARSE_ERROR,
        file.rel,
        p.message,
        at(p.node),
        shell ? "info" : undefined,
        shell ? "conditional" : "proven",
      );
    scripts.push({ file, rel: file.rel, isLogger: file.rel.startsWith("log/"), shebang, model });
  }
  return scripts;
}

/** Directories of the service that could not be listed, or only in part. */
function directoryProblems(svc: ServiceDir, findings: Findings): void {
  for (const [dir, detail] of svc.unreadableDirs)
    findings.core(
      UNREADABLE_FILE,
      "run",
      formatMessage(UNREADABLE_FILE.messages["dir-unreadable"]!, { file: dir || ".", detail }),
    );
  for (const [dir, count] of svc.truncated)
    findings.core(
      UNREADABLE_FILE,
      "run",
      formatMessage(UNREADABLE_FILE.messages["dir-truncated"]!, { file: dir || ".", count }),
    );
}

/** The facts a rule may ask for that are read only when one does (RuleContext's functions). */
type LazyFacts = Pick<RuleContext, "envDirs" | "envFiles" | "readText" | "accounts">;

function lazyFacts(host: Host, svc: ServiceDir, scripts: readonly Script[], passwdFile: string | undefined): LazyFacts {
  let envDirs: Map<string, EnvDirUse> | undefined;
  const findEnvDirs = (): Map<string, EnvDirUse> => (envDirs ??= envDirsOf(svc, scripts));
  let envFiles: Map<string, EnvFileFacts> | undefined;
  return {
    envDirs: findEnvDirs,
    envFiles() {
      if (envFiles) return envFiles;
      envFiles = new Map();
      for (const dir of findEnvDirs().keys()) {
        if (effectiveKind(svc.entries.get(dir)) !== "dir") continue;
        for (const f of childrenOf(svc, dir)) {
          if (effectiveKind(f) === "file") envFiles.set(f.rel, envFileFacts(host, path.join(svc.abs, f.rel)));
        }
      }
      return envFiles;
    },
    readText: (rel) => readServiceText(host, svc, rel),
    accounts() {
      const file = passwdFile ?? "/etc/passwd";
      const names = readAccounts(host, file);
      return names && { names, file };
    },
  };
}

/** What every rule's context shares: only `report` differs from rule to rule. */
type SharedContext = Omit<RuleContext, "report">;

const editList = (e: Edit | readonly Edit[]): readonly Edit[] => ("range" in e ? [e as Edit] : (e as readonly Edit[]));

/**
 * A report's fix, suggestions and mode fix as the diagnostic carries them. A fix of a finding that
 * rests on an unread fact is at most unsafe: `--fix` alone must never act on a guess.
 */
function correctionsOf(
  meta: RuleMeta,
  d: ReportDescriptor,
  certainty: Certainty,
): Pick<Diagnostic, "fix" | "suggestions" | "modeFix"> {
  // As ESLint: a rule declares what its reports carry, so the docs and --fix can trust the meta.
  if (d.fix && meta.fixable !== "code") throw new Error("a report has a fix, but meta.fixable is not 'code'");
  if (d.modeFix && meta.fixable !== "mode") throw new Error("a report has a mode fix, but meta.fixable is not 'mode'");
  if (d.suggest && !meta.hasSuggestions)
    throw new Error("a report has suggestions, but meta.hasSuggestions is not set");
  const out: Pick<Diagnostic, "fix" | "suggestions" | "modeFix"> = {};
  if (d.fix) {
    const claimed = d.fix.applicability ?? "safe";
    const applicability: Applicability = certainty === "conditional" && claimed === "safe" ? "unsafe" : claimed;
    out.fix = { applicability, edits: editList(d.fix.edits) };
  }
  if (d.suggest && d.suggest.length > 0)
    out.suggestions = d.suggest.map((s) => ({ desc: s.desc, edits: editList(s.edits) }));
  if (d.modeFix) out.modeFix = d.modeFix;
  return out;
}

interface Active {
  rule: Rule;
  listeners: RuleListeners;
  broken: boolean;
}

/**
 * Runs the rules over the service: each rule's listeners are made, then called with the service,
 * and with each script and its commands in source order. A rule that throws becomes one
 * rule-error finding and is not called again for this service.
 */
function runRules(rules: readonly Rule[], shared: SharedContext, findings: Findings): void {
  const { service: svc, scripts } = shared;
  const active: Active[] = [];
  let current: Script | undefined;
  const crash = (a: Active, err: unknown, rel: string): void => {
    a.broken = true;
    const error = err instanceof Error ? err.message : String(err);
    findings.add(rel, {
      ruleId: RULE_ERROR.id,
      severity: "error",
      certainty: "proven",
      message: formatMessage(RULE_ERROR.messages.crashed!, { rule: a.rule.meta.id, error }),
      ...LINE_ONE,
    });
  };
  for (const rule of rules) {
    const override = findings.override(rule.meta.id);
    if (override === "off" || (override === undefined && rule.meta.defaultOff)) continue;
    if (rule.meta.where === "live" && svc.where !== "live") continue;
    const entry: Active = { rule, listeners: {}, broken: false };
    // Written out, not spread from `shared`: a spread makes an object V8 reads more slowly, and
    // rules read their context in every listener.
    const context: RuleContext = {
      service: shared.service,
      where: shared.where,
      scripts: shared.scripts,
      supervisor: shared.supervisor,
      deployment: shared.deployment,
      surroundings: shared.surroundings,
      envDirs: shared.envDirs,
      envFiles: shared.envFiles,
      readText: shared.readText,
      accounts: shared.accounts,
      report(d: ReportDescriptor): void {
        const template = rule.meta.messages[d.messageId];
        if (template === undefined) throw new Error(`unknown messageId '${d.messageId}'`);
        const message = formatMessage(template, d.data);
        const certainty = d.certainty ?? rule.meta.certainty ?? "proven";
        // A claim that rests on a fact svlint could not read is at most a warning.
        const claimed = d.severity ?? rule.meta.severity;
        // An off-by-default rule turned on at its default severity keeps each finding's own (notes stay notes).
        const set = rule.meta.defaultOff && override === rule.meta.severity ? undefined : override;
        const severity = set ?? (certainty === "conditional" && claimed === "error" ? "warning" : claimed);
        const script = d.script ?? current;
        const corrections = correctionsOf(rule.meta, d, certainty);
        if (d.node && script) {
          findings.add(script.rel, {
            ruleId: rule.meta.id,
            severity,
            certainty,
            message,
            ...at(d.node),
            ...corrections,
          });
        } else {
          const line = d.line ?? 1;
          findings.add(d.file ?? script?.rel ?? "run", {
            ruleId: rule.meta.id,
            severity,
            certainty,
            message,
            line,
            column: 1,
            endLine: line,
            endColumn: 1,
            ...corrections,
          });
        }
      },
    };
    try {
      entry.listeners = rule.create(context);
    } catch (err) {
      crash(entry, err, "run");
    }
    active.push(entry);
  }
  for (const a of active) {
    if (a.broken || !a.listeners.service) continue;
    try {
      a.listeners.service(svc);
    } catch (err) {
      crash(a, err, "run");
    }
  }
  for (const script of scripts) {
    current = script;
    for (const a of active) {
      if (a.broken || !a.listeners.script) continue;
      try {
        a.listeners.script(script);
      } catch (err) {
        crash(a, err, script.rel);
      }
    }
    const listening = active.filter((a) => !a.broken && a.listeners.command);
    for (const cmd of script.model.commands) {
      for (const a of listening) {
        if (a.broken) continue;
        try {
          a.listeners.command!(cmd, script);
        } catch (err) {
          crash(a, err, script.rel);
        }
      }
    }
  }
}

/** `# svlint disable=…` comments: the findings they cover go; with reportUnused, the ones that cover none are reported. */
function applyInlineConfig(scripts: readonly Script[], findings: Findings, reportUnused: boolean): void {
  for (const script of scripts) {
    const directives = parseDirectives(script.model);
    findings.byFile.set(script.rel, applyDirectives(findings.byFile.get(script.rel) ?? [], directives));
    if (!reportUnused) continue;
    for (const d of directives) {
      if (d.used) continue;
      const rules = d.rules === "all" ? "all" : [...d.rules].join(",");
      findings.core(UNUSED_DISABLE, script.rel, formatMessage(UNUSED_DISABLE.messages.unused!, { rules }), at(d.node));
    }
  }
}

/** A result's counts of its messages by severity. */
export function severityCounts(
  messages: readonly Diagnostic[],
): Pick<FileResult, "errorCount" | "warningCount" | "infoCount"> {
  return {
    errorCount: messages.filter((m) => m.severity === "error").length,
    warningCount: messages.filter((m) => m.severity === "warning").length,
    infoCount: messages.filter((m) => m.severity === "info").length,
  };
}

/** One result per file, in path order, messages in position order. */
function collect(
  svc: ServiceDir,
  findings: Findings,
  scripts: readonly Script[],
  facts: { supervisor?: SupervisorFamily | undefined; deployment: DeploymentKind },
  keepSource: boolean,
): FileResult[] {
  const sources = new Map(keepSource ? scripts.map((s) => [s.rel, s.model.text]) : []);
  const results: FileResult[] = [];
  for (const [rel, messages] of findings.byFile) {
    messages.sort((a, b) => a.line - b.line || a.column - b.column || byCodeUnit(a.ruleId, b.ruleId));
    results.push({
      filePath: path.join(svc.abs, rel),
      service: svc.abs,
      ...(facts.supervisor ? { supervisor: facts.supervisor } : {}),
      deployment: facts.deployment,
      messages,
      ...(sources.has(rel) ? { source: sources.get(rel)! } : {}),
      ...severityCounts(messages),
    });
  }
  results.sort((a, b) => byCodeUnit(a.filePath, b.filePath));
  return results;
}

/** Lints one service: its scripts read and parsed, its directory, then every rule over both. */
export function lintService(svc: ServiceDir, opts: EngineOptions): FileResult[] {
  const host = opts.host ?? diskHost;
  const findings = new Findings(opts.severities);
  const scripts = readScripts(svc, findings, opts.preparsed);
  directoryProblems(svc, findings);
  const supervisor = detectSupervisor(svc, scripts, opts.supervisor);
  const surroundings = surroundingsOf(
    host,
    svc,
    scripts.map((s) => s.shebang.path),
    opts.deployment,
  );
  const facts = lazyFacts(host, svc, scripts, opts.passwdFile);
  const shared: SharedContext = {
    service: svc,
    where: svc.where,
    scripts,
    supervisor,
    deployment: surroundings.deployment,
    surroundings,
    envDirs: facts.envDirs,
    envFiles: facts.envFiles,
    readText: facts.readText,
    accounts: facts.accounts,
  };
  runRules(opts.rules, shared, findings);
  if (opts.inlineConfig !== false) applyInlineConfig(scripts, findings, opts.reportUnusedDirectives === true);
  return collect(
    svc,
    findings,
    scripts,
    { supervisor: supervisor.family, deployment: surroundings.deployment.kind },
    opts.keepSource !== false,
  );
}
