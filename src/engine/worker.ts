// A worker thread: lints its share of the services and posts the results back.
import { parentPort, workerData } from "node:worker_threads";
import { runJob, type JobOptions, type ServiceJob } from "./job.js";
import { RELEASE_EVERY, releaseNativeMemory } from "./memory.js";
import type { FileResult } from "./run.js";

const { jobs, options } = workerData as { jobs: ServiceJob[]; options: JobOptions };
const results: FileResult[][] = [];
for (let i = 0; i < jobs.length; i++) {
  results.push(runJob(jobs[i]!, options));
  if ((i + 1) % 50 === 0) parentPort!.postMessage({ progress: 50 });
  if ((i + 1) % RELEASE_EVERY === 0) await releaseNativeMemory();
}
parentPort!.postMessage({ results });
