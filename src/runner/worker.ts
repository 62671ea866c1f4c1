// A worker thread: lints each chunk of services the main thread sends and posts its results back
// (see pool.ts).
import { parentPort } from "node:worker_threads";
import { lintJobsInOrder } from "./job.js";
import type { FromWorker, ToWorker } from "./pool.js";
import { parserBackend } from "../parse/shell.js";
import { RULES } from "../rules/index.js";

// Load the parser now: workers start while the main thread is still discovering services.
parserBackend();

const REGISTRY = new Map(RULES.map((r) => [r.meta.id, r]));

parentPort!.on("message", (m: ToWorker) => {
  if ("done" in m) {
    parentPort!.close();
    return;
  }
  // lintJobsInOrder may wait a turn to free native memory (JS binding only); messages queue meanwhile.
  const rules = m.options.ruleIds.map((id) => {
    const rule = REGISTRY.get(id);
    if (!rule) throw new Error(`worker: no rule '${id}' in the registry`);
    return rule;
  });
  void lintJobsInOrder(m.jobs, m.options, rules).then((results) =>
    parentPort!.postMessage({ start: m.start, results } satisfies FromWorker),
  );
});
