// 10,000 generated and random scripts through every rule: no throw, well-formed diagnostics.
import { releaseNativeMemory } from "../src/runner/memory.js";
import { lintService } from "../src/engine/lint.js";
import { allRuleMetas, RULES } from "../src/index.js";
// @ts-expect-error: plain JavaScript shared with `npm run fuzz`
import { checkLinting, execlineScript, shellScript } from "../scripts/fuzz-lib.mjs";
import fc from "fast-check";

describe("fuzzing the engine", () => {
  it("lints 10,000 generated and random scripts without a throw or a malformed diagnostic", async () => {
    await checkLinting({
      lintService,
      rules: RULES,
      ruleIds: allRuleMetas().map((m) => m.id),
      numRuns: 10_000,
      releaseNativeMemory,
    });
  }, 300_000);

  it("the generator produces the constructs it claims (so the fuzzing reaches the rules)", () => {
    const samples: string[] = fc.sample(shellScript, { numRuns: 2000, seed: 42 });
    const all = samples.join("\n");
    for (const construct of [
      "exec ",
      "if ",
      "case ",
      "for v in",
      "<<EOF",
      "$(",
      "2>&1",
      "setuidgid",
      "envdir",
      "multilog",
      "chown",
      "# svlint disable=",
    ]) {
      expect(all).toContain(construct);
    }
    const execline: string[] = fc.sample(execlineScript, { numRuns: 500, seed: 42 });
    for (const construct of ["#!/command/execlineb", "foreground", "{", "fdmove", "redirfd", "define"]) {
      expect(execline.join("\n")).toContain(construct);
    }
  });
});
