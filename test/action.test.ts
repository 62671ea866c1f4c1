// The GitHub Action (action.yml): its bash steps run here, in order, with the shell and the
// environment a runner gives a composite action's steps (GITHUB_ACTION_PATH = this checkout,
// RUNNER_TEMP, one GITHUB_OUTPUT file per step, inputs through `env:`), on repositories made on
// disk. The `uses:` steps (setup-node, upload-sarif) cannot run here: their inputs are checked.
// action.yml is parsed by PyYAML (python3-yaml, which the Debian pre-commit package that
// scripts/prereqs.mjs requires depends on), so no YAML package is added to package.json.
// The install step must find this checkout already built (npm test builds first): it would
// otherwise run `npm ci` in the working tree.
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { ROOT } from "./cli-helpers.js";
import { tempDir, writeTree } from "./helpers.js";

interface Step {
  name?: string;
  id?: string;
  if?: string;
  uses?: string;
  with?: Record<string, string>;
  shell?: string;
  env?: Record<string, string>;
  run?: string;
  "working-directory"?: string;
}
interface Action {
  name: string;
  inputs: Record<string, { description: string; required?: boolean; default?: string }>;
  outputs: Record<string, { description: string; value: string }>;
  runs: { using: string; steps: Step[] };
}

function loadAction(): Action {
  // Debian's python3, whose PyYAML scripts/prereqs.mjs installs (a python3 earlier on PATH may lack it).
  const python = fs.existsSync("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
  const r = spawnSync(python, ["-c", "import json, sys, yaml; json.dump(yaml.safe_load(sys.stdin), sys.stdout)"], {
    input: fs.readFileSync(path.join(ROOT, "action.yml")),
    encoding: "utf8",
  });
  if (r.status !== 0) throw new Error(`python3 could not parse action.yml (python3-yaml installed?): ${r.stderr}`);
  return JSON.parse(r.stdout) as Action;
}

const action = loadAction();
const steps = action.runs.steps;
const runStep = steps.find((s) => s.id === "svlint")!;
const uploadStep = steps.find((s) => s.uses?.startsWith("github/codeql-action/upload-sarif@"))!;

/** The inputs as the runner gives them: those given, else the defaults, else "". */
function inputsWith(given: Record<string, string>): Record<string, string> {
  for (const k of Object.keys(given)) if (!(k in action.inputs)) throw new Error(`action.yml has no input ${k}`);
  return Object.fromEntries(Object.entries(action.inputs).map(([k, v]) => [k, given[k] ?? v.default ?? ""]));
}

interface Ctx {
  inputs: Record<string, string>;
  steps: Record<string, Record<string, string>>;
  runnerTemp: string;
}

/** `${{ … }}` in an env or with value: only the plain property lookups action.yml uses. */
function evaluate(value: string, ctx: Ctx): string {
  return value.replace(/\$\{\{\s*(.*?)\s*\}\}/g, (_, expr: string) => {
    let m: RegExpMatchArray | null;
    if ((m = expr.match(/^inputs\.([\w-]+)$/))) {
      if (!(m[1]! in ctx.inputs)) throw new Error(`unknown input in ${value}`);
      return ctx.inputs[m[1]!]!;
    }
    if ((m = expr.match(/^steps\.([\w-]+)\.outputs\.([\w-]+)$/))) return ctx.steps[m[1]!]?.[m[2]!] ?? "";
    if (expr === "github.action_path") return ROOT;
    if (expr === "runner.temp") return ctx.runnerTemp;
    throw new Error(`the test cannot evaluate \${{ ${expr} }}`);
  });
}

/** A step's GITHUB_OUTPUT file: `name=value` lines (the multi-line `name<<EOF` form is not used). */
function readOutputs(file: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of fs.readFileSync(file, "utf8").split("\n").filter(Boolean)) {
    const i = line.indexOf("=");
    if (i <= 0) throw new Error(`GITHUB_OUTPUT line not name=value: ${line}`);
    out[line.slice(0, i)] = line.slice(i + 1);
  }
  return out;
}

interface StepRun {
  step: Step;
  code: number | null;
  stdout: string;
  stderr: string;
  outputFile: string;
  outputs: Record<string, string>;
}
interface ActionRun {
  ran: StepRun[];
  /** The step that failed (and stopped the run steps after it), if any. */
  failed?: StepRun;
  outputs: Record<string, string>;
  log: string;
  runnerTemp: string;
}

/** Runs the action's bash steps in `workspace` as a runner would, until one fails. */
function runAction(workspace: string, given: Record<string, string> = {}): ActionRun {
  const runnerTemp = tempDir("svlint-action-temp-");
  const ctx: Ctx = { inputs: inputsWith(given), steps: {}, runnerTemp };
  const ran: StepRun[] = [];
  let failed: StepRun | undefined;
  for (const [i, step] of steps.entries()) {
    if (step.uses !== undefined) continue; // setup-node, upload-sarif: checked by the tests below
    if (failed !== undefined) break; // no later run step has an `if:` that would run after a failure
    expect(step.if).toBeUndefined();
    const outputFile = path.join(runnerTemp, `output-${i}`);
    fs.writeFileSync(outputFile, "");
    const script = path.join(runnerTemp, `step-${i}.sh`);
    fs.writeFileSync(script, step.run!);
    const env: Record<string, string> = {
      // setup-node is skipped: the node running jest is first on PATH instead.
      PATH: `${path.dirname(process.execPath)}:${process.env.PATH ?? "/usr/bin:/bin"}`,
      HOME: process.env.HOME ?? runnerTemp,
      LANG: "C.UTF-8",
      CI: "true",
      GITHUB_ACTIONS: "true",
      GITHUB_WORKSPACE: workspace,
      GITHUB_ACTION_PATH: ROOT,
      RUNNER_TEMP: runnerTemp,
      GITHUB_OUTPUT: outputFile,
    };
    for (const [k, v] of Object.entries(step.env ?? {})) env[k] = evaluate(String(v), ctx);
    // `shell: bash` is run by the runner as `bash --noprofile --norc -eo pipefail {0}`.
    const r = spawnSync("bash", ["--noprofile", "--norc", "-eo", "pipefail", script], {
      cwd: step["working-directory"] !== undefined ? evaluate(step["working-directory"], ctx) : workspace,
      env,
      encoding: "utf8",
      timeout: 60_000,
    });
    const outputs = readOutputs(outputFile);
    if (step.id !== undefined) ctx.steps[step.id] = outputs;
    const s: StepRun = { step, code: r.status, stdout: r.stdout, stderr: r.stderr, outputFile, outputs };
    ran.push(s);
    if (r.status !== 0) failed = s;
  }
  const outputs = Object.fromEntries(Object.entries(action.outputs).map(([k, v]) => [k, evaluate(v.value, ctx)]));
  const log = ran.map((s) => s.stdout + s.stderr).join("");
  return { ran, failed, outputs, log, runnerTemp };
}

const byName = (r: ActionRun, name: string) => r.ran.find((s) => s.step.name === name);
const gateOf = (r: ActionRun) => byName(r, "Check svlint's result");

const LOG = "#!/bin/sh\nexec setuidgid nobody multilog t ./main\n";
const CLEAN = { "sv/clean/run": "#!/bin/sh\nexec 2>&1\nexec /usr/bin/app\n", "sv/clean/log/run": LOG };
// `exec 2>&1` after the final exec never runs: stderr-redirect-order, an error, on line 3.
const BAD = { "sv/bad/run": "#!/bin/sh\nexec /usr/bin/app\nexec 2>&1\n", "sv/bad/log/run": LOG };
// stderr never reaches the logger: stderr-to-log, a warning.
const WARN = { "sv/warn/run": "#!/bin/sh\nexec /usr/bin/app\n", "sv/warn/log/run": LOG };

/** A checkout: a `.git` directory and services under sv/. */
function repo(...specs: Array<Record<string, string>>): string {
  const root = tempDir("svlint-action-repo-");
  fs.mkdirSync(path.join(root, ".git"));
  return writeTree(root, Object.assign({}, ...specs));
}

interface Sarif {
  version: string;
  runs: Array<{ results: Array<{ ruleId: string; level: string; locations: unknown[] }> }>;
}
const readSarif = (file: string) => JSON.parse(fs.readFileSync(file, "utf8")) as Sarif;

beforeAll(() => {
  // Without a build the install step would run `npm ci` in this working tree.
  if (!fs.existsSync(path.join(ROOT, "dist/svlint.js")) || !fs.existsSync(path.join(ROOT, "node_modules")))
    throw new Error("build svlint first (npm run build): the action's install step reuses this checkout's build");
});

describe("action.yml", () => {
  it("is a composite action with the documented inputs and outputs", () => {
    expect(action.runs.using).toBe("composite");
    expect(Object.keys(action.inputs).sort()).toEqual(["config", "fail-on", "format", "paths"]);
    expect(inputsWith({})).toEqual({ paths: ".", config: "", format: "github", "fail-on": "error" });
    for (const input of Object.values(action.inputs)) expect(input.description).toBeTruthy();
    expect(action.outputs["sarif-file"]!.value).toBe("${{ steps.svlint.outputs.sarif-file }}");
    expect(action.outputs["exit-code"]!.value).toBe("${{ steps.svlint.outputs.exit-code }}");
  });

  it("sets up Node 20, installs, runs svlint, uploads SARIF, then gates, in that order", () => {
    expect(steps.map((s) => s.uses?.replace(/@.*/, "") ?? s.name)).toEqual([
      "actions/setup-node",
      "Install svlint",
      "Run svlint",
      "github/codeql-action/upload-sarif",
      "Check svlint's result",
    ]);
    expect(steps[0]).toMatchObject({ uses: "actions/setup-node@v4", with: { "node-version": "20" } });
    expect(uploadStep.uses).toBe("github/codeql-action/upload-sarif@v3");
    expect(uploadStep.with).toEqual({ sarif_file: "${{ steps.svlint.outputs.sarif-file }}", category: "svlint" });
    // The upload runs even after a failed step, whenever svlint wrote a report.
    expect(uploadStep.if).toBe("always() && steps.svlint.outputs.sarif-file != ''");
  });

  it("passes inputs to bash only through env: no ${{ }} in any run script", () => {
    for (const s of steps.filter((x) => x.run !== undefined)) {
      expect(s.shell).toBe("bash");
      expect(s.run).not.toContain("${{");
    }
    expect(runStep.env).toEqual({
      SVLINT_PATHS: "${{ inputs.paths }}",
      SVLINT_CONFIG: "${{ inputs.config }}",
      SVLINT_FORMAT: "${{ inputs.format }}",
      SVLINT_FAIL_ON: "${{ inputs.fail-on }}",
    });
  });
});

describe("the action, run step by step", () => {
  it("reuses a built checkout instead of running npm ci", () => {
    const r = runAction(repo(CLEAN));
    const install = byName(r, "Install svlint")!;
    expect(install.code).toBe(0);
    expect(install.stdout).toContain(`svlint: using the build in ${ROOT}`);
    expect(install.stdout).not.toMatch(/added \d+ packages/);
  });

  it("on an error: SARIF for code scanning, annotations in the log, and the step fails", () => {
    const r = runAction(repo(CLEAN, BAD));
    expect(byName(r, "Run svlint")!.code).toBe(0); // findings never fail the run step: the upload comes first
    const sarifFile = path.join(r.runnerTemp, "svlint.sarif");
    expect(fs.readFileSync(byName(r, "Run svlint")!.outputFile, "utf8")).toContain(`sarif-file=${sarifFile}\n`);
    expect(r.outputs).toEqual({ "sarif-file": sarifFile, "exit-code": "1" });
    // What upload-sarif would be given: the file the run step wrote.
    expect(
      evaluate(uploadStep.with!.sarif_file!, {
        inputs: {},
        steps: { svlint: byName(r, "Run svlint")!.outputs },
        runnerTemp: "",
      }),
    ).toBe(sarifFile);
    const sarif = readSarif(sarifFile);
    expect(sarif.version).toBe("2.1.0");
    expect(sarif.runs[0]!.results.map((x) => [x.ruleId, x.level])).toEqual([["stderr-redirect-order", "error"]]);
    expect(r.log).toMatch(/^::error file=sv\/bad\/run,line=3,col=1,.*title=stderr-redirect-order::/m);
    expect(gateOf(r)!.code).toBe(1);
    expect(r.failed).toBe(gateOf(r));
  });

  it("passes on a repository of clean services", () => {
    const r = runAction(repo(CLEAN));
    expect(r.failed).toBeUndefined();
    expect(gateOf(r)!.code).toBe(0);
    expect(r.outputs["exit-code"]).toBe("0");
    expect(readSarif(r.outputs["sarif-file"]!).runs[0]!.results).toEqual([]);
    expect(r.log).not.toContain("::error");
  });

  it("fail-on none reports errors without failing", () => {
    const r = runAction(repo(CLEAN, BAD), { "fail-on": "none" });
    expect(r.failed).toBeUndefined();
    expect(r.outputs["exit-code"]).toBe("1");
    expect(r.log).toMatch(/^::error file=sv\/bad\/run,/m);
  });

  it("fail-on warning fails on a warning that fail-on error lets pass", () => {
    const warn = repo(CLEAN, WARN);
    const lenient = runAction(warn);
    expect(lenient.failed).toBeUndefined();
    expect(lenient.log).toMatch(/^::warning file=sv\/warn\/run,.*title=stderr-to-log::/m);
    const strict = runAction(warn, { "fail-on": "warning" });
    expect(strict.outputs["exit-code"]).toBe("1");
    expect(strict.failed).toBe(gateOf(strict));
    expect(readSarif(strict.outputs["sarif-file"]!).runs[0]!.results.map((x) => x.ruleId)).toEqual(["stderr-to-log"]);
  });

  it("lints only the given paths, several separated by spaces or newlines", () => {
    const root = repo(CLEAN, BAD, WARN);
    expect(runAction(root, { paths: "sv/clean" }).failed).toBeUndefined();
    const two = runAction(root, { paths: " sv/clean \n sv/warn ", "fail-on": "warning" });
    expect(readSarif(two.outputs["sarif-file"]!).runs[0]!.results.map((x) => x.ruleId)).toEqual(["stderr-to-log"]);
    const all = runAction(root, { paths: "sv/bad sv/warn" });
    expect(
      readSarif(all.outputs["sarif-file"]!)
        .runs[0]!.results.map((x) => x.ruleId)
        .sort(),
    ).toEqual(["stderr-redirect-order", "stderr-to-log"]);
    expect(all.failed).toBe(gateOf(all));
  });

  it("uses the config input", () => {
    const root = repo(CLEAN, BAD, {
      "ci/svlint.json": JSON.stringify({ rules: { "stderr-redirect-order": "off" } }),
    });
    const r = runAction(root, { config: "ci/svlint.json" });
    expect(r.failed).toBeUndefined();
    expect(readSarif(r.outputs["sarif-file"]!).runs[0]!.results).toEqual([]);
  });

  it("fails even with fail-on none when svlint exits 2, and then has no SARIF to upload", () => {
    const root = repo(CLEAN, { "ci/svlint.json": JSON.stringify({ rulez: {} }) });
    const r = runAction(root, { config: "ci/svlint.json", "fail-on": "none" });
    expect(r.log).toContain("unknown key 'rulez'; did you mean 'rules'?");
    expect(r.outputs).toEqual({ "sarif-file": "", "exit-code": "2" }); // the upload's `if:` skips it
    expect(r.failed).toBe(gateOf(r));
    expect(r.log).toContain("::error title=svlint::svlint exited 2");
  });

  it("prints the format input to the log, or no second report when it is empty", () => {
    const root = repo(CLEAN, BAD);
    const gcc = runAction(root, { format: "gcc" });
    expect(gcc.log).toMatch(/^sv\/bad\/run:3:1: error: .*\[stderr-redirect-order\]$/m);
    expect(gcc.log).not.toContain("::error file=");
    const none = runAction(root, { format: "" });
    expect(none.log).not.toContain("sv/bad/run");
    expect(none.outputs["exit-code"]).toBe("1");
    expect(readSarif(none.outputs["sarif-file"]!).runs[0]!.results).toHaveLength(1);
    expect(none.failed).toBe(gateOf(none));
  });

  it("rejects an unknown fail-on before linting", () => {
    const r = runAction(repo(CLEAN), { "fail-on": "errors" });
    expect(r.failed).toBe(byName(r, "Run svlint"));
    expect(r.log).toContain("::error title=svlint::the fail-on input must be error, warning or none");
    expect(r.outputs["sarif-file"]).toBe("");
  });

  // PWN stands for a file in a fresh directory: nothing may create it.
  it.each([
    ["paths", "'; touch PWN #"],
    ["paths", "sv/clean $(touch PWN) `touch PWN`"],
    ["paths", 'sv/clean" ; touch PWN ; "'],
    ["paths", "--output-file=PWN"],
    ["config", "$(touch PWN)"],
    ["config", "x'; touch PWN; '"],
    ["format", "github; touch PWN"],
    ["fail-on", "error; touch PWN"],
    ["fail-on", "$(touch PWN)"],
  ])("treats a hostile %s input as data: %s", (input, value) => {
    const pwnDir = tempDir("svlint-action-pwn-");
    const pwn = path.join(pwnDir, "pwned");
    const root = repo(CLEAN);
    const r = runAction(root, { [input]: value.replaceAll("PWN", pwn) });
    expect(fs.readdirSync(pwnDir)).toEqual([]);
    expect(fs.readdirSync(root).sort()).toEqual([".git", "sv"]);
    expect(r.failed).toBeDefined(); // a path, config or format that is no such thing is exit 2
  });
});
