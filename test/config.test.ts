// Configuration files, found the way a user expects, validated strictly; command-line flags win.
import * as path from "node:path";
import { svlint } from "./cli-helpers.js";
import { tempDir, writeTree } from "./helpers.js";

const BAD_ERR = {
  "svc/run": "#!/bin/sh\nexec setuidgid app envdir ./env app 2>&1\n",
  "svc/log/run": "#!/bin/sh\nexec setuidgid nobody multilog t ./main\n",
}; // setuidgid-last (error)
const BAD_WARN = { "w/run": "#!/bin/sh\nexec app 2>&1\n", "w/log/run": "#!/bin/sh\nexec cat > /var/log/app.log\n" }; // no-cat-logging (warning)

/** A project dir, and a separate empty HOME so the developer's own config never leaks in. */
function project(spec: Record<string, string>): { root: string; home: string } {
  const root = tempDir();
  writeTree(root, spec);
  return { root, home: tempDir("svlint-home-") };
}

const run = (p: { root: string; home: string }, args: string[], cwd = p.root) =>
  svlint(["-f", "json", ...args], { cwd, env: { HOME: p.home } });
const ruleIds = (stdout: string): string[] =>
  (JSON.parse(stdout) as Array<{ messages: Array<{ ruleId: string }> }>).flatMap((f) =>
    f.messages.map((m) => m.ruleId),
  );

describe("config files", () => {
  it.each([
    [".svlintrc.json", JSON.stringify({ rules: { "setuidgid-last": "off" } })],
    [".svlintrc.yaml", "rules:\n  setuidgid-last: off\n"],
    [".svlintrc", "rules:\n  setuidgid-last: 0\n"],
    ["svlint.config.mjs", "export default { rules: { 'setuidgid-last': 'off' } };\n"],
    ["svlint.config.js", "module.exports = { rules: { 'setuidgid-last': 'off' } };\n"],
    ["package.json", JSON.stringify({ name: "x", svlint: { rules: { "setuidgid-last": "off" } } })],
  ])("%s above the service turns a rule off", (file, content) => {
    const p = project({ ...BAD_ERR, [`deep/${file}`]: content });
    // Without the config (service outside deep/): the error is there.
    expect(run(p, ["svc"]).code).toBe(1);
    const q = project({
      ...Object.fromEntries(Object.entries(BAD_ERR).map(([k, v]) => [`deep/${k}`, v])),
      [`deep/${file}`]: content,
    });
    const r = run(q, ["deep/svc"]);
    expect(r.stderr).toBe("");
    expect(ruleIds(r.stdout)).toEqual([]);
    expect(r.code).toBe(0);
  });

  it("falls back to the home directory", () => {
    const p = project(BAD_ERR);
    writeTree(p.home, { ".svlintrc.json": JSON.stringify({ rules: { "setuidgid-last": "warn" } }) });
    const r = run(p, ["svc"]);
    expect(r.code).toBe(0);
    expect(ruleIds(r.stdout)).toEqual(["setuidgid-last"]);
  });

  it("--config FILE is used for every service; --no-config uses none", () => {
    const p = project({
      ...BAD_ERR,
      ".svlintrc.json": JSON.stringify({ rules: { "setuidgid-last": "off" } }),
      "other.json": JSON.stringify({ rules: { "setuidgid-last": "warn" } }),
    });
    expect(run(p, ["svc"]).code).toBe(0);
    expect(run(p, ["--config", "other.json", "svc"]).code).toBe(0);
    expect(ruleIds(run(p, ["--config", "other.json", "svc"]).stdout)).toEqual(["setuidgid-last"]);
    expect(run(p, ["--no-config", "svc"]).code).toBe(1);
  });

  it("--rule beats the config file", () => {
    const p = project({ ...BAD_ERR, ".svlintrc.json": JSON.stringify({ rules: { "setuidgid-last": "off" } }) });
    expect(run(p, ["--rule", "setuidgid-last:error", "svc"]).code).toBe(1);
  });

  it("ignores: globs relative to the config file skip services", () => {
    const p = project({ ...BAD_ERR, ...BAD_WARN, ".svlintrc.json": JSON.stringify({ ignores: ["svc"] }) });
    const r = run(p, ["."]);
    expect(r.code).toBe(0);
    expect(ruleIds(r.stdout)).toEqual(["no-cat-logging"]);
    const q = project({
      ...Object.fromEntries(Object.entries(BAD_ERR).map(([k, v]) => [`legacy/${k}`, v])),
      ".svlintrc.json": JSON.stringify({ ignores: ["legacy/**"] }),
    });
    expect(run(q, ["."]).code).toBe(0);
  });

  it("context in the config file", () => {
    const spec = {
      "s/run": "#!/bin/sh\nexec app 2>&1\n",
      "s/log/run": "#!/bin/sh\nexec setuidgid nobody multilog t ./main\n",
      "s/env/PASSWORD": "x",
    };
    const p = project({ ...spec, ".svlintrc.json": JSON.stringify({ context: "repo" }) });
    expect(run(p, ["s"]).code).toBe(0); // env/PASSWORD is 0644 but the repo context skips modes
    const q = project(spec);
    expect(ruleIds(run(q, ["s"]).stdout)).toEqual(["env-dir-permissions", "env-dir-permissions"]); // env/ is 0755, env/PASSWORD 0644
  });

  it.each([
    [{ rulez: {} }, /unknown key 'rulez'; did you mean 'rules'\?/],
    [{ rules: { "setuidgid-lst": "off" } }, /unknown rule 'setuidgid-lst'; did you mean 'setuidgid-last'\?/],
    [{ rules: { "setuidgid-last": "loud" } }, /severity 'loud' is not one of off, warn, error, info/],
    [{ context: "prod" }, /'context' must be live or repo/],
    [{ ignores: "svc" }, /'ignores' must be a list of glob strings/],
    [[1, 2], /the configuration must be an object/],
  ])("an invalid config exits 2 naming the problem: %j", (config, message) => {
    const p = project({ ...BAD_ERR, ".svlintrc.json": JSON.stringify(config) });
    const r = run(p, ["svc"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).toContain(path.join(p.root, ".svlintrc.json"));
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
  });

  it("a config file that does not parse exits 2 with one line", () => {
    const p = project({ ...BAD_ERR, ".svlintrc.json": "{ not json" });
    const r = run(p, ["svc"]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
  });

  it("--print-config shows the configuration that applies to a path", () => {
    const p = project({ ...BAD_ERR, ".svlintrc.yaml": "rules:\n  no-cat-logging: error\nignores: [old]\n" });
    const r = svlint(["--print-config", "svc"], { cwd: p.root, env: { HOME: p.home } });
    expect(r.code).toBe(0);
    const cfg = JSON.parse(r.stdout);
    expect(cfg.filepath).toBe(path.join(p.root, ".svlintrc.yaml"));
    expect(cfg.rules["no-cat-logging"]).toBe("error");
    expect(cfg.rules["setuidgid-last"]).toBe("error");
    expect(cfg.ignores).toEqual(["old"]);
  });
});

describe("severity flags", () => {
  it("--quiet reports errors only; --max-warnings fails on too many warnings", () => {
    const p = project({ ...BAD_WARN });
    const plain = svlint(["w"], { cwd: p.root, env: { HOME: p.home } });
    expect(plain.code).toBe(0);
    expect(plain.stdout).toContain("no-cat-logging");
    const quiet = svlint(["--quiet", "w"], { cwd: p.root, env: { HOME: p.home } });
    expect(quiet.stdout).not.toContain("no-cat-logging");
    expect(svlint(["--max-warnings", "0", "w"], { cwd: p.root, env: { HOME: p.home } }).code).toBe(1);
    expect(svlint(["--max-warnings", "1", "w"], { cwd: p.root, env: { HOME: p.home } }).code).toBe(0);
    expect(svlint(["--max-warnings", "x", "w"], { cwd: p.root }).code).toBe(2);
  });

  it("--rule takes id:severity and names the closest rule when misspelt", () => {
    const p = project(BAD_ERR);
    expect(run(p, ["--rule", "setuidgid-last:warn", "svc"]).code).toBe(0);
    const r = run(p, ["--rule", "setuid-last:off", "svc"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("did you mean 'setuidgid-last'?");
  });

  it("--list-rules and --explain", () => {
    const list = svlint(["--list-rules"]);
    expect(list.stdout).toMatch(/^setuidgid-last +error +Require programs that need root/m);
    expect(list.stdout).toMatch(/^env-dir-permissions +error +live +Require env directories/m);
    const doc = svlint(["--explain", "chown-target"]);
    expect(doc.stdout.startsWith("# chown-target\n")).toBe(true);
    expect(svlint(["--explain", "chown-targt"]).stderr).toContain("did you mean 'chown-target'?");
  });
});
