// Fixing: the fixer's checks with rules made for the test, and --fix, --fix-dry-run and -f diff as
// a user runs them on real directories, hostile ones included.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { Engine } from "../src/engine/engine.js";
import { defineRule, type Rule } from "../src/engine/rule.js";
import { applyEdits, fixService, MAX_PASSES } from "../src/fix/fixer.js";
import { svlint } from "./cli-helpers.js";
import { makeService, tempDir, TEST_PASSWD, writeTree } from "./helpers.js";
import { validate } from "./sarif-schema.js";

const LOG = "#!/bin/sh\nexec setuidgid nobody multilog t ./main\n";
/** A run whose daemon is not exec'd: exec-daemon's safe fix inserts `exec `. */
const NO_EXEC = "#!/bin/sh\nexec 2>&1\ncd /srv\n./app -f\n";
const FIXED = "#!/bin/sh\nexec 2>&1\ncd /srv\nexec ./app -f\n";
const isRoot = process.getuid?.() === 0;

/** A rule that reports every command whose name `match`es, with the fix `edit` makes of it. */
function ruleFor(
  id: string,
  match: string | ((name: string) => boolean),
  edit: (start: number, end: number) => { range: [number, number]; text: string },
): Rule {
  const test = typeof match === "string" ? (n: string) => n === match : match;
  return defineRule({
    meta: {
      id,
      type: "problem",
      severity: "warning",
      docs: { description: "Report a test command" },
      messages: { m: "found." },
      fixable: "code",
    },
    create: (context) => ({
      command(cmd) {
        if (!test(cmd.name?.text ?? "")) return;
        context.report({
          messageId: "m",
          node: cmd.node,
          fix: { edits: edit(cmd.node.startIndex, cmd.node.endIndex) },
        });
      },
    }),
  });
}

function fix(rules: Rule[], run: string) {
  const dir = makeService({ run, "log/run": LOG });
  const engine = new Engine({ rules });
  const outcome = fixService(engine, dir, { passwd: TEST_PASSWD, context: "live" }, {});
  return {
    outcome,
    after: outcome.changed.get(path.join(dir, "run"))?.after,
    disk: fs.readFileSync(path.join(dir, "run"), "utf8"),
  };
}

describe("the fixer", () => {
  it("applies edits by range and refuses edits that touch or lie outside", () => {
    expect(
      applyEdits("abcdef", [
        { range: [4, 5], text: "E" },
        { range: [1, 1], text: "+" },
      ]),
    ).toBe("a+bcdEf");
    expect(
      applyEdits("abc", [
        { range: [0, 2], text: "x" },
        { range: [1, 3], text: "y" },
      ]),
    ).toBeUndefined();
    expect(
      applyEdits("abc", [
        { range: [1, 1], text: "x" },
        { range: [1, 1], text: "y" },
      ]),
    ).toBeUndefined();
    expect(applyEdits("abc", [{ range: [2, 9], text: "x" }])).toBeUndefined();
  });

  it("drops a fix whose text no longer parses, and says why", () => {
    const { outcome, after, disk } = fix(
      [ruleFor("breaks", "foo", (_s, e) => ({ range: [e, e], text: " (" }))],
      "#!/bin/sh\nfoo\n",
    );
    expect(after).toBeUndefined();
    expect(outcome.dropped).toEqual([
      expect.objectContaining({ ruleId: "breaks", line: 2, reason: expect.stringMatching(/does not parse/) }),
    ]);
    expect(disk).toBe("#!/bin/sh\nfoo\n");
  });

  it("drops a fix that leaves its finding in place, instead of applying it pass after pass", () => {
    const { outcome, after } = fix(
      [ruleFor("stays", "foo", (_s, e) => ({ range: [e, e], text: " x" }))],
      "#!/bin/sh\nfoo\n",
    );
    expect(after).toBeUndefined();
    expect(outcome.dropped.map((d) => d.ruleId)).toEqual(["stays"]);
    expect(outcome.passes).toBe(1);
  });

  it("drops a fix that makes another rule report, and keeps the others", () => {
    const rules = [
      ruleFor("to-bar", "foo", (s, e) => ({ range: [s, e], text: "bar" })),
      ruleFor("bar-seen", "bar", (s) => ({ range: [s, s], text: "" })),
      ruleFor("qux-gone", "qux", (s, e) => ({ range: [s, e], text: "true" })),
    ];
    const { outcome, after } = fix(rules, "#!/bin/sh\nfoo\nqux\n");
    expect(after).toBe("#!/bin/sh\nfoo\ntrue\n");
    expect(outcome.dropped).toEqual([
      expect.objectContaining({ ruleId: "to-bar", reason: expect.stringMatching(/bar-seen/) }),
    ]);
    expect(Object.fromEntries(outcome.applied)).toEqual({ "qux-gone": 1 });
  });

  it("never applies fixes that touch together: the second waits for a pass that lints it anew", () => {
    // `ab`: one rule capitalises a leading a, the other a trailing b; their edits meet.
    const rules = [
      ruleFor(
        "lead",
        (n) => n.startsWith("a"),
        (s) => ({ range: [s, s + 1], text: "A" }),
      ),
      ruleFor(
        "trail",
        (n) => n.endsWith("b"),
        (_s, e) => ({ range: [e - 1, e], text: "B" }),
      ),
    ];
    const { outcome, after } = fix(rules, "#!/bin/sh\nab\n");
    expect(after).toBe("#!/bin/sh\nAB\n");
    expect(outcome.passes).toBe(2);
    expect(Object.fromEntries(outcome.applied)).toEqual({ lead: 1, trail: 1 });
  });

  it("stops after MAX_PASSES passes, leaving the rest reported", () => {
    // Twelve rules each want their letter at the start of the command: their edits all meet, so
    // each pass applies one.
    const letters = [..."ABCDEFGHIJKL"];
    const rules = letters.map((c) =>
      ruleFor(
        `want-${c}`,
        (n) => !n.includes(c),
        (s) => ({ range: [s, s], text: c }),
      ),
    );
    const { outcome, after } = fix(rules, "#!/bin/sh\nx\n");
    expect(outcome.passes).toBe(MAX_PASSES);
    expect(after).toBe(`#!/bin/sh\n${letters.slice(0, MAX_PASSES).reverse().join("")}x\n`);
    const run = outcome.results.find((r) => r.filePath.endsWith("/svc/run"))!;
    expect(run.messages.map((m) => m.ruleId)).toEqual(["want-K", "want-L"]);
  });
});

/** Every file's content and mode under `root`, links as their targets (FIFOs never opened). */
function snapshot(root: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (dir: string): void => {
    for (const name of fs.readdirSync(dir).sort()) {
      const p = path.join(dir, name);
      const st = fs.lstatSync(p);
      const rel = path.relative(root, p);
      if (st.isDirectory()) {
        if (name !== ".git") walk(p);
        continue;
      }
      const body = st.isFile()
        ? createHash("sha256").update(fs.readFileSync(p)).digest("hex").slice(0, 12)
        : st.isSymbolicLink()
          ? `-> ${fs.readlinkSync(p)}`
          : "special";
      out[rel] = `${(st.mode & 0o7777).toString(8)} ${st.uid}:${st.gid} ${body}`;
    }
  };
  walk(root);
  return out;
}

describe("svlint --fix", () => {
  it("--fix-dry-run reports as if fixed, with the fixed text in JSON, and writes nothing", () => {
    const dir = makeService({ run: NO_EXEC, "log/run": LOG });
    const before = snapshot(dir);
    const r = svlint(["--fix-dry-run", "-f", "json", "--no-config", dir]);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout) as Array<{ filePath: string; output?: string; messages: unknown[] }>;
    const run = json.find((f) => f.filePath === path.join(dir, "run"))!;
    expect(run.output).toBe(FIXED);
    expect(run.messages).toEqual([]);
    expect(snapshot(dir)).toEqual(before);
  });

  it("without a fix option, JSON counts what --fix would correct and carries the edits", () => {
    const dir = makeService({ run: NO_EXEC, "log/run": LOG });
    const r = svlint(["-f", "json", "--no-config", dir]);
    const run = (JSON.parse(r.stdout) as Array<Record<string, unknown>>).find(
      (f) => f.filePath === path.join(dir, "run"),
    )!;
    const at = NO_EXEC.indexOf("./app");
    expect(run).toMatchObject({ fixableErrorCount: 1, fixableWarningCount: 0 });
    expect((run.messages as Array<Record<string, unknown>>)[0]!.fix).toEqual({
      applicability: "safe",
      edits: [{ range: [at, at], text: "exec " }],
    });
    expect(run.output).toBeUndefined();
  });

  it("--fix writes the fixed script with its mode and owner, and a second --fix changes nothing", () => {
    const dir = makeService({ run: { content: NO_EXEC, mode: 0o750 }, "log/run": LOG });
    const run = path.join(dir, "run");
    if (isRoot) fs.chownSync(run, 1234, 2345);
    const r = svlint(["--fix", "--no-config", dir]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain("svlint: fixed 1 problem(s) in 1 file(s)");
    expect(fs.readFileSync(run, "utf8")).toBe(FIXED);
    const st = fs.statSync(run);
    expect((st.mode & 0o7777).toString(8)).toBe("750");
    if (isRoot) expect([st.uid, st.gid]).toEqual([1234, 2345]);
    // No temporary file is left beside it.
    expect(fs.readdirSync(dir).sort()).toEqual(["log", "run"]);
    const after = snapshot(dir);
    const again = svlint(["--fix", "--no-config", dir]);
    expect(again.code).toBe(0);
    expect(again.stderr).toBe("");
    expect(snapshot(dir)).toEqual(after);
  });

  it("-f diff prints a patch that git apply and patch -p1 accept, and that equals --fix", () => {
    const tree = { "a/run": NO_EXEC, "a/log/run": LOG, "b/run": NO_EXEC.replace("./app", "./other"), "b/log/run": LOG };
    const make = (): string => writeTree(tempDir(), tree);
    const fixedRoot = make();
    expect(svlint(["--fix", "--no-config", "--context", "live", "."], { cwd: fixedRoot }).code).toBe(0);
    const want = snapshot(fixedRoot);

    const origin = make();
    const before = snapshot(origin);
    const diff = svlint(["-f", "diff", "--no-config", "--context", "live", "."], { cwd: origin });
    expect(diff.code).toBe(0);
    expect(snapshot(origin)).toEqual(before);
    expect(diff.stdout).toContain("diff --git a/a/run b/a/run\n--- a/a/run\n+++ b/a/run\n");
    expect(diff.stdout).toContain("+exec ./app -f\n");

    const viaGit = make();
    spawnSync("git", ["init", "-q"], { cwd: viaGit });
    const g = spawnSync("git", ["apply", "-"], { cwd: viaGit, input: diff.stdout, encoding: "utf8" });
    expect(g.stderr).toBe("");
    expect(g.status).toBe(0);
    expect(snapshot(viaGit)).toEqual(want);

    const viaPatch = make();
    const p = spawnSync("patch", ["-p1", "--no-backup-if-mismatch"], {
      cwd: viaPatch,
      input: diff.stdout,
      encoding: "utf8",
    });
    expect(p.status).toBe(0);
    expect(snapshot(viaPatch)).toEqual(want);

    // Nothing left to fix: an empty diff.
    expect(svlint(["-f", "diff", "--no-config", "--context", "live", "."], { cwd: viaGit }).stdout).toBe("");
  });

  it("SARIF carries each fix as artifactChanges, and stays valid", () => {
    const dir = makeService({ run: NO_EXEC, "log/run": LOG });
    const r = svlint(["-f", "sarif", "--no-config", dir], { cwd: path.dirname(dir) });
    const sarif = JSON.parse(r.stdout);
    expect(validate(sarif)).toBe(true);
    const at = NO_EXEC.indexOf("./app");
    expect(sarif.runs[0].results[0].fixes).toEqual([
      {
        description: { text: "Fix (safe)" },
        artifactChanges: [
          {
            artifactLocation: { uri: "svc/run", uriBaseId: "%SRCROOT%" },
            replacements: [{ deletedRegion: { charOffset: at, charLength: 0 }, insertedContent: { text: "exec " } }],
          },
        ],
      },
    ]);
  });

  it("refuses fix options without something to fix, and unknown fix types", () => {
    expect(svlint(["--fix-unsafe", "."]).stderr).toMatch(/--fix-unsafe needs --fix, --fix-dry-run or -f diff/);
    expect(svlint(["--fix", "--fix-type", "style", "."]).stderr).toMatch(/unknown fix type 'style'/);
    expect(svlint(["--fix", "--fix-dry-run", "."]).code).toBe(2);
  });

  it("--fix-type leaves rules of the other type alone", () => {
    // exec-daemon is a problem rule: fixing suggestions only leaves it.
    const dir = makeService({ run: NO_EXEC, "log/run": LOG });
    const r = svlint(["--fix", "--fix-type", "suggestion", "--no-config", dir]);
    expect(r.code).toBe(1);
    expect(fs.readFileSync(path.join(dir, "run"), "utf8")).toBe(NO_EXEC);
  });
});

describe("--fix on a hostile tree", () => {
  const root = tempDir("svlint-fix-hostile-");
  writeTree(root, {
    // Outside the linted tree: must never change.
    "outside/run": NO_EXEC,
    "outside/env/X": "x\n",
    // A run that is a link to a file inside the service: svlint reads it, but writes no link.
    "sv/link/run.real": NO_EXEC,
    "sv/link/run": { symlink: "run.real" },
    "sv/link/log/run": LOG,
    // A run that leads out of the tree.
    "sv/out/run": { symlink: "../../outside/run" },
    "sv/out/log/run": LOG,
    // A logger directory that is a link out of the tree.
    "sv/logout/run": "#!/bin/sh\nexec 2>&1\nexec app\n",
    "sv/logout/log": { symlink: "../../outside" },
    // A FIFO and a run fixed normally beside it.
    "sv/fifo/run": { fifo: true },
    "sv/fifo/log/run": LOG,
    "sv/plain/run": { content: NO_EXEC, mode: 0o700 },
    "sv/plain/log/run": LOG,
  });
  // A run with a second name: a new file would split them.
  writeTree(root, { "sv/hard/run": NO_EXEC, "sv/hard/log/run": LOG });
  fs.linkSync(path.join(root, "sv/hard/run"), path.join(root, "sv/hard.run-copy"));
  const before = snapshot(root);
  const dry = svlint(["-f", "diff", "--no-config", "--context", "live", "sv"], { cwd: root });
  const afterDry = snapshot(root);
  const r = svlint(["--fix", "--no-config", "--context", "live", "sv"], { cwd: root });
  const after = snapshot(root);

  it("finishes, and says which files it would not write", () => {
    expect(r.stderr).not.toMatch(/internal error|\n\s+at /);
    expect(r.stderr).toContain("svlint: not written: sv/link/run: it is a symbolic link");
    expect(r.stderr).toContain("svlint: not written: sv/hard/run: it has other hard links");
  });

  it("-f diff shows only what --fix writes, and says which files it would not write", () => {
    const d = dry;
    expect(afterDry).toEqual(before);
    expect(d.stdout.match(/^diff --git a\/(\S+)/gm)).toEqual(["diff --git a/sv/plain/run"]);
    expect(d.stderr).toContain("svlint: would not be written: sv/link/run: it is a symbolic link");
    expect(d.stderr).toContain("svlint: would not be written: sv/hard/run: it has other hard links");
  });

  it("changes only the plain run, keeping its mode", () => {
    const changed = Object.keys(after).filter((k) => after[k] !== before[k]);
    expect(changed).toEqual(["sv/plain/run"]);
    expect(Object.keys(after).sort()).toEqual(Object.keys(before).sort());
    expect(after["sv/plain/run"]!.split(" ")[0]).toBe("700");
    expect(fs.readFileSync(path.join(root, "sv/plain/run"), "utf8")).toBe(FIXED);
  });
});

describe("fixing an env file", () => {
  const SECRET = "hunter2-FIX-SECRET-MARKER";
  const spec = {
    run: "#!/bin/sh\nexec 2>&1\nexec envdir ./env app\n",
    "log/run": LOG,
    env: { dir: true, mode: 0o700 },
    "env/DB_PASSWORD": { content: `${SECRET} \t\n`, mode: 0o600 },
  };

  it("never prints the value: not in JSON, SARIF, the diff or stderr", () => {
    const dir = makeService(spec);
    for (const format of ["json", "sarif", "diff", "stylish"]) {
      const r = svlint(["--fix-dry-run", "-f", format, "--no-config", dir]);
      expect([format, r.stdout + r.stderr]).toEqual([format, expect.not.stringContaining(SECRET)]);
      if (format === "diff")
        expect(r.stderr).toMatch(/not in the diff: .*env\/DB_PASSWORD \(an env file's text is its value/);
    }
    expect(fs.readFileSync(path.join(dir, "env/DB_PASSWORD"), "utf8")).toBe(`${SECRET} \t\n`);
  });

  it("--fix writes it, keeping its mode, and still prints no value", () => {
    const dir = makeService(spec);
    const r = svlint(["--fix", "--no-config", dir]);
    expect(r.stdout + r.stderr).not.toContain(SECRET);
    expect(r.code).toBe(0);
    expect(fs.readFileSync(path.join(dir, "env/DB_PASSWORD"), "utf8")).toBe(`${SECRET}\n`);
    expect(fs.statSync(path.join(dir, "env/DB_PASSWORD")).mode & 0o7777).toBe(0o600);
  });
});
