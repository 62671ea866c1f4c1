// The machine formats: SARIF valid against the official 2.1.0 schema with the fields GitHub code
// scanning reads; gcc and GitHub workflow-command lines.
import * as fs from "node:fs";
import * as path from "node:path";
import { svlint } from "./cli-helpers.js";
import { makeService, tempDir, TEST_PASSWD, writeTree } from "./helpers.js";

import { validate } from "./sarif-schema.js";
import { FORMAT_TREES as TREES } from "./format-trees.js";

function sarifFor(name: string, extra: string[] = []) {
  const root = tempDir();
  writeTree(root, TREES[name]!);
  const r = svlint(["-f", "sarif", "--context", "live", ...extra, "."], { cwd: root });
  return { root, r, sarif: JSON.parse(r.stdout) };
}

describe("SARIF", () => {
  it.each(Object.keys(TREES))("is valid against the SARIF 2.1.0 schema (%s tree)", (name) => {
    const { sarif } = sarifFor(name);
    const ok = validate(sarif);
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  it("has the tool and rule metadata GitHub code scanning reads", () => {
    const { sarif } = sarifFor("mixed");
    expect(sarif.$schema).toMatch(/sarif-2\.1\.0/);
    const driver = sarif.runs[0].tool.driver;
    expect(driver).toMatchObject({
      name: "svlint",
      semanticVersion: expect.stringMatching(/^\d+\.\d+\.\d+/),
      informationUri: expect.stringMatching(/^https:\/\//),
    });
    for (const rule of driver.rules) {
      expect(rule).toMatchObject({
        id: expect.any(String),
        shortDescription: { text: expect.any(String) },
        fullDescription: { text: expect.any(String) },
        help: { text: expect.any(String), markdown: expect.stringContaining(`# ${rule.id}`) },
        helpUri: expect.stringMatching(new RegExp(`^https://.*/docs/rules/${rule.id}\\.md$`)),
        defaultConfiguration: { level: expect.stringMatching(/^(error|warning|note)$/) },
        properties: { tags: expect.arrayContaining(["svlint"]), precision: "high" },
      });
    }
    expect(driver.rules.find((r: { id: string }) => r.id === "env-dir-permissions").properties.tags).toContain(
      "security",
    );
  });

  it("has results with rule index, level, relative locations, regions and fingerprints", () => {
    const { root, sarif } = sarifFor("mixed");
    const run = sarif.runs[0];
    const ids = run.tool.driver.rules.map((r: { id: string }) => r.id);
    expect(run.originalUriBaseIds["%SRCROOT%"].uri).toBe(`file://${root}/`);
    expect(run.results.length).toBeGreaterThanOrEqual(8);
    for (const res of run.results) {
      expect(ids[res.ruleIndex]).toBe(res.ruleId);
      expect(["error", "warning", "note"]).toContain(res.level);
      const loc = res.locations[0].physicalLocation;
      expect(loc.artifactLocation.uriBaseId).toBe("%SRCROOT%");
      expect(loc.artifactLocation.uri).not.toMatch(/^\//);
      // Every location names a file that exists.
      expect(fs.existsSync(path.join(root, decodeURIComponent(loc.artifactLocation.uri)))).toBe(true);
      expect(loc.region.startLine).toBeGreaterThanOrEqual(1);
      expect(res.partialFingerprints.primaryLocationLineHash).toMatch(/^[0-9a-f]{16}:\d+$/);
    }
    const uris = run.results.map(
      (r: { locations: Array<{ physicalLocation: { artifactLocation: { uri: string } } }> }) =>
        r.locations[0]!.physicalLocation.artifactLocation.uri,
    );
    expect(uris).toContain("dir%20with%20space/run");
    expect(JSON.stringify(sarif)).not.toContain("secret-value-xyz");
  });

  it("keeps a finding's fingerprint when lines are added above it", () => {
    const a = sarifFor("mixed").sarif.runs[0].results.find((r: { ruleId: string }) => r.ruleId === "chown-target");
    const root = tempDir();
    writeTree(root, {
      ...TREES.mixed!,
      "web/log/run": "#!/bin/sh\n# a new comment\n\nchown -R log:log\nexec cat > /var/log/web.log\n",
    });
    const b = JSON.parse(svlint(["-f", "sarif", "."], { cwd: root }).stdout).runs[0].results.find(
      (r: { ruleId: string }) => r.ruleId === "chown-target",
    );
    expect(b.locations[0].physicalLocation.region.startLine).toBe(a.locations[0].physicalLocation.region.startLine + 2);
    expect(b.partialFingerprints).toEqual(a.partialFingerprints);
  });
});

describe("gcc and github formats", () => {
  const root = tempDir();
  writeTree(root, {
    "svc/run": "#!/bin/sh\nexec setuidgid app envdir ./env app 2>&1\n",
    "svc/log/run": "#!/bin/sh\nexec cat > /var/log/a,b:c.log\n",
  });

  it("gcc: file:line:col: severity: message [rule]", () => {
    const r = svlint(["-f", "gcc", "svc"], { cwd: root });
    expect(r.code).toBe(1);
    expect(r.stdout.split("\n").filter(Boolean)).toEqual([
      expect.stringMatching(/^svc\/log\/run:2:1: warning: `cat` copies the log .* \[no-cat-logging\]$/),
      expect.stringMatching(/^svc\/run:2:20: error: `envdir` runs after `setuidgid` .* \[setuidgid-last\]$/),
    ]);
  });

  it("github: workflow commands with escaped properties", () => {
    const r = svlint(["-f", "github", "svc"], { cwd: root });
    const lines = r.stdout.split("\n").filter(Boolean);
    expect(lines[0]).toMatch(
      /^::warning file=svc\/log\/run,line=2,col=1,endLine=2,endColumn=\d+,title=no-cat-logging::`cat` copies the log into `\/var\/log\/a,b:c\.log`/,
    );
    expect(lines[1]).toMatch(/^::error file=svc\/run,line=2,col=20,endLine=2,endColumn=26,title=setuidgid-last::/);
  });
});

describe("script text in results", () => {
  it("is kept for SARIF fingerprints by default and dropped when asked (the CLI drops it for other formats)", async () => {
    const { lint } = await import("../src/index.js");
    const dir = makeService({ run: "#!/bin/sh\nexec 2>&1\nexec setuidgid app app\n" });
    const kept = await lint([dir], { noConfig: true, concurrency: "off", passwd: TEST_PASSWD });
    const dropped = await lint([dir], { noConfig: true, concurrency: "off", passwd: TEST_PASSWD, keepSource: false });
    expect(kept.results.find((r) => r.filePath.endsWith("/run"))!.source).toContain("setuidgid app app");
    expect(dropped.results.every((r) => r.source === undefined)).toBe(true);
    expect(dropped.results.map((r) => r.messages)).toEqual(kept.results.map((r) => r.messages));
  });
});
