// One service to lint, as plain data: what the main thread hands to a worker thread.
import { RULES } from "../rules/index.js";
import { readService, type LintContext, type ServiceDir } from "../service.js";
import { clearPreparsed, preparse } from "../shell/parse.js";
import type { SupervisorFamily } from "../supervisor.js";
import { servicesLinted } from "./memory.js";
import { lintService, type FileResult, type SeveritySetting } from "./run.js";

export interface ServiceJob {
  abs: string;
  /** The service directory's entries, as discovery listed them. */
  names?: string[];
  context?: LintContext;
  supervisor?: SupervisorFamily;
  passwdFile?: string;
  severities: Array<[string, SeveritySetting]>;
}

export interface JobOptions {
  inlineConfig: boolean;
  keepSource?: boolean;
  reportUnusedDirectives: boolean;
}

function readJob(job: ServiceJob): ServiceDir {
  return readService(job.abs, { ...(job.context ? { context: job.context } : {}), ...(job.names ? { names: job.names } : {}) });
}

function runJob(job: ServiceJob, opts: JobOptions, svc: ServiceDir): FileResult[] {
  return lintService(svc, { rules: RULES, severities: new Map(job.severities), ...(job.supervisor ? { supervisor: job.supervisor } : {}), ...(job.passwdFile ? { passwdFile: job.passwdFile } : {}), ...opts });
}

/** Services read and parsed together. */
const BATCH = 25;

/**
 * Lints a batch of jobs: reads every service, parses all their scripts back to back (see
 * preparse), then runs the rules service by service.
 */
function runBatch(jobs: readonly ServiceJob[], opts: JobOptions): FileResult[][] {
  const svcs = jobs.map(readJob);
  preparse(svcs.flatMap((svc) => svc.scripts.flatMap((f) => (f.text !== undefined ? [f.text] : []))));
  try {
    return jobs.map((job, i) => runJob(job, opts, svcs[i]!));
  } finally {
    clearPreparsed();
  }
}

/**
 * Lints jobs one after another (in-process, or inside one worker), releasing tree-sitter's
 * native memory as it goes (see memory.ts); `onDone` is called after each job.
 */
export async function runJobsInOrder(jobs: ServiceJob[], opts: JobOptions, onDone?: (index: number) => void): Promise<FileResult[][]> {
  const out: FileResult[][] = [];
  for (let start = 0; start < jobs.length; start += BATCH) {
    const batch = runBatch(jobs.slice(start, start + BATCH), opts);
    for (const r of batch) {
      out.push(r);
      onDone?.(out.length - 1);
    }
    await servicesLinted(batch.length);
  }
  return out;
}
