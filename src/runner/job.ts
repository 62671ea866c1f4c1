// Services linted in order by one thread: a job is one service as plain data (what the main thread
// hands a worker thread), and lintJobsInOrder reads, parses and lints jobs in batches (parsing may
// run on libuv's pool meanwhile).
import { readService, type LintContext, type ServiceDir } from "../service.js";
import { preparse, type PreparsedTrees } from "../parse/shell.js";
import type { SupervisorFamily } from "../knowledge/supervisors.js";
import type { DeploymentKind } from "../deployment.js";
import { internResults } from "./intern.js";
import type { FirstLook } from "../live/supervision.js";
import { servicesLinted } from "./memory.js";
import { lintService, type FileResult, type SeveritySetting } from "../engine/lint.js";
import type { Rule } from "../engine/rule.js";

export interface ServiceJob {
  abs: string;
  /** The service directory's entries, as discovery listed them. */
  names?: string[];
  context?: LintContext;
  supervisor?: SupervisorFamily;
  deployment?: DeploymentKind;
  passwdFile?: string;
  severities: Array<[string, SeveritySetting]>;
  /** The first look at a deployed service's supervision state (live/supervision.ts). */
  firstLook?: FirstLook;
}

/** What every job of a run shares; plain data, so that it can be posted to a worker. */
export interface JobOptions {
  inlineConfig: boolean;
  keepSource?: boolean;
  reportUnusedDirectives: boolean;
  /** The rules to run, by id: a worker looks them up in the registry (src/rules/index.ts). */
  ruleIds: string[];
}

function readJob(job: ServiceJob): ServiceDir {
  return readService(job.abs, {
    // The command line waits to look again at a service that looks failing (live/supervision.ts).
    looks: "twice",
    ...(job.firstLook ? { firstLook: job.firstLook } : {}),
    ...(job.context ? { context: job.context } : {}),
    ...(job.names ? { names: job.names } : {}),
  });
}

function lintJob(
  job: ServiceJob,
  opts: JobOptions,
  rules: readonly Rule[],
  svc: ServiceDir,
  preparsed: PreparsedTrees,
): FileResult[] {
  const { ruleIds: _ids, ...engineOpts } = opts;
  const results = lintService(svc, {
    rules,
    preparsed,
    severities: new Map(job.severities),
    ...(job.supervisor ? { supervisor: job.supervisor } : {}),
    ...(job.deployment ? { deployment: job.deployment } : {}),
    ...(job.passwdFile ? { passwdFile: job.passwdFile } : {}),
    ...engineOpts,
  });
  internResults(results);
  return results;
}

/** Services read and parsed together, at most. */
const BATCH = 25;
/**
 * Script text (characters) that ends a batch early. Scripts of up to 1 MiB are read whole, and
 * parsing a batch holds its text twice (the parse thread's copy) plus its trees, several times
 * the text: 25 services of such scripts would hold gigabytes, while ordinary batches stay far
 * below the limit (measured: docs/performance.md#batch-text).
 */
const BATCH_TEXT = 2 * 1024 * 1024;
/**
 * Batches read and handed to the parse thread ahead of the one being linted, so that the thread
 * always has one queued; 2 was faster than 1 or 3 (measured: docs/performance.md#batches-ahead).
 */
const AHEAD = 2;

interface Batch {
  jobs: ServiceJob[];
  svcs: ServiceDir[];
  trees: Promise<PreparsedTrees>;
}

/**
 * Reads the services of the next batch, from jobs[from] on, and starts parsing their scripts (see
 * preparse).
 */
function prepare(jobs: readonly ServiceJob[], from: number, onThread: boolean): Batch {
  const batch: ServiceJob[] = [];
  const svcs: ServiceDir[] = [];
  const texts: string[] = [];
  let size = 0;
  for (let i = from; i < jobs.length && batch.length < BATCH && size < BATCH_TEXT; i++) {
    const svc = readJob(jobs[i]!);
    batch.push(jobs[i]!);
    svcs.push(svc);
    for (const f of svc.scripts) {
      if (f.text === undefined) continue;
      texts.push(f.text);
      size += f.text.length;
    }
  }
  return { jobs: batch, svcs, trees: preparse(texts, onThread) };
}

function lintBatch(batch: Batch, trees: PreparsedTrees, opts: JobOptions, rules: readonly Rule[]): FileResult[][] {
  return batch.jobs.map((job, i) => lintJob(job, opts, rules, batch.svcs[i]!, trees));
}

/**
 * Lints jobs one after another (in-process, or inside one worker), releasing tree-sitter's
 * native memory as it goes (see memory.ts); `onDone` is called after each job.
 *
 * With `parseOnThread` (the in-process run) it is a pipeline: while the rules run over one batch
 * in this thread, the next batches are read and parse on a thread of libuv's pool. Parsing is a
 * large share of an in-process run's CPU (measured: docs/performance.md#parse-thread), and on 2
 * cores that thread costs nothing like a worker isolate, which loads and compiles svlint again.
 * Worker threads parse in their own thread: they already fill the cores, and libuv's pool (4
 * threads) is shared by the whole process.
 */
export async function lintJobsInOrder(
  jobs: ServiceJob[],
  opts: JobOptions,
  rules: readonly Rule[],
  onDone?: (index: number) => void,
  parseOnThread = false,
): Promise<FileResult[][]> {
  const out: FileResult[][] = [];
  const queue: Batch[] = [];
  let read = 0;
  const fill = (): void => {
    while (queue.length < (parseOnThread ? AHEAD : 1) && read < jobs.length) {
      const batch = prepare(jobs, read, parseOnThread);
      queue.push(batch);
      read += batch.jobs.length;
    }
  };
  fill();
  while (queue.length > 0) {
    const current = queue.shift()!;
    const trees = await current.trees;
    fill();
    const batch = lintBatch(current, trees, opts, rules);
    for (const r of batch) {
      out.push(r);
      onDone?.(out.length - 1);
    }
    await servicesLinted(batch.length);
  }
  return out;
}
