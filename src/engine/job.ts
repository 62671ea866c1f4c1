// One service to lint, as plain data: what the main thread hands to a worker thread.
import { RULES } from "../rules/index.js";
import { readService, type LintContext } from "../service.js";
import type { SupervisorFamily } from "../supervisor.js";
import { RELEASE_EVERY, releaseNativeMemory } from "./memory.js";
import { lintService, type FileResult, type SeveritySetting } from "./run.js";

export interface ServiceJob {
  abs: string;
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

export function runJob(job: ServiceJob, opts: JobOptions): FileResult[] {
  const svc = readService(job.abs, job.context ? { context: job.context } : {});
  return lintService(svc, { rules: RULES, severities: new Map(job.severities), ...(job.supervisor ? { supervisor: job.supervisor } : {}), ...(job.passwdFile ? { passwdFile: job.passwdFile } : {}), ...opts });
}

/**
 * Lints jobs one after another (in-process, or inside one worker), releasing tree-sitter's
 * native memory every RELEASE_EVERY services; `onDone` is called after each job.
 */
export async function runJobsInOrder(jobs: ServiceJob[], opts: JobOptions, onDone?: (index: number) => void): Promise<FileResult[][]> {
  const out: FileResult[][] = [];
  for (let i = 0; i < jobs.length; i++) {
    out.push(runJob(jobs[i]!, opts));
    onDone?.(i);
    if ((i + 1) % RELEASE_EVERY === 0) await releaseNativeMemory();
  }
  return out;
}
