import { defineRule } from "../src/engine/rule.js";
import { RULES } from "../src/rules/index.js";
import { lintService } from "../src/engine/lint.js";
import { readService } from "../src/service.js";
import { findings, lintWith, makeService } from "./helpers.js";

const LOG = { "log/run": "#!/bin/sh\nexec setuidgid nobody multilog t ./main\n" };

describe("engine", () => {
  it("reports a syntax error with its position and still lints the rest of the script", () => {
    const dir = makeService({ run: "#!/bin/sh\nif then\nexec setuidgid app envdir ./env app\n", ...LOG });
    const f = findings(dir, lintWith(dir, RULES));
    // A conditional note: tree-sitter-bash is stricter than sh in places, so the message says what svlint knows.
    expect(f.find((x) => x.ruleId === "parse-error")).toMatchObject({
      file: "run",
      line: 2,
      severity: "info",
      certainty: "conditional",
      message: expect.stringContaining("sh -n"),
    });
  });

  it("reads bash's base-prefixed arithmetic (`10#$n`), which tree-sitter-bash lacks, as the number", () => {
    const dir = makeService({
      run: "#!/bin/bash\nif ((10#$n1 > 10#$n2)); then echo newer; fi\nexec 2>&1\nsetuidgid app envdir ./env app\n",
      ...LOG,
    });
    const f = findings(dir, lintWith(dir, RULES));
    expect(f.map((x) => x.ruleId).sort()).toEqual(["exec-daemon", "setuidgid-last"]);
    expect(f.some((x) => x.ruleId === "setuidgid-last")).toBe(true);
  });

  it("reads a script whose #! line comes after blank lines in the language it names (the shebang rule reports the line)", () => {
    const dir = makeService({
      run: "#!/bin/sh\nexec 2>&1\nexec app\n",
      finish: "\n#!/usr/bin/execlineb -S0\nif { s6-test ${1} -ne 0 }\ns6-svscanctl -t /var/run/s6/services\n",
      ...LOG,
    });
    const f = findings(dir, lintWith(dir, RULES)).filter((x) => x.file === "finish");
    expect(f.map((x) => x.ruleId)).toEqual(["shebang"]);
  });

  it("does not read other languages as shell, notes it, and still checks the directory", () => {
    const dir = makeService({ run: "#!/usr/bin/python3\nimport os\nos.execv('/bin/x', ['x'])\n" });
    const f = findings(dir, lintWith(dir, RULES));
    expect(f.map((x) => [x.ruleId, x.severity])).toEqual([
      ["log-run-present", "info"],
      ["not-shell", "info"],
    ]);
    expect(f.find((x) => x.ruleId === "not-shell")!.message).toContain("python3");
  });

  it("reads execline scripts with the execline reader: rules apply, no parse-error", () => {
    const dir = makeService({
      run: "#!/command/execlineb -P\nfdmove -c 2 1\ns6-setuidgid app s6-envdir ./env app\n",
      ...LOG,
    });
    const f = findings(dir, lintWith(dir, RULES));
    expect(f.map((x) => x.ruleId)).toEqual(["setuidgid-last"]);
  });

  it("reports an unclosed execline block as a parse-error", () => {
    const dir = makeService({ run: "#!/bin/execlineb -P\nforeground { mkdir -p /var/log/app\napp\n", ...LOG });
    const f = findings(dir, lintWith(dir, RULES));
    expect(f.filter((x) => x.ruleId === "parse-error")).toEqual([
      expect.objectContaining({
        line: 2,
        severity: "error",
        certainty: "proven",
        message: expect.stringContaining("never closed"),
      }),
    ]);
  });

  it("turns a rule that throws into a rule-error naming it; other rules still report", () => {
    const boom = defineRule({
      meta: { id: "boom", type: "problem", severity: "error", docs: { description: "Throw" }, messages: {} },
      create: () => ({
        command: () => {
          throw new Error("kaput");
        },
      }),
    });
    const dir = makeService({ run: "#!/bin/sh\nexec setuidgid app envdir ./env app\n", ...LOG });
    const f = findings(dir, lintWith(dir, [boom, ...RULES]));
    const errs = f.filter((x) => x.ruleId === "rule-error");
    expect(errs).toHaveLength(1);
    expect(errs[0]!.message).toContain("`boom`");
    expect(errs[0]!.message).toContain("kaput");
    expect(f.some((x) => x.ruleId === "setuidgid-last")).toBe(true);
  });

  it("never opens a FIFO named run, and says what it is", () => {
    const dir = makeService({ run: { fifo: true }, ...LOG });
    const f = findings(dir, lintWith(dir, RULES));
    expect(f).toEqual([
      expect.objectContaining({
        ruleId: "unreadable-file",
        file: "run",
        message: expect.stringContaining("named pipe"),
      }),
    ]);
  });

  it("reports binary and oversized scripts without reading them as text", () => {
    const dir = makeService({
      run: "#!/bin/sh\nexec app\n\u0000\u0001",
      "log/run": "#!/bin/sh\n" + "# pad\n".repeat(200_000),
    });
    const f = findings(dir, lintWith(dir, RULES));
    expect(f.map((x) => [x.file, x.ruleId])).toEqual([
      ["log/run", "unreadable-file"],
      ["run", "unreadable-file"],
    ]);
    expect(f[0]!.message).toMatch(/over svlint's limit/);
    expect(f[1]!.message).toMatch(/NUL bytes/);
  });

  it("sorts findings by line and column and gives 1-based ranges", () => {
    const dir = makeService({
      run: "#!/bin/sh\nexec app\nexec 2>&1\n",
      "log/run": "#!/bin/sh\nchown x\nexec multilog t /srv/logs/a\n",
    });
    const f = findings(dir, lintWith(dir, RULES)).filter((x) => x.file === "log/run");
    expect(f.map((x) => [x.line, x.column, x.ruleId])).toEqual([
      [2, 1, "chown-target"],
      [3, 6, "logger-privileges"],
      [3, 17, "mkdir-before-multilog"],
    ]);
  });
});

it("an off-by-default rule turned on at its own severity keeps its findings' severities; another setting applies to all", () => {
  const rule = defineRule({
    meta: {
      id: "two-severities",
      type: "problem",
      severity: "warning",
      defaultOff: true,
      docs: { description: "Report two things" },
      messages: { a: "A.", b: "B." },
    },
    create: (context) => ({
      script(script) {
        if (script.rel !== "run") return;
        context.report({ messageId: "a", file: "run" });
        context.report({ messageId: "b", file: "run", severity: "info" });
      },
    }),
  });
  const dir = makeService({ run: "#!/bin/sh\nexec app\n", ...LOG });
  const severities = (setting?: "warning" | "error"): string[] =>
    findings(
      dir,
      lintService(readService(dir), {
        rules: [rule],
        ...(setting ? { severities: new Map([[rule.meta.id, setting]]) } : {}),
      }),
    )
      .filter((f) => f.ruleId === rule.meta.id)
      .map((f) => f.severity);
  expect(severities()).toEqual([]);
  expect(severities("warning")).toEqual(["warning", "info"]);
  expect(severities("error")).toEqual(["error", "error"]);
});
