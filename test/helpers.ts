// Test helpers: services are real directories made on disk (under the OS temp dir, outside any
// git work tree, so the context is `live` unless a test says otherwise).
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { lintService, type FileResult } from "../src/engine/lint.js";
import { formatMessage, type Diagnostic, type Rule, type Severity } from "../src/engine/rule.js";
import { Engine } from "../src/engine/engine.js";
import { applyEdits, fixService } from "../src/fix/fixer.js";
import { readService, type LintContext } from "../src/service.js";

export type TreeSpec = Record<
  string,
  string | { content?: string; mode?: number; symlink?: string; dir?: boolean; fifo?: boolean }
>;

const made: string[] = [];

export function tempDir(prefix = "svlint-test-"): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  made.push(d);
  return d;
}

afterAll(() => {
  for (const d of made.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

/** Writes a tree: scripts (`run`, `log/run`, `finish`, …) default to mode 0755, other files 0644. */
export function writeTree(root: string, spec: TreeSpec): string {
  for (const [rel, v] of Object.entries(spec)) {
    const p = path.join(root, rel);
    fs.mkdirSync(path.dirname(p), { recursive: true });
    const o = typeof v === "string" ? { content: v } : v;
    if (o.symlink !== undefined) fs.symlinkSync(o.symlink, p);
    else if (o.dir) fs.mkdirSync(p, { recursive: true });
    else if (o.fifo) {
      // node has no mkfifo; coreutils' is on every machine this runs on.
      if (spawnSync("mkfifo", [p]).status !== 0) throw new Error(`mkfifo ${p} failed`);
    } else {
      fs.writeFileSync(p, o.content ?? "");
      const script = /(^|\/)(run|finish|check)$/.test(rel);
      fs.chmodSync(p, o.mode ?? (script ? 0o755 : 0o644));
    }
    if (o.dir && o.mode !== undefined) fs.chmodSync(p, o.mode);
  }
  return root;
}

/** A service directory made from a spec, one level down in a fresh temp dir (so `../x` stays inside it). */
export function makeService(spec: TreeSpec): string {
  return writeTree(path.join(tempDir(), "svc"), spec);
}

/**
 * A service inside a repository checkout (a `.git` directory at the top): `repo` holds the
 * repository's other files (Dockerfile, packaging, s6-rc dependencies), `at` the service's path
 * in it. Returns the service directory.
 */
export function makeRepoService(spec: TreeSpec, repo: TreeSpec, at = "sv/svc"): string {
  const root = tempDir();
  fs.mkdirSync(path.join(root, ".git"));
  writeTree(root, repo);
  return writeTree(path.join(root, at), spec);
}

/**
 * The accounts the test fixtures use (app, log, metrics…), as a passwd file: tests judge their
 * fixtures against it instead of this machine's /etc/passwd (unknown-account).
 */
export const TEST_PASSWD = path.join(path.dirname(fileURLToPath(import.meta.url)), "accounts.passwd");

/** The rules that are off by default (meta.defaultOff) turned on at their severity, as `--rule` would. */
export const enabled = (rules: readonly Rule[]): Map<string, Severity> =>
  new Map(rules.filter((r) => r.meta.defaultOff).map((r) => [r.meta.id, r.meta.severity]));

/** Lints `dir` with `rules`; `on` lists rules that are off by default to turn on (a rule's own test does). */
export function lintWith(
  dir: string,
  rules: readonly Rule[],
  context?: LintContext,
  on: readonly Rule[] = [],
): FileResult[] {
  return lintService(readService(dir, context ? { context } : {}), {
    rules,
    passwdFile: TEST_PASSWD,
    severities: enabled(on),
  });
}

export interface Finding {
  file: string;
  line: number;
  column: number;
  ruleId: string;
  severity: string;
  certainty: string;
  message: string;
  /** Where the finding's node ends (1-based, as `Diagnostic`); a file-level report ends where it starts. */
  endLine: number;
  endColumn: number;
  fix?: Diagnostic["fix"];
  suggestions?: Diagnostic["suggestions"];
}

/** Flattened findings with service-relative file names. */
export function findings(dir: string, results: FileResult[]): Finding[] {
  return results.flatMap((r) =>
    r.messages.map((m) => ({
      file: path.relative(dir, r.filePath),
      line: m.line,
      column: m.column,
      ruleId: m.ruleId,
      severity: m.severity,
      certainty: m.certainty,
      message: m.message,
      endLine: m.endLine,
      endColumn: m.endColumn,
      ...(m.fix ? { fix: m.fix } : {}),
      ...(m.suggestions ? { suggestions: m.suggestions } : {}),
    })),
  );
}

// ---- RuleTester, after ESLint's: tables of valid and invalid cases, each a service on disk ----

/** A daemontools logger that drops to `nobody`: the usual `log/run` for cases about `run` alone. */
export const MULTILOG_LOG_RUN = "#!/bin/sh\nexec setuidgid nobody multilog t ./main\n";

/** What every case of a table gets unless it says otherwise. */
export interface RuleTestDefaults {
  /**
   * The `log/run` of a case that gives neither `logRun` nor `files` (a case's own `logRun` or
   * `files` always wins). Without it such a case has no `log/run` at all: nothing is added unseen.
   */
  logRun?: string;
}

export interface RuleCase {
  /** What the case shows (the test's name). */
  name: string;
  /** Shorthand: the `run` script (default `#!/bin/sh\nexec true\n` unless `files` has one). */
  run?: string;
  /** Shorthand: the `log/run` script. */
  logRun?: string;
  /** The whole tree (plus run/logRun if given). With it, `defaults.logRun` is not added. */
  files?: TreeSpec;
  context?: LintContext;
  /** Files of a surrounding repository: the service is put at `at` (default `sv/svc`) in a checkout. */
  repo?: TreeSpec;
  at?: string;
}

/**
 * One expected finding of the rule, in the order the engine sorts them (file, line, column).
 * Every field that is given is asserted; positions are 1-based and count UTF-16 code units, as
 * `Diagnostic` does. A report made on a file rather than a node is at column 1 and ends where it
 * starts (endLine = line, endColumn = 1).
 */
export interface ExpectedError {
  messageId: string;
  /** The report's data: the message must then be exactly the messageId's template filled with it. */
  data?: Record<string, string | number>;
  file?: string;
  line?: number;
  column?: number;
  endLine?: number;
  endColumn?: number;
  /** Default: the rule's severity. */
  severity?: string;
  certainty?: string;
  /** A piece of the message. */
  includes?: string;
  /** The applicability of the finding's fix, or `none` when it must have none. */
  fix?: "safe" | "unsafe" | "display" | "none";
  /** The finding's suggestions, in order: each one's text and its file after applying it alone. */
  suggestions?: Array<{ desc?: string; output: string }>;
}

export interface InvalidCase extends RuleCase {
  errors: ExpectedError[];
  /**
   * The files after fixing with this rule alone (unsafe fixes included, until nothing is left to
   * fix): a string is the file of the first error, a record maps files to their text, `null` says
   * nothing changes. Required when any finding of the case carries a fix.
   */
  output?: string | Record<string, string> | null;
}

const POSITION = ["file", "line", "column", "endLine", "endColumn"] as const;

/**
 * Runs a rule's tables: a valid case must draw no finding of the rule above info, an invalid
 * case exactly its `errors`. `defaults.logRun` (e.g. `MULTILOG_LOG_RUN`) is the `log/run` of the
 * cases that give neither `logRun` nor `files`; a table without it writes no `log/run` it does
 * not show.
 */
export function runRuleTests(
  rule: Rule,
  cases: { defaults?: RuleTestDefaults; valid: RuleCase[]; invalid: InvalidCase[] },
): void {
  const defaults = cases.defaults ?? {};
  const build = (c: RuleCase): string => {
    const spec: TreeSpec = { ...(c.files ?? {}) };
    if (c.run !== undefined) spec.run = c.run;
    else if (!("run" in spec)) spec.run = "#!/bin/sh\nexec true\n";
    if (c.logRun !== undefined) spec["log/run"] = c.logRun;
    else if (c.files === undefined && defaults.logRun !== undefined) spec["log/run"] = defaults.logRun;
    return c.repo ? makeRepoService(spec, c.repo, c.at) : makeService(spec);
  };
  const templateOf = (id: string): string => {
    const template = rule.meta.messages[id];
    if (template === undefined) throw new Error(`${rule.meta.id} has no messageId '${id}'`);
    return template;
  };
  /** The message template of a messageId as a whole-string pattern, placeholders matching anything. */
  const patternFor = (id: string): RegExp => {
    const parts = templateOf(id)
      .split(/\{\{\s*\w+\s*\}\}/)
      .map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
    return new RegExp(`^${parts.join("[\\s\\S]*?")}$`);
  };
  /** The message a messageId and data make; data naming no placeholder of the template is a mistake of the test. */
  const messageFor = (id: string, data: Record<string, string | number>): string => {
    const template = templateOf(id);
    const names = new Set([...template.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]));
    const stray = Object.keys(data).filter((k) => !names.has(k));
    if (stray.length > 0) throw new Error(`${rule.meta.id}: '${id}' has no placeholder ${stray.join(", ")}`);
    return formatMessage(template, data);
  };

  describe(`${rule.meta.id}: valid`, () => {
    it.each(cases.valid.map((c) => [c.name, c] as const))("%s", (_n, c) => {
      const dir = build(c);
      const got = findings(dir, lintWith(dir, [rule], c.context ?? (c.repo ? "repo" : undefined), [rule]));
      expect(got.filter((f) => f.ruleId === rule.meta.id && f.severity !== "info")).toEqual([]);
      expect(got.filter((f) => f.ruleId === "rule-error")).toEqual([]);
    });
  });

  describe(`${rule.meta.id}: invalid`, () => {
    it.each(cases.invalid.map((c) => [c.name, c] as const))("%s", (_n, c) => {
      expect(c.errors.length).toBeGreaterThan(0);
      const dir = build(c);
      const got = findings(dir, lintWith(dir, [rule], c.context ?? (c.repo ? "repo" : undefined), [rule]));
      expect(got.filter((f) => f.ruleId === "rule-error")).toEqual([]);
      const mine = got.filter((f) => f.ruleId === rule.meta.id);
      expect(mine).toHaveLength(c.errors.length);
      c.errors.forEach((e, i) => {
        const f = mine[i]!;
        // The message is the expected messageId's template, with every placeholder filled…
        expect(f.message).toMatch(patternFor(e.messageId));
        expect(f.message).not.toMatch(/\{\{/);
        // …and, when the case gives the data, filled with exactly that.
        if (e.data !== undefined) expect(f.message).toBe(messageFor(e.messageId, e.data));
        // The position fields the case gives, compared together (error i) so a failure shows them all.
        const want: Partial<Record<(typeof POSITION)[number], string | number>> = {};
        const have: typeof want = {};
        for (const k of POSITION) {
          if (e[k] === undefined) continue;
          want[k] = e[k];
          have[k] = f[k];
        }
        expect({ error: i, ...have }).toEqual({ error: i, ...want });
        expect(f.severity).toBe(e.severity ?? rule.meta.severity);
        if (e.certainty !== undefined) expect(f.certainty).toBe(e.certainty);
        if (e.includes !== undefined) expect(f.message).toContain(e.includes);
        if (e.fix !== undefined)
          expect({ error: i, fix: f.fix?.applicability ?? "none" }).toEqual({ error: i, fix: e.fix });
        const text = (): string => fs.readFileSync(path.join(dir, f.file), "utf8");
        if (e.suggestions !== undefined)
          expect(
            (f.suggestions ?? []).map((s) => ({
              ...(e.suggestions!.some((x) => x.desc !== undefined) ? { desc: s.desc } : {}),
              output: applyEdits(text(), s.edits) ?? "(edits overlap)",
            })),
          ).toEqual(
            e.suggestions.map((x) => ({ ...(x.desc !== undefined ? { desc: x.desc } : {}), output: x.output })),
          );
      });
      checkOutput(rule, c, dir, mine);
    });
  });
}

/** A case's `output`: the rule's fixes applied by the fixer, compared with what the case says. */
function checkOutput(rule: Rule, c: InvalidCase, dir: string, mine: Finding[]): void {
  if (c.output === undefined) {
    const fixed = mine.filter((f) => f.fix);
    expect(fixed.length === 0 ? "no fix" : `${fixed.length} fix(es): give the case an output`).toBe("no fix");
    return;
  }
  const engine = new Engine({ rules: [rule] });
  const context = c.context ?? (c.repo ? "repo" : undefined);
  const outcome = fixService(
    engine,
    dir,
    { passwd: TEST_PASSWD, severities: Object.fromEntries(enabled([rule])), ...(context ? { context } : {}) },
    { unsafe: true },
  );
  const changed = Object.fromEntries([...outcome.changed].map(([abs, t]) => [path.relative(dir, abs), t.after]));
  expect(outcome.dropped).toEqual([]);
  if (c.output === null) expect(changed).toEqual({});
  else if (typeof c.output === "string") expect(changed).toEqual({ [mine[0]!.file]: c.output });
  else expect(changed).toEqual(c.output);
}

// ---- A rule doc's examples (meta.test.ts runs them; host.test.ts lints them with no disk) ----

export interface DocExample {
  kind: "incorrect" | "correct";
  spec: TreeSpec;
}

/** Code blocks under `## Incorrect` and `## Correct`: `sh file=PATH` scripts or `tree` listings (PATH MODE). */
export function docExamples(doc: string): DocExample[] {
  const out: DocExample[] = [];
  let section: DocExample["kind"] | undefined;
  const lines = doc.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.startsWith("## "))
      section = line === "## Incorrect" ? "incorrect" : line === "## Correct" ? "correct" : undefined;
    const fence = /^```(\S+)(?: file=(\S+))?$/.exec(line);
    if (!fence || !section) continue;
    const body: string[] = [];
    for (i++; i < lines.length && lines[i] !== "```"; i++) body.push(lines[i]!);
    const spec: TreeSpec = {};
    if (fence[1] === "tree") {
      for (const row of body) {
        const [p, mode] = row.trim().split(/\s+/);
        const m = parseInt(mode!, 8);
        if (p!.endsWith("/")) spec[p!.slice(0, -1)] = { dir: true, mode: m };
        else
          spec[p!] = {
            content:
              p === "log/run"
                ? "#!/bin/sh\nexec setuidgid nobody multilog t ./main\n"
                : p === "run"
                  ? "#!/bin/sh\nexec app\n"
                  : "x\n",
            mode: m,
          };
      }
    } else {
      spec[fence[2] ?? "run"] = body.join("\n") + "\n";
      spec.run ??= "#!/bin/sh\nexec app\n";
      if (fence[2] === "run") spec["log/run"] = "#!/bin/sh\nexec setuidgid nobody multilog t ./main\n";
    }
    out.push({ kind: section, spec });
  }
  return out;
}
