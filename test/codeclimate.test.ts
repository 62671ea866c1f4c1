// `-f codeclimate`: GitLab Code Quality's report, checked field by field against GitLab's
// "Code Quality report format" (https://docs.gitlab.com/ci/testing/code_quality/#code-quality-report-format):
// a single JSON array; each object with `description`, `check_name`, `fingerprint` (strings),
// `severity` (info, minor, major, critical or blocker), `location.path` (relative) and
// `location.lines.begin` (integer); no byte order mark.
import * as fs from "node:fs";
import * as path from "node:path";
import { FORMAT_TREES } from "./format-trees.js";
import { svlint } from "./cli-helpers.js";
import { makeService, tempDir, TEST_PASSWD, writeTree, type TreeSpec } from "./helpers.js";
import format from "../src/formatters/codeclimate.js";
import type { FileResult } from "../src/engine/lint.js";
import { lint, RULE_IDS, type LintReport } from "../src/index.js";

interface Issue {
  description: string;
  check_name: string;
  fingerprint: string;
  severity: string;
  location: { path: string; lines: { begin: number } };
}

const SEVERITIES = ["info", "minor", "major", "critical", "blocker"];

const TREES: Record<string, TreeSpec> = {
  ...FORMAT_TREES,
  mixed: {
    ...FORMAT_TREES.mixed,
    // The same finding twice in one file: same rule, message and line text.
    "twice/run": "#!/bin/sh\nexec 2>&1\nchown -R app:app\nchown -R app:app\nexec setuidgid app app\n",
  },
};

function tree(spec: TreeSpec): string {
  const root = tempDir();
  writeTree(root, spec);
  return root;
}

function report(root: string, args: string[] = ["."]): { code: number | null; stdout: string; issues: Issue[] } {
  const r = svlint(["-f", "codeclimate", ...args], { cwd: root });
  expect(r.stderr).not.toMatch(/rule failure|Error:/);
  return { code: r.code, stdout: r.stdout, issues: JSON.parse(r.stdout) as Issue[] };
}

/** Exactly the documented fields, with the documented types. */
function expectDocumentedShape(issue: Issue, root: string): void {
  expect(Object.keys(issue).sort()).toEqual(["check_name", "description", "fingerprint", "location", "severity"]);
  expect(typeof issue.description).toBe("string");
  expect(issue.description.length).toBeGreaterThan(0);
  expect(issue.description).not.toMatch(/[\r\n]/);
  expect(typeof issue.check_name).toBe("string");
  expect(RULE_IDS).toContain(issue.check_name);
  expect(typeof issue.fingerprint).toBe("string");
  expect(issue.fingerprint).toMatch(/^[0-9a-f]{32}$/);
  expect(SEVERITIES).toContain(issue.severity);
  expect(Object.keys(issue.location).sort()).toEqual(["lines", "path"]);
  expect(Object.keys(issue.location.lines)).toEqual(["begin"]);
  expect(typeof issue.location.path).toBe("string");
  expect(Number.isInteger(issue.location.lines.begin)).toBe(true);
  expect(issue.location.lines.begin).toBeGreaterThanOrEqual(1);
  // Relative to the repository root (the working directory), `/` separators, naming a file.
  const p = issue.location.path;
  expect(path.isAbsolute(p)).toBe(false);
  expect(p).not.toMatch(/^\.{1,2}\/|\\/);
  expect(fs.statSync(path.join(root, p)).isFile()).toBe(true);
}

const byPlace = (issues: Issue[]): Map<string, Issue[]> => {
  const m = new Map<string, Issue[]>();
  for (const i of issues) {
    const k = `${i.location.path}\0${i.check_name}`;
    m.set(k, [...(m.get(k) ?? []), i]);
  }
  return m;
};

describe("-f codeclimate (GitLab Code Quality)", () => {
  it.each(Object.keys(TREES))("is a JSON array of issues with exactly the documented fields (%s tree)", (name) => {
    const root = tree(TREES[name]!);
    const { stdout, issues } = report(root);
    expect(stdout.charCodeAt(0)).not.toBe(0xfeff);
    expect(stdout.endsWith("\n")).toBe(true);
    expect(Array.isArray(issues)).toBe(true);
    for (const issue of issues) expectDocumentedShape(issue, root);
  });

  it("is an empty array when there is nothing to report, and exits 0", () => {
    const { code, stdout, issues } = report(tree(TREES.clean!));
    expect(code).toBe(0);
    expect(issues).toEqual([]);
    expect(stdout.trim()).toBe("[]");
  });

  it("reports every finding of the run, with svlint's severities mapped error→major, warning→minor, info→info", () => {
    const root = tree(TREES.mixed!);
    const { code, issues } = report(root);
    expect(code).toBe(1);
    const json = JSON.parse(svlint(["-f", "json", "."], { cwd: root }).stdout) as Array<{
      filePath: string;
      messages: Array<{ ruleId: string; level: string; line: number; message: string }>;
    }>;
    const expected = json.flatMap((f) =>
      f.messages.map((m) => ({
        path: path.relative(root, f.filePath),
        check_name: m.ruleId,
        line: m.line,
        description: m.message,
        severity: { error: "major", warning: "minor", info: "info" }[m.level],
      })),
    );
    expect(
      issues.map((i) => ({
        path: i.location.path,
        check_name: i.check_name,
        line: i.location.lines.begin,
        description: i.description,
        severity: i.severity,
      })),
    ).toEqual(expected);
    // The tree has all three levels.
    expect(new Set(issues.map((i) => i.severity))).toEqual(new Set(["major", "minor", "info"]));
    expect(issues.map((i) => i.location.path)).toContain("dir with space/run");
    expect(JSON.stringify(issues)).not.toContain("secret-value-xyz");
  });

  it("gives paths relative to the working directory, whatever path is linted", () => {
    const root = tree({ "repo/sv/web/run": "#!/bin/sh\nexec setuidgid app envdir ./env app\n" });
    const fromRoot = report(root, ["repo/sv"]).issues;
    expect(fromRoot.length).toBeGreaterThan(0);
    expect(new Set(fromRoot.map((i) => i.location.path))).toEqual(new Set(["repo/sv/web/run"]));
    const fromRepo = report(path.join(root, "repo"), [path.join(root, "repo/sv/web")]).issues;
    expect(new Set(fromRepo.map((i) => i.location.path))).toEqual(new Set(["sv/web/run"]));
    expect(fromRepo.map((i) => i.check_name)).toEqual(fromRoot.map((i) => i.check_name));
  });

  it("has unique fingerprints, two identical findings in one file included", () => {
    const { issues } = report(tree(TREES.mixed!));
    const fps = issues.map((i) => i.fingerprint);
    expect(new Set(fps).size).toBe(fps.length);
    const twice = issues.filter((i) => i.location.path === "twice/run" && i.check_name === "chown-target");
    expect(twice.map((i) => i.location.lines.begin)).toEqual([3, 4]);
    expect(twice[0]!.description).toBe(twice[1]!.description);
    expect(twice[0]!.fingerprint).not.toBe(twice[1]!.fingerprint);
  });

  it("gives the same fingerprints on a second run", () => {
    const root = tree(TREES.mixed!);
    const a = report(root).issues;
    const b = report(root).issues;
    expect(b).toEqual(a);
  });

  it("keeps each finding's fingerprint when a blank line is inserted above it (the line moves)", () => {
    const a = report(tree(TREES.mixed!)).issues;
    const moved: TreeSpec = { ...TREES.mixed! };
    for (const f of ["web/run", "web/log/run", "twice/run"])
      moved[f] = (moved[f] as string).replace(/^(#![^\n]*\n)/, "$1\n");
    const b = report(tree(moved)).issues;
    const before = byPlace(a);
    const after = byPlace(b);
    expect([...after.keys()].sort()).toEqual([...before.keys()].sort());
    let shifted = 0;
    for (const [k, was] of before) {
      const now = after.get(k)!;
      expect(now.map((i) => i.fingerprint)).toEqual(was.map((i) => i.fingerprint));
      // Findings on a line of the edited scripts move down one; a file-level finding stays on line 1.
      if (/^(web\/run|web\/log\/run|twice\/run)\0/.test(k)) {
        expect(now.map((i) => i.location.lines.begin)).toEqual(
          was.map((i) => (i.location.lines.begin === 1 ? 1 : i.location.lines.begin + 1)),
        );
        shifted += now.filter((i) => i.location.lines.begin > 1).length;
      }
    }
    // Including stderr-redirect-order, whose message names a line number that moved too.
    expect(after.get("web/run\0stderr-redirect-order")![0]!.description).toMatch(/line 3\b/);
    expect(shifted).toBeGreaterThanOrEqual(6);
  });

  it("does not hash an env file's content", () => {
    const envFinding = (secret: string): Issue => {
      const { issues } = report(
        tree({ "web/run": TREES.mixed!["web/run"]!, "web/env/TOKEN": { content: secret, mode: 0o644 } }),
      );
      return issues.find((i) => i.location.path === "web/env/TOKEN")!;
    };
    const a = envFinding("secret-one");
    expect(a).toBeDefined();
    expect(envFinding("another-secret").fingerprint).toBe(a.fingerprint);
  });

  it("writes the same report to a file with -o", () => {
    const root = tree(TREES.mixed!);
    const r = svlint(["-f", "codeclimate", "-o", "gl-code-quality-report.json", "."], { cwd: root });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    const written = fs.readFileSync(path.join(root, "gl-code-quality-report.json"), "utf8");
    expect(JSON.parse(written)).toEqual(report(root).issues);
  });
});

describe("the codeclimate formatter on results with script text", () => {
  const cwd = "/repo";
  const result = (source: string, messages: FileResult["messages"]): FileResult => ({
    filePath: "/repo/sv/web/run",
    service: "/repo/sv/web",
    messages,
    source,
    errorCount: 0,
    warningCount: messages.length,
    infoCount: 0,
  });
  const msg = (line: number, message = "`chown` gives an owner but no file") => ({
    ruleId: "chown-target",
    severity: "warning" as const,
    certainty: "proven" as const,
    message,
    line,
    column: 1,
    endLine: line,
    endColumn: 17,
  });
  const run = (results: FileResult[]): Issue[] =>
    JSON.parse(format({ results } as unknown as LintReport, { cwd })) as Issue[];

  it("follows the line's text, not its number", () => {
    const [a] = run([result("#!/bin/sh\nchown -R log:log\n", [msg(2)])]);
    const [moved] = run([result("#!/bin/sh\n\n\nchown -R log:log\n", [msg(4)])]);
    const [edited] = run([result("#!/bin/sh\nchown -R app:app\n", [msg(2)])]);
    expect(moved!.fingerprint).toBe(a!.fingerprint);
    expect(moved!.location.lines.begin).toBe(4);
    expect(edited!.fingerprint).not.toBe(a!.fingerprint);
    expect(a!.location.path).toBe("sv/web/run");
  });

  it("never reports suppressed findings (suppressedMessages)", () => {
    const r = { ...result("#!/bin/sh\nchown -R log:log\nchown x\n", [msg(2)]), suppressedMessages: [msg(3, "old")] };
    const issues = run([r]);
    expect(issues).toHaveLength(1);
    expect(issues[0]!.location.lines.begin).toBe(2);
    expect(JSON.stringify(issues)).not.toContain('"old"');
  });

  it("matches the API's lint() results, script text kept", async () => {
    const dir = makeService({ run: "#!/bin/sh\nexec 2>&1\nchown -R app:app\nexec setuidgid app app\n" });
    const rep = await lint([dir], { noConfig: true, concurrency: "off", passwd: TEST_PASSWD });
    expect(rep.results.some((r) => r.source !== undefined)).toBe(true);
    const issues = JSON.parse(format(rep, { cwd: path.dirname(dir) })) as Issue[];
    expect(issues.map((i) => [i.location.path, i.check_name, i.location.lines.begin])).toEqual([
      ["svc/run", "log-run-present", 1],
      ["svc/run", "chown-target", 3],
    ]);
  });
});
