// The svlint command: parse arguments, lint, print, and choose the exit code
// (0 clean, 1 at least one error or too many warnings, 2 usage, configuration or internal error).
import { closeSync, openSync, writeSync } from "node:fs";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { readDoc } from "./docs.js";
import { closest, ConfigError, parseSeverity } from "./engine/config.js";
import type { SeveritySetting } from "./engine/lint.js";
import { FORMATS, loadFormatter, type FormatName } from "./formatters/index.js";
import {
  allRuleMetas,
  configFor,
  lint,
  RULE_IDS,
  type Concurrency,
  type FixOptions,
  type FixSummary,
  type LintContext,
  type LintReport,
} from "./index.js";
import { SUPERVISOR_FAMILIES, type SupervisorFamily } from "./knowledge/supervisors.js";
import { version } from "./version.js";
import { DEFAULT_SUPPRESSIONS_FILE, SuppressionsError } from "./suppressions.js";

const HELP = `Usage: svlint [options] [path…]

Lint daemontools, runit and s6 service directories. Each path may be a service
directory, a scan directory such as /service, a repository, or a file inside a
service (as a pre-commit hook passes them). With no path: the current directory.

Output:
  -f, --format NAME            stylish (default), json, sarif, codeclimate, gcc, github,
                               diff (what fixing would change, for git apply or
                               patch -p1; writes nothing unless --fix is given),
                               status (each deployed service's state from its
                               supervisor's files, and why it fails)
      --status                 the same as -f status
  -o, --output-file FILE       write the report to FILE instead of standard output
      --color, --no-color      force colour on or off (NO_COLOR, FORCE_COLOR work too)
  -q, --quiet                  report errors only
      --max-warnings N         exit 1 when there are more than N warnings

Fixing:
      --fix                    correct what can be corrected safely, in place
      --fix-dry-run            report as if fixed, write nothing
      --fix-unsafe             apply unsafe fixes too (fixes that rest on a fact
                               svlint could not read, such as a directory no
                               other file creates)
      --fix-type TYPE[,TYPE]   fix only rules of these types: problem, suggestion
      --fix-modes              also set file modes (run-executable,
                               env-dir-permissions): chmod, and git's index for
                               tracked files

Configuration:
  -c, --config FILE            use this config file (default: search upward from each
                               service for .svlintrc*, svlint.config.*, package.json
                               "svlint", then the home directory)
      --no-config              use no config file
      --rule ID:SEVERITY       set a rule's severity (off, warn, error); repeatable
      --context live|repo      live: a deployed tree, modes and owners matter;
                               repo: a checkout (default inside a git work tree)
      --supervisor NAME        daemontools, runit or s6: the suite the services are
                               written for (default: detected per service)
      --passwd FILE            the passwd database that unknown-account checks
                               accounts against (default /etc/passwd)
      --no-inline-config       ignore "# svlint disable=…" comments
      --report-unused-disable-directives
                               report disable comments that suppress nothing
      --concurrency N|auto|off worker threads (default auto: one per core, for
                               runs big enough to repay starting them; none
                               on 2 cores)

Bulk suppressions (findings a repository accepts for now, counted per file and rule):
      --suppress-all           add every current error and warning to the suppressions file
      --suppress-rule ID       add those of rule ID; repeatable
      --prune-suppressions     drop what the suppressions file counts but no longer occurs
      --suppressions-location FILE
                               the suppressions file (default ./svlint-suppressions.json)
      --pass-on-unpruned-suppressions
                               do not fail when the file counts findings that are gone

Information:
      --list-rules             list every rule with its default severity
      --explain ID             print a rule's documentation
      --print-config PATH      print the configuration that applies to PATH
      --lsp                    run as a language server over stdio (docs/editors.md)
  -h, --help                   show this help
  -v, --version                show the version

Exit codes: 0 no errors, 1 errors (or more warnings than --max-warnings),
2 usage, configuration or internal error, or suppressions left that no longer
occur (unless --pass-on-unpruned-suppressions).

Examples:
  svlint /service                          every service svscan supervises
  svlint --rule no-cat-logging:off .       a repository, one rule off
  svlint -f sarif -o svlint.sarif .        for GitHub code scanning
  svlint -f codeclimate -o gl-code-quality-report.json .
                                           for GitLab Code Quality
  svlint -f github .                       annotations in a GitHub Actions log
`;

class UsageError extends Error {}

function write(text: string): void {
  process.stdout.write(text);
}

/** Pieces are gathered up to this size per write: few writes, and a small peak. */
const WRITE_SLICE = 1 << 20;

/** Writes a report piece by piece to a file or stdout: one big string costs peak memory (docs/performance.md#report-streaming). */
function writeReport(pieces: Iterable<string>, outFile: string | undefined): void {
  const fd = outFile === undefined ? undefined : openSync(outFile, "w");
  try {
    let buf = "";
    const flush = (): void => {
      if (fd === undefined) process.stdout.write(buf);
      else {
        const bytes = Buffer.from(buf);
        for (let off = 0; off < bytes.length;) off += writeSync(fd, bytes, off);
      }
      buf = "";
    };
    for (const p of pieces) {
      buf += p;
      if (buf.length >= WRITE_SLICE) flush();
    }
    if (buf.length > 0 || fd === undefined) flush();
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** A one-line progress display on stderr, redrawn at most every 100 ms, for runs of 100+ services. */
function progressLine(): { update: (done: number, total: number) => void; clear: () => void } {
  let last = 0;
  let shown = false;
  return {
    update(done, total) {
      const now = Date.now();
      if (total < 100 || (now - last < 100 && done < total)) return;
      last = now;
      shown = true;
      process.stderr.write(`\rsvlint: ${done}/${total} services`);
    },
    clear() {
      if (shown) process.stderr.write("\r\u001b[K");
    },
  };
}

/** Drops warnings and notes (--quiet). */
function onlyErrors(report: LintReport): LintReport {
  const results = report.results.map((r) => {
    const messages = r.messages.filter((m) => m.severity === "error");
    return { ...r, messages, warningCount: 0, infoCount: 0 };
  });
  return { ...report, results, warningCount: 0, infoCount: 0 };
}

function parseRuleOption(spec: string): [string, SeveritySetting] {
  const i = spec.lastIndexOf(":");
  if (i <= 0) throw new UsageError(`--rule takes ID:SEVERITY (for example no-cat-logging:off), not '${spec}'`);
  const id = spec.slice(0, i);
  if (!RULE_IDS.includes(id)) throw new UsageError(`unknown rule '${id}'; did you mean '${closest(id, RULE_IDS)}'?`);
  try {
    return [id, parseSeverity(spec.slice(i + 1), `--rule ${spec}`)];
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}

function listRules(): string {
  const metas = allRuleMetas();
  const w = Math.max(...metas.map((m) => m.id.length));
  const rows = metas.map(
    (m) =>
      `${m.id.padEnd(w)}  ${(m.defaultOff ? "off" : m.severity).padEnd(7)}  ${m.where === "live" ? "live " : "     "}  ${m.docs.description}`,
  );
  return `${"rule".padEnd(w)}  default  ctx    description\n${rows.join("\n")}\n\nsvlint --explain <rule> prints a rule's documentation.\n`;
}

const FIX_TYPES = ["problem", "suggestion"] as const;

/** What the fixing options ask for, or undefined when nothing is to be fixed. */
function fixRequest(
  values: {
    fix?: boolean;
    "fix-dry-run"?: boolean;
    "fix-unsafe"?: boolean;
    "fix-type"?: string[];
    "fix-modes"?: boolean;
  },
  format: FormatName,
): FixOptions | undefined {
  if (values.fix && values["fix-dry-run"]) throw new UsageError("--fix and --fix-dry-run cannot be used together");
  const fixing = values.fix === true || values["fix-dry-run"] === true || format === "diff";
  const types = (values["fix-type"] ?? []).flatMap((t) => t.split(",")).filter((t) => t !== "");
  for (const t of types)
    if (!(FIX_TYPES as readonly string[]).includes(t))
      throw new UsageError(`unknown fix type '${t}'; use ${FIX_TYPES.join(" or ")}`);
  if (!fixing) {
    const stray = (["fix-unsafe", "fix-type", "fix-modes"] as const).find((k) => values[k] !== undefined);
    if (stray) throw new UsageError(`--${stray} needs --fix, --fix-dry-run or -f diff`);
    return undefined;
  }
  return {
    write: values.fix === true,
    ...(values["fix-unsafe"] ? { unsafe: true } : {}),
    ...(types.length > 0 ? { types: types as FixOptions["types"] } : {}),
    ...(values["fix-modes"] ? { modes: true } : {}),
  };
}

/** What fixing did, on stderr: fixes left out and files not written always, a summary for people. */
function reportFixing(fixes: FixSummary, summary: boolean, diff: boolean): void {
  const cwd = process.cwd();
  const show = (abs: string): string => path.relative(cwd, abs) || abs;
  if (diff)
    for (const f of fixes.withheld)
      process.stderr.write(
        `svlint: not in the diff: ${show(f)} (an env file's text is its value, never printed; --fix writes it)\n`,
      );
  for (const d of fixes.dropped)
    process.stderr.write(`svlint: fix not applied: ${show(d.file)}:${d.line} ${d.ruleId}: ${d.reason}\n`);
  const refused = fixes.written ? "not written" : "would not be written";
  for (const n of fixes.notWritten) process.stderr.write(`svlint: ${refused}: ${show(n.file)}: ${n.reason}\n`);
  const count = Object.values(fixes.applied).reduce((a, b) => a + b, 0);
  if (!summary || count === 0) return;
  const verb = fixes.written ? "fixed" : "would fix";
  const files = fixes.files.length + fixes.modes.length;
  process.stderr.write(`svlint: ${verb} ${count} problem(s) in ${files} file(s)\n`);
}

/** 2 when a rule crashed (a bug in svlint), 1 for errors or too many warnings, else 0. */
export function exitCodeFor(
  report: Pick<LintReport, "ruleErrorCount" | "errorCount" | "warningCount">,
  maxWarnings?: number,
): number {
  if (report.ruleErrorCount > 0) return 2;
  if (report.errorCount > 0) return 1;
  if (maxWarnings !== undefined && report.warningCount > maxWarnings) return 1;
  return 0;
}

/**
 * A reader that stops early (`svlint -f json . | head`) closes the pipe: stop writing and exit
 * with the run's code, as other command-line tools do, instead of dying on an unhandled EPIPE.
 */
function quietOnClosedPipe(): void {
  process.stdout.on("error", (err: NodeJS.ErrnoException) => {
    if (err.code !== "EPIPE") throw err;
    process.exit(typeof process.exitCode === "number" ? process.exitCode : 0);
  });
}

export async function main(argv: string[]): Promise<number> {
  // Before parseArgs: editors' clients add options of their own (--stdio, --clientProcessId).
  if (argv.includes("--lsp")) return (await import("./lsp/server.js")).serve(argv);
  quietOnClosedPipe();
  try {
    let parsed;
    try {
      parsed = parseArgs({
        args: argv,
        allowPositionals: true,
        options: {
          format: { type: "string", short: "f" },
          status: { type: "boolean" },
          "output-file": { type: "string", short: "o" },
          context: { type: "string" },
          supervisor: { type: "string" },
          passwd: { type: "string" },
          color: { type: "boolean" },
          "no-color": { type: "boolean" },
          quiet: { type: "boolean", short: "q" },
          "max-warnings": { type: "string" },
          config: { type: "string", short: "c" },
          "no-config": { type: "boolean" },
          rule: { type: "string", multiple: true },
          "no-inline-config": { type: "boolean" },
          "report-unused-disable-directives": { type: "boolean" },
          concurrency: { type: "string" },
          "suppress-all": { type: "boolean" },
          "suppress-rule": { type: "string", multiple: true },
          "prune-suppressions": { type: "boolean" },
          "suppressions-location": { type: "string" },
          "pass-on-unpruned-suppressions": { type: "boolean" },
          fix: { type: "boolean" },
          "fix-dry-run": { type: "boolean" },
          "fix-unsafe": { type: "boolean" },
          "fix-type": { type: "string", multiple: true },
          "fix-modes": { type: "boolean" },
          "list-rules": { type: "boolean" },
          explain: { type: "string" },
          "print-config": { type: "string" },
          help: { type: "boolean", short: "h" },
          version: { type: "boolean", short: "v" },
        },
      });
    } catch (err) {
      throw new UsageError((err as Error).message.replace(/\. To specify a positional argument.*$/s, "."));
    }
    const { values, positionals } = parsed;
    if (values.help) return (write(HELP), 0);
    if (values.version) return (write(version() + "\n"), 0);
    if (values["list-rules"]) return (write(listRules()), 0);
    if (values.explain !== undefined) {
      const doc = RULE_IDS.includes(values.explain) ? readDoc(values.explain) : undefined;
      if (doc === undefined)
        throw new UsageError(`unknown rule '${values.explain}'; did you mean '${closest(values.explain, RULE_IDS)}'?`);
      return (write(doc), 0);
    }

    if (values.status && values.format !== undefined && values.format !== "status")
      throw new UsageError("--status and --format cannot be used together");
    const format = (values.status ? "status" : (values.format ?? "stylish")) as FormatName;
    if (!FORMATS.includes(format))
      throw new UsageError(`unknown format '${values.format}'; use one of: ${FORMATS.join(", ")}`);
    const context = values.context as LintContext | undefined;
    if (context !== undefined && context !== "live" && context !== "repo")
      throw new UsageError(`unknown context '${values.context}'; use live or repo`);
    const supervisor = values.supervisor as SupervisorFamily | undefined;
    if (supervisor !== undefined && !SUPERVISOR_FAMILIES.includes(supervisor)) {
      throw new UsageError(`unknown supervisor '${values.supervisor}'; use one of: ${SUPERVISOR_FAMILIES.join(", ")}`);
    }
    let maxWarnings: number | undefined;
    if (values["max-warnings"] !== undefined) {
      maxWarnings = Number(values["max-warnings"]);
      if (!Number.isInteger(maxWarnings) || maxWarnings < 0)
        throw new UsageError(`--max-warnings takes a whole number, not '${values["max-warnings"]}'`);
    }
    let concurrency: Concurrency | undefined;
    if (values.concurrency !== undefined) {
      const c = values.concurrency;
      concurrency = c === "auto" || c === "off" ? c : Number(c);
      if (typeof concurrency === "number" && (!/^\d+$/.test(c) || concurrency < 1 || concurrency > 64)) {
        throw new UsageError(`--concurrency takes auto, off or a number of threads from 1 to 64, not '${c}'`);
      }
    }
    if (values.config !== undefined && values["no-config"])
      throw new UsageError("--config and --no-config cannot be used together");
    const rules = Object.fromEntries((values.rule ?? []).map(parseRuleOption));
    for (const id of values["suppress-rule"] ?? [])
      if (!RULE_IDS.includes(id))
        throw new UsageError(`unknown rule '${id}'; did you mean '${closest(id, RULE_IDS)}'?`);
    if (values["suppress-all"] && values["suppress-rule"])
      throw new UsageError("--suppress-all and --suppress-rule cannot be used together");
    const fix = fixRequest(values, format);
    const suppressions = {
      file: path.resolve(values["suppressions-location"] ?? DEFAULT_SUPPRESSIONS_FILE),
      ...(values["suppress-all"] ? { suppress: "all" as const } : {}),
      ...(values["suppress-rule"] ? { suppress: values["suppress-rule"] } : {}),
      ...(values["prune-suppressions"] ? { prune: true } : {}),
    };
    const options = {
      ...(context ? { context } : {}),
      ...(supervisor ? { supervisor } : {}),
      ...(values.passwd !== undefined ? { passwd: values.passwd } : {}),
      rules,
      ...(values.config !== undefined ? { configFile: values.config } : {}),
      noConfig: values["no-config"] === true,
      inlineConfig: values["no-inline-config"] !== true,
      // SARIF and Code Quality fingerprints hash the text of the finding's line.
      keepSource: format === "sarif" || format === "codeclimate",
      reportUnusedDisableDirectives: values["report-unused-disable-directives"] === true,
      ...(concurrency !== undefined ? { concurrency } : {}),
      suppressions,
      ...(fix ? { fix } : {}),
    };

    if (values["print-config"] !== undefined) {
      const target = path.resolve(values["print-config"]);
      return (write(JSON.stringify(await configFor(target, options), null, 2) + "\n"), 0);
    }

    // Progress for a person waiting at a terminal: never in a pipe, with --quiet, or when a
    // machine format goes to the terminal's stdout.
    const machine = format !== "stylish" && format !== "gcc" && values["output-file"] === undefined;
    const progress = process.stderr.isTTY && !values.quiet && !machine ? progressLine() : undefined;
    let report = await lint(positionals.length > 0 ? positionals : ["."], {
      ...options,
      ...(progress ? { onProgress: progress.update } : {}),
    });
    progress?.clear();
    for (const f of report.fatal) process.stderr.write(`svlint: ${f.path}: ${f.message}\n`);
    if (report.fatal.length > 0) return 2;
    for (const w of report.warnings) process.stderr.write(`svlint: warning: ${w.path}: ${w.message}\n`);
    if (report.services.length === 0 && report.ignored.length === 0) {
      process.stderr.write(
        "svlint: warning: no service directories found (a service is a directory with a run file)\n",
      );
    }
    if (report.fixes) reportFixing(report.fixes, format === "stylish" && !values.quiet, format === "diff");
    if (values.quiet) report = onlyErrors(report);

    const color = values["no-color"] ? false : values.color ? true : undefined;
    const formatter = await loadFormatter(format);
    const outFile = values["output-file"];
    const fopts = { cwd: process.cwd(), color: outFile ? false : color };
    writeReport(formatter.pieces ? formatter.pieces(report, fopts) : [formatter(report, fopts)], outFile);

    if (report.suppressedCount > 0 && format === "stylish" && !values.quiet)
      process.stderr.write(
        `svlint: ${report.suppressedCount} finding(s) suppressed by ${path.relative(process.cwd(), suppressions.file) || suppressions.file}\n`,
      );
    if (report.unusedSuppressions.length > 0) {
      const n = report.unusedSuppressions.reduce((k, u) => k + u.count, 0);
      process.stderr.write(
        `svlint: ${n} suppressed finding(s) no longer occur (${report.unusedSuppressions
          .slice(0, 3)
          .map((u) => `${u.file}: ${u.rule}`)
          .join(
            ", ",
          )}${report.unusedSuppressions.length > 3 ? ", …" : ""}); run again with --prune-suppressions to drop them from the file\n`,
      );
      if (!values["pass-on-unpruned-suppressions"] && exitCodeFor(report, maxWarnings) === 0) return 2;
    }
    const code = exitCodeFor(report, maxWarnings);
    if (code === 1 && report.errorCount === 0)
      process.stderr.write(`svlint: ${report.warningCount} warnings, more than --max-warnings ${maxWarnings}\n`);
    if (report.ruleErrorCount > 0)
      process.stderr.write(
        `svlint: ${report.ruleErrorCount} rule failure(s): a bug in svlint; see the rule-error findings\n`,
      );
    return code;
  } catch (err) {
    if (err instanceof UsageError || err instanceof ConfigError || err instanceof SuppressionsError) {
      process.stderr.write(`svlint: ${err.message}\n${err instanceof UsageError ? "Try 'svlint --help'.\n" : ""}`);
      return 2;
    }
    process.stderr.write(`svlint: internal error: ${(err as Error)?.message ?? String(err)}\n`);
    if (process.env.SVLINT_DEBUG) process.stderr.write(`${(err as Error)?.stack ?? ""}\n`);
    return 2;
  }
}
