// Spreads services over worker threads, one per core: parsing is CPU-bound and a 2-core machine
// lints 10,000 services in a little over half the time. Small runs stay in-process (a worker
// costs about 0.1 s to start).
import { existsSync } from "node:fs";
import * as os from "node:os";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { runJobsInOrder, type JobOptions, type ServiceJob } from "./job.js";
import type { FileResult } from "./run.js";

export const MIN_SERVICES_FOR_WORKERS = 300;
const WORKER = new URL("./worker.js", import.meta.url);

/** Results per job, in the jobs' order. */
export async function runJobs(
  jobs: ServiceJob[],
  options: JobOptions,
  useWorkers = true,
  onProgress?: (done: number, total: number) => void,
): Promise<FileResult[][]> {
  let done = 0;
  const advance = (n: number): void => {
    done += n;
    onProgress?.(done, jobs.length);
  };
  const cores = typeof os.availableParallelism === "function" ? os.availableParallelism() : os.cpus().length;
  // The compiled worker exists only in dist/ (tests run the TypeScript sources in-process).
  if (!useWorkers || cores < 2 || jobs.length < MIN_SERVICES_FOR_WORKERS || !existsSync(fileURLToPath(WORKER))) {
    return runJobsInOrder(jobs, options, () => advance(1));
  }
  const n = Math.min(cores, 8);
  const size = Math.ceil(jobs.length / n);
  const parts = Array.from({ length: n }, (_, k) => jobs.slice(k * size, (k + 1) * size)).filter((p) => p.length > 0);
  const finished = await Promise.all(
    parts.map(
      (part) =>
        new Promise<FileResult[][]>((resolve, reject) => {
          const w = new Worker(WORKER, { workerData: { jobs: part, options } });
          w.on("message", (m: { progress?: number; results?: FileResult[][] }) => {
            if (m.progress) advance(m.progress);
            if (m.results) resolve(m.results);
          });
          w.once("error", reject);
          w.once("exit", (code) => {
            if (code !== 0) reject(new Error(`a lint worker exited with code ${code}`));
          });
        }),
    ),
  );
  return finished.flat();
}
