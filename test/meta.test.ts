// Every rule has a doc, a test, one style of description and messages, a README entry, and its
// doc's examples do what they claim: incorrect ones trigger the rule, correct ones do not.
import * as fs from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { CORE_RULES } from "../src/engine/core-rules.js";
import type { Rule, RuleMeta } from "../src/engine/rule.js";
import { RULES } from "../src/rules/index.js";
import { ruleTables } from "../src/docs.js";
import { lintService } from "../src/engine/lint.js";
import { readService } from "../src/service.js";
import { docExamples, enabled, findings, makeService } from "./helpers.js";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const README = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
const HEADINGS = ["## What it finds", "## Why", "## When not to use it"];
const metas: RuleMeta[] = [...RULES.map((r) => r.meta), ...CORE_RULES];

describe.each(metas.map((m) => [m.id, m] as const))("%s", (id, meta) => {
  const docPath = path.join(ROOT, "docs/rules", `${id}.md`);
  const rule: Rule | undefined = RULES.find((r) => r.meta.id === id);

  it("has a doc page with the standard headings, starting with its description", () => {
    const doc = fs.readFileSync(docPath, "utf8");
    expect(doc.startsWith(`# ${id}\n\n${meta.docs.description}.\n`)).toBe(true);
    for (const h of HEADINGS) expect(doc).toContain(`\n${h}\n`);
    expect(doc).toContain(`Default severity: **${meta.severity}**`);
  });

  it("has a description and messages in one style", () => {
    expect(meta.docs.description).toMatch(/^(Require|Disallow|Report|Note) [^.]+[^.]$/);
    for (const m of Object.values(meta.messages)) {
      expect(m).toMatch(/^[`A-Za-z{]/);
      expect(m).toMatch(/[.)`]$/);
    }
  });

  if (rule) {
    it("has its own test file", () => {
      expect(fs.existsSync(path.join(ROOT, "test/rules", `${id}.test.ts`))).toBe(true);
    });
  }

  const doc = fs.readFileSync(docPath, "utf8");
  if (rule) {
    it("says in its doc whether and how it fixes, as its meta declares", () => {
      const section = /\n## Fixing\n\n([\s\S]*?)(?=\n## |$)/.exec(doc)?.[1];
      expect(section).toBeDefined();
      if (meta.fixable === "code") expect(section).toContain("`--fix`");
      if (meta.fixable === "mode") expect(section).toContain("`--fix-modes`");
      if (meta.hasSuggestions) expect(section).toMatch(/suggestion/i);
      if (!meta.fixable && !meta.hasSuggestions) expect(section).toMatch(/^No automatic fix/);
    });
  }
  const exs = docExamples(doc);
  if (rule || id !== "rule-error") {
    it("shows at least one incorrect and one correct example", () => {
      expect(exs.some((e) => e.kind === "incorrect")).toBe(true);
      expect(exs.some((e) => e.kind === "correct")).toBe(true);
    });
  }
  if (exs.length === 0) return; // rule-error: nothing to show
  it.each(exs.map((e, i) => [`${e.kind} example ${i + 1}`, e] as const))("%s does what the doc says", (_n, e) => {
    const dir = makeService(e.spec);
    const results = lintService(readService(dir, { context: "live" }), {
      rules: rule ? [rule] : [],
      // A rule that is off by default is turned on to run its own examples.
      severities: enabled(rule ? [rule] : []),
      reportUnusedDirectives: true,
    });
    const got = findings(dir, results).filter((f) => f.ruleId === id);
    if (e.kind === "incorrect") expect(got.length).toBeGreaterThan(0);
    else expect(got).toEqual([]);
  });
});

it("every file in src/rules is a rule in the index", () => {
  const files = fs
    .readdirSync(path.join(ROOT, "src/rules"))
    .filter((f) => f !== "index.ts")
    .map((f) => f.replace(/\.ts$/, ""));
  expect(files.sort()).toEqual(RULES.map((r) => r.meta.id).sort());
});

it("the README's rule tables are the ones the rules' meta makes (`npm run build` rewrites them)", () => {
  const block = /<!-- rules:start[^\n]*-->\n([\s\S]*?)<!-- rules:end -->/.exec(README);
  expect(block).not.toBeNull();
  expect(block![1]).toBe(
    ruleTables(
      RULES.map((r) => r.meta),
      CORE_RULES,
    ),
  );
});
