// One service to lint, as plain data: what the main thread hands to a worker thread.
import { RULES } from "../rules/index.js";
import { readService, type LintContext } from "../service.js";
import { lintService, type FileResult, type SeveritySetting } from "./run.js";

export interface ServiceJob {
  abs: string;
  context?: LintContext;
  severities: Array<[string, SeveritySetting]>;
}

export interface JobOptions {
  inlineConfig: boolean;
  reportUnusedDirectives: boolean;
}

export function runJob(job: ServiceJob, opts: JobOptions): FileResult[] {
  const svc = readService(job.abs, job.context ? { context: job.context } : {});
  return lintService(svc, { rules: RULES, severities: new Map(job.severities), ...opts });
}
