// Spreads services over the cores: worker threads take chunks of services from a shared queue,
// and the main thread only hands them out and gathers results. Chunks (not one half each) keep
// the threads busy to the end, and a worker hands back each chunk's results at once instead of
// holding them all. An in-process run already uses a second core: its scripts parse on a thread
// of libuv's pool while the rules run (see lintJobsInOrder), so workers only pay on more cores
// (see autoWorkerThreshold).
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import * as os from "node:os";
import { fileURLToPath } from "node:url";
import type { Worker } from "node:worker_threads";
import { internResults } from "./intern.js";
import { lintJobsInOrder, type JobOptions, type ServiceJob } from "./job.js";
import type { Rule } from "../engine/rule.js";
import { RULES } from "../rules/index.js";

const REGISTRY: ReadonlySet<Rule> = new Set(RULES);
import type { FileResult } from "../engine/lint.js";

/** `--concurrency`: a number of worker threads, `auto` (the default) or `off`. */
export type Concurrency = number | "auto" | "off";
const WORKER = new URL("./worker.js", import.meta.url);
/** Services per chunk: big enough that messages cost nothing, small enough to balance the end. */
const CHUNK = 50;
/** Chunks a worker holds at once, so it never waits for the main thread to hand out the next. */
const AHEAD = 2;

/** Messages between the main thread and a worker (see worker.ts). */
export type ToWorker = { start: number; jobs: ServiceJob[]; options: JobOptions } | { done: true };
export type FromWorker = { start: number; results: FileResult[][] };

function cores(): number {
  return typeof os.availableParallelism === "function" ? os.availableParallelism() : os.cpus().length;
}

/**
 * How many services make k worker threads pay. Each worker is a V8 isolate that loads and
 * compiles svlint again, so workers cost a fixed 310 ms more than an in-process run; in return
 * each service costs 0.638 ms / k of wall time instead of the in-process 0.296 ms (the main
 * thread's share: its parsing runs on another thread). The three constants were fitted on 2
 * cores, where workers never pay; more cores are extrapolated from them, not measured
 * (measured: docs/performance.md#workers).
 */
export function autoWorkerThreshold(k: number): number {
  const perService = 0.296 - 0.638 / k;
  return perService <= 0 ? Infinity : Math.ceil(310 / perService);
}

/**
 * The worker threads a run gets, and from how many services: `auto` uses one per core (at most
 * 8) from autoWorkerThreshold on, which on 2 cores is never; a number is taken as given (1, like
 * `off`, is in-process).
 */
export function workerPlan(concurrency: Concurrency): { workers: number; from: number } {
  if (concurrency === "auto") {
    const k = Math.min(cores(), 8);
    const from = autoWorkerThreshold(k);
    return from !== Infinity ? { workers: k, from } : { workers: 0, from };
  }
  return concurrency !== "off" && concurrency >= 2 ? { workers: concurrency, from: 1 } : { workers: 0, from: Infinity };
}

/** The worker threads for `services` services: 0 means in-process. */
export function workerCount(concurrency: Concurrency, services: number): number {
  const plan = workerPlan(concurrency);
  return services >= plan.from ? plan.workers : 0;
}

interface Lane {
  worker: Worker;
  /** Resolves with the exit code once the worker has stopped, however it stopped. */
  exited: Promise<number>;
}

/**
 * Worker threads started before the jobs are known: lint() starts them as soon as discovery has
 * found enough services for them (workerCount), so that they load while the main thread walks
 * the rest of the tree (measured: docs/performance.md#early-workers). lintJobs uses them, or
 * closes them when the run turns out smaller (a config's `ignores`).
 */
export class WorkerPool {
  private constructor(readonly lanes: Lane[]) {}

  /** undefined when there is no compiled worker (tests run the TypeScript sources). */
  static start(count: number): WorkerPool | undefined {
    if (count < 1 || !existsSync(fileURLToPath(WORKER))) return undefined;
    // Loaded here, not at the top: a one-service run should not pay for it. Synchronously, as
    // discovery (which calls this) is synchronous.
    const { Worker } = createRequire(import.meta.url)("node:worker_threads") as typeof import("node:worker_threads");
    const lanes = Array.from({ length: count }, (): Lane => {
      // A bounded heap: a worker keeps nothing between chunks, and V8 would otherwise grow it
      // towards its defaults. The smallest young generation tried had the lowest peak RSS at the
      // same speed (measured: docs/performance.md#worker-heap).
      const worker = new Worker(WORKER, {
        resourceLimits: { maxYoungGenerationSizeMb: 4, maxOldGenerationSizeMb: 192 },
      });
      // Listening from the start: a worker that dies before lintJobs looks must not take the
      // process down with an unhandled 'error' event. 'exit' always follows 'error'.
      worker.on("error", () => {});
      const exited = new Promise<number>((resolve) => worker.once("exit", resolve));
      return { worker, exited };
    });
    return new WorkerPool(lanes);
  }

  /** Stops workers that were started but not used (the run was small, or it failed). */
  close(): void {
    for (const lane of this.lanes) void lane.worker.terminate();
  }
}

/** Results per job, in the jobs' order. */
export async function lintJobs(
  jobs: ServiceJob[],
  options: JobOptions,
  rules: readonly Rule[],
  concurrency: Concurrency = "auto",
  onProgress?: (done: number, total: number) => void,
  started?: WorkerPool,
): Promise<FileResult[][]> {
  let done = 0;
  const advance = (n: number): void => {
    done += n;
    onProgress?.(done, jobs.length);
  };
  // Workers know only the registry's rules: a rule set of the caller's own runs in this thread.
  const count = rules.every((r) => REGISTRY.has(r)) ? workerCount(concurrency, jobs.length) : 0;
  let pool = started;
  if (pool && pool.lanes.length !== count) {
    pool.close(); // started for more services than remained after the config's `ignores`
    pool = undefined;
  }
  if (count > 0) pool ??= WorkerPool.start(count);
  if (!pool) return lintJobsInOrder(jobs, options, rules, () => advance(1), true);

  const results: FileResult[][] = new Array<FileResult[]>(jobs.length);
  let next = 0;
  /** Chunks a dead worker held: the main thread lints them again. */
  const orphans: Array<[number, number]> = [];
  const take = (): [number, number] | undefined => {
    if (orphans.length > 0) return orphans.pop();
    if (next >= jobs.length) return undefined;
    const start = next;
    next = Math.min(jobs.length, next + CHUNK);
    return [start, next];
  };

  const workerDone = pool.lanes.map(
    ({ worker: w, exited }) =>
      new Promise<void>((resolve) => {
        const held = new Map<number, [number, number]>();
        const feed = (): void => {
          while (held.size < AHEAD) {
            const range = take();
            if (!range) break;
            held.set(range[0], range);
            w.postMessage({ start: range[0], jobs: jobs.slice(range[0], range[1]), options } satisfies ToWorker);
          }
          if (held.size === 0) w.postMessage({ done: true } satisfies ToWorker);
        };
        w.on("message", (m: FromWorker) => {
          held.delete(m.start);
          for (let i = 0; i < m.results.length; i++) {
            internResults(m.results[i]!);
            results[m.start + i] = m.results[i]!;
          }
          advance(m.results.length);
          feed();
        });
        // A worker that dies (out of memory on a monstrous script, say) costs speed, not
        // results: the chunks it held go back to the queue.
        void exited.then(() => {
          orphans.push(...held.values());
          held.clear();
          resolve();
        });
        feed();
      }),
  );

  await Promise.all(workerDone);
  // Only chunks a dead worker left are linted here.
  for (let range = take(); range; range = take()) {
    const batch = await lintJobsInOrder(jobs.slice(range[0], range[1]), options, rules, () => advance(1), true);
    for (let i = 0; i < batch.length; i++) results[range[0] + i] = batch[i]!;
  }
  // A hole would silently drop services from the report (`flat()` skips it): fail loudly instead.
  for (let i = 0; i < jobs.length; i++)
    if (results[i] === undefined) throw new Error(`service ${jobs[i]!.abs} was never linted`);
  return results;
}
