// @ts-check
// npm run fuzz [N] [--seed S]: 100,000 cases by default against the built engine, with the seed printed.
// npm run fuzz -- --fix [N] [--seed S]: fix mode (fuzz-lib.mjs, checkFixing): generated services
// fixed in an Engine's overlay with unsafe fixes on, each case with a 10 s limit (node:vm's);
// prints counts (fixes applied and dropped by rule, changed files) and exits 1 on an introduced
// parse error, a non-idempotent fix, a crash (a throw, a rule-error, a hang) or a fixer report
// that a fresh lint contradicts, with a minimized reproducer of each (up to 5) and of dropped fixes.
// The seed may also come from FUZZ_SEED. Without npm (no rebuild): `npx tsc -p tsconfig.build.json`,
// then `node scripts/fuzz.mjs --fix 100000 --seed 1`.
import { releaseNativeMemory } from "../dist/runner/memory.js";
import { lintService } from "../dist/engine/lint.js";
import { fixService } from "../dist/fix/fixer.js";
import { allRuleMetas, Engine, emptyHost, RULES } from "../dist/index.js";
import { checkFixing, checkLinting, fixFailures, formatFixReport, inProcessCheck } from "./fuzz-lib.mjs";

const args = process.argv.slice(2);
const fix = args.includes("--fix");
const at = args.indexOf("--seed");
const seedArg = at >= 0 ? args[at + 1] : process.env.FUZZ_SEED;
const positional = args.filter((a, i) => !a.startsWith("--") && !(at >= 0 && i === at + 1));
const numRuns = Number(positional[0] ?? 100000);
const seed = Number(seedArg ?? Date.now() % 2 ** 31);
if (!Number.isInteger(numRuns) || numRuns < 1 || !Number.isInteger(seed)) {
  console.error("usage: node scripts/fuzz.mjs [--fix] [N] [--seed S]");
  process.exit(2);
}

if (fix) {
  const stats = await checkFixing({
    check: inProcessCheck({ Engine, emptyHost, fixService, releaseNativeMemory }),
    numRuns,
    seed,
    onProgress: (done, s) =>
      process.stderr.write(
        `fuzz --fix: ${done}/${numRuns}, ${fixFailures(s)} failures, ${[...s.dropped.values()].reduce((a, b) => a + b, 0)} dropped\n`,
      ),
  });
  console.log(formatFixReport(stats).join("\n"));
  process.exit(fixFailures(stats) > 0 ? 1 : 0);
}

const t0 = performance.now();
await checkLinting({
  lintService,
  rules: RULES,
  ruleIds: allRuleMetas().map((m) => m.id),
  numRuns,
  seed,
  releaseNativeMemory,
});
console.log(`fuzz: ${numRuns} cases passed in ${((performance.now() - t0) / 1000).toFixed(1)} s (seed ${seed})`);
