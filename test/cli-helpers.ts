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

/** The fixtures' accounts (see TEST_PASSWD); `passwd: null` leaves svlint on /etc/passwd. */
const TEST_PASSWD = path.join(ROOT, "test/accounts.passwd");

export function svlint(
  args: string[],
  opts: { cwd?: string; env?: Record<string, string | undefined>; passwd?: string | null } = {},
): RunResult {
  const passwd =
    opts.passwd === undefined ? ["--passwd", TEST_PASSWD] : opts.passwd === null ? [] : ["--passwd", opts.passwd];
  const r = spawnSync(process.execPath, [BIN, ...passwd, ...args], {
    cwd: opts.cwd ?? ROOT,
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: undefined, ...opts.env } as NodeJS.ProcessEnv,
    timeout: 30000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
