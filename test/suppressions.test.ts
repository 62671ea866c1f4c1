// Bulk suppressions (src/suppressions.ts) through the command, on a repository made on disk: the
// file accepts today's findings, new ones still fail, fixed ones are pruned, and the machine
// formats say which findings were suppressed.
import * as fs from "node:fs";
import * as path from "node:path";
import { svlint } from "./cli-helpers.js";
import { validate } from "./sarif-schema.js";
import { tempDir, writeTree } from "./helpers.js";

const LOG = "#!/bin/sh\nexec setuidgid log multilog t ./main\n";
const BAD = "#!/bin/sh\nexec 2>&1\napp\n"; // exec-daemon (error)
const FILE = "svlint-suppressions.json";

function repo(): string {
  const root = tempDir();
  fs.mkdirSync(path.join(root, ".git"));
  writeTree(root, {
    "sv/web/run": BAD,
    "sv/web/log/run": LOG,
    "sv/api/run": "#!/bin/sh\nexec 2>&1\nchpst -u app api\n",
    "sv/api/log/run": "#!/bin/sh\nexec cat > /var/log/api.log\n", // no-cat-logging (warning)
    "sv/ok/run": "#!/bin/sh\nexec 2>&1\nexec app\n",
    "sv/ok/log/run": LOG,
  });
  return root;
}
const read = (root: string): Record<string, Record<string, { count: number }>> =>
  JSON.parse(fs.readFileSync(path.join(root, FILE), "utf8"));

describe("bulk suppressions", () => {
  it("--suppress-all, then a plain run passes; a new finding fails, naming only itself", () => {
    const root = repo();
    expect(svlint(["."], { cwd: root }).code).toBe(1);
    const all = svlint(["--suppress-all", "."], { cwd: root });
    expect(all.code).toBe(0);
    // Sorted by file then rule, counts only: stable diffs.
    expect(fs.readFileSync(path.join(root, FILE), "utf8")).toBe(
      JSON.stringify(
        {
          "sv/api/log/run": { "no-cat-logging": { count: 1 } },
          "sv/api/run": { "exec-daemon": { count: 1 } },
          "sv/web/run": { "exec-daemon": { count: 1 } },
        },
        null,
        2,
      ) + "\n",
    );
    expect(svlint(["."], { cwd: root }).code).toBe(0);
    writeTree(root, { "sv/new/run": BAD, "sv/new/log/run": LOG });
    const after = svlint(["-f", "gcc", "."], { cwd: root });
    expect(after.code).toBe(1);
    expect(after.stdout.trim().split("\n")).toEqual([
      expect.stringMatching(/^sv\/new\/run:3:1: error: .*\[exec-daemon\]$/),
    ]);
  });

  it("more findings than the count: all of that file and rule are reported", () => {
    const root = repo();
    writeTree(root, { "sv/ok/log/run": "#!/bin/sh\nchown -R log:log\n" + LOG.slice(10) }); // chown-target
    svlint(["--suppress-all", "."], { cwd: root });
    expect(read(root)["sv/ok/log/run"]).toEqual({ "chown-target": { count: 1 } });
    // A second chown without a file: which of the two is new cannot be told, so both are reported.
    writeTree(root, { "sv/ok/log/run": "#!/bin/sh\nchown -R log:log\nchown log\n" + LOG.slice(10) });
    const r = svlint(["-f", "gcc", "."], { cwd: root });
    expect(r.code).toBe(1);
    expect(r.stdout.trim().split("\n")).toEqual([
      expect.stringMatching(/^sv\/ok\/log\/run:2:1: error: .*\[chown-target\]$/),
      expect.stringMatching(/^sv\/ok\/log\/run:3:1: error: .*\[chown-target\]$/),
    ]);
  });

  it("a fixed finding leaves a count that no longer occurs: reported, failing, and pruned by --prune-suppressions", () => {
    const root = repo();
    svlint(["--suppress-all", "."], { cwd: root });
    writeTree(root, { "sv/web/run": "#!/bin/sh\nexec 2>&1\nexec app\n" });
    const plain = svlint(["."], { cwd: root });
    expect(plain.code).toBe(2);
    expect(plain.stderr).toContain("sv/web/run: exec-daemon");
    expect(plain.stderr).toContain("--prune-suppressions");
    expect(svlint(["--pass-on-unpruned-suppressions", "."], { cwd: root }).code).toBe(0);
    const before = fs.statSync(path.join(root, FILE)).size;
    expect(svlint(["--prune-suppressions", "."], { cwd: root }).code).toBe(0);
    expect(fs.statSync(path.join(root, FILE)).size).toBeLessThan(before);
    expect(Object.keys(read(root))).toEqual(["sv/api/log/run", "sv/api/run"]);
    expect(svlint(["."], { cwd: root }).code).toBe(0);
  });

  it("--suppress-rule adds one rule's findings; --suppressions-location puts the file elsewhere", () => {
    const root = repo();
    writeTree(root, { "sv/web/log/run": "#!/bin/sh\nexec cat > /var/log/web.log\n" }); // no-cat-logging (warning)
    const file = path.join(root, "ci", "accepted.json");
    fs.mkdirSync(path.dirname(file));
    expect(
      svlint(["--suppress-rule", "no-cat-logging", "--suppressions-location", file, "."], { cwd: root }).code,
    ).toBe(1);
    // Paths in the file are relative to its own directory.
    expect(JSON.parse(fs.readFileSync(file, "utf8"))).toEqual({
      "../sv/api/log/run": { "no-cat-logging": { count: 1 } },
      "../sv/web/log/run": { "no-cat-logging": { count: 1 } },
    });
    expect(fs.existsSync(path.join(root, FILE))).toBe(false);
    expect(svlint(["--suppress-rule", "no-such-rule", "."], { cwd: root }).stderr).toContain(
      "unknown rule 'no-such-rule'",
    );
  });

  it("JSON carries suppressedMessages as ESLint does; SARIF marks suppressions and baselineState, and validates", () => {
    const root = repo();
    svlint(["--suppress-all", "sv/web", "sv/api"], { cwd: root });
    writeTree(root, { "sv/new/run": BAD, "sv/new/log/run": LOG });
    const json = JSON.parse(svlint(["-f", "json", "."], { cwd: root }).stdout) as Array<{
      filePath: string;
      messages: Array<{ ruleId: string }>;
      suppressedMessages: Array<{ ruleId: string; suppressions: unknown }>;
    }>;
    const web = json.find((r) => r.filePath.endsWith("sv/web/run"))!;
    expect(web.messages).toEqual([]);
    expect(web.suppressedMessages).toEqual([
      expect.objectContaining({ ruleId: "exec-daemon", suppressions: [{ kind: "file", justification: "" }] }),
    ]);
    expect(json.find((r) => r.filePath.endsWith("sv/new/run"))!.messages.map((m) => m.ruleId)).toEqual(["exec-daemon"]);
    expect(json.every((r) => Array.isArray(r.suppressedMessages))).toBe(true);

    const sarif = JSON.parse(svlint(["-f", "sarif", "."], { cwd: root }).stdout);
    expect(validate(sarif)).toBe(true);
    const results = sarif.runs[0].results as Array<{
      locations: Array<{ physicalLocation: { artifactLocation: { uri: string } } }>;
      suppressions?: Array<{ kind: string }>;
      baselineState: string;
    }>;
    const at = (uri: string) => results.find((r) => r.locations[0]!.physicalLocation.artifactLocation.uri === uri)!;
    expect(at("sv/web/run").suppressions).toEqual([expect.objectContaining({ kind: "external", status: "accepted" })]);
    expect(at("sv/web/run").baselineState).toBe("unchanged");
    expect(at("sv/new/run").suppressions).toBeUndefined();
    expect(at("sv/new/run").baselineState).toBe("new");
  });

  it("a broken suppressions file is a clear error, never a crash; no file means no suppressions", () => {
    const root = repo();
    fs.writeFileSync(path.join(root, FILE), "{ not json");
    const r = svlint(["."], { cwd: root });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/svlint-suppressions\.json is not JSON/);
    fs.writeFileSync(path.join(root, FILE), JSON.stringify({ "sv/web/run": { "exec-daemon": { count: 0 } } }));
    expect(svlint(["."], { cwd: root }).stderr).toMatch(/expected \{ "FILE"/);
    fs.rmSync(path.join(root, FILE));
    expect(svlint(["."], { cwd: root }).code).toBe(1);
  });
});
