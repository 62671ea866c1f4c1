// 10,000 generated and random scripts through every rule: no throw, well-formed diagnostics. And
// 2,000 generated services through the fixer (`npm run fuzz -- --fix` runs 100,000): no parse
// error introduced, fixing again changes nothing, no crash.
import { releaseNativeMemory } from "../src/runner/memory.js";
import { lintService } from "../src/engine/lint.js";
import { fixService } from "../src/fix/fixer.js";
import { allRuleMetas, Engine, emptyHost, RULES } from "../src/index.js";
import {
  checkFixing,
  checkLinting,
  execlineScript,
  fixScenario,
  fixFailures,
  formatFixReport,
  inProcessCheck,
  shellScript,
  // @ts-expect-error: plain JavaScript shared with `npm run fuzz`
} from "../scripts/fuzz-lib.mjs";
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

  it("fixes 2,000 generated services without a parse error, a second change or a crash", async () => {
    // A case over 5 s (a rule in an endless loop) is a crash, a hang: it does not hang the test.
    // On a failure, few reproducers, quickly minimized: `npm run fuzz -- --fix` does more.
    const check = inProcessCheck({ Engine, emptyHost, fixService, releaseNativeMemory });
    const stats = await checkFixing({
      check,
      numRuns: 2000,
      seed: 20261202,
      timeoutMs: 5000,
      hangMs: 2000,
      maxReproducers: 3,
      minimizeTries: 200,
    });
    // On a failure, the whole report is the message: counts, dropped fixes by rule (safe, so not
    // a failure, but a sign of a wrong fix), and minimized reproducers.
    if (fixFailures(stats) > 0) throw new Error(formatFixReport(stats).join("\n"));
    expect(stats.failures).toEqual({ parse: 0, idempotence: 0, crash: 0, stale: 0 });
    // The generator reaches the fixes: most cases have one, and most of those change.
    expect(stats.casesWithFixable).toBeGreaterThan(1000);
    expect(stats.changedCases).toBeGreaterThan(800);
  }, 300_000);

  it("the fix-mode generator produces the findings' patterns", () => {
    type Scenario = { files: Record<string, string> };
    const samples: Scenario[] = fc.sample(fixScenario, { numRuns: 2000, seed: 42 });
    const all = samples.flatMap((s) => Object.entries(s.files).map(([rel, text]) => `${rel}: ${text}`)).join("\n");
    for (const construct of [
      "exec 2>&1",
      "2>&1 >/var/log/app.log",
      "setuidgid app envdir",
      "#!/command/execlineb -P",
      "s6-setuidgid app\ns6-envdir",
      "run: #!/bin/sh\r\n",
      "chown -R app:app\n",
      "multilog t",
      "svlogd -tt",
      "s6-log",
      "cat > /var/log/app.log",
      "nginx\n",
      "redis-server\n",
      "/usr/sbin/sshd\n",
      "env/FOO: value \n",
      "\r\n",
    ]) {
      expect(all).toContain(construct);
    }
  });
});
