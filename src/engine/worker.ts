// A worker thread: lints each chunk of services the main thread sends and posts its results back
// (see pool.ts).
import { parentPort } from "node:worker_threads";
import { runJobsInOrder } from "./job.js";
import type { FromWorker, ToWorker } from "./pool.js";
import { parserBackend } from "../shell/parse.js";

// Load the parser now: workers start while the main thread is still discovering services.
parserBackend();

parentPort!.on("message", (m: ToWorker) => {
  if ("done" in m) {
    parentPort!.close();
    return;
  }
  // runJobsInOrder may wait a turn to free native memory (JS binding only); messages queue meanwhile.
  void runJobsInOrder(m.jobs, m.options).then((results) =>
    parentPort!.postMessage({ start: m.start, results } satisfies FromWorker),
  );
});
