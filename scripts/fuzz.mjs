// @ts-check
// npm run fuzz [N]: 100,000 cases by default against the built engine, with the seed printed.
import { releaseNativeMemory } from "../dist/runner/memory.js";
import { lintService } from "../dist/engine/lint.js";
import { allRuleMetas, RULES } from "../dist/index.js";
import { checkLinting } from "./fuzz-lib.mjs";

const numRuns = Number(process.argv[2] ?? 100000);
const seed = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31);
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
