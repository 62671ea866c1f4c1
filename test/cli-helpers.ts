// Runs the built svlint command as a user would (npm test builds before jest runs).
import { spawnSync } from "node:child_process";
import * as path from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const BIN = path.join(ROOT, "bin/svlint.js");

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function svlint(args: string[], opts: { cwd?: string; env?: Record<string, string | undefined> } = {}): RunResult {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: opts.cwd ?? ROOT,
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: undefined, ...opts.env } as NodeJS.ProcessEnv,
    timeout: 30000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
