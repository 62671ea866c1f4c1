// A worker thread: lints its share of the services and posts the results back.
import { parentPort, workerData } from "node:worker_threads";
import { runJobsInOrder, type JobOptions, type ServiceJob } from "./job.js";

const { jobs, options } = workerData as { jobs: ServiceJob[]; options: JobOptions };
const results = await runJobsInOrder(jobs, options, (i) => {
  if ((i + 1) % 50 === 0) parentPort!.postMessage({ progress: 50 });
});
parentPort!.postMessage({ results });
