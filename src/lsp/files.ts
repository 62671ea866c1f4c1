// Which open files the language server lints, and as part of which service: the files a
// supervisor reads (run, finish, check, log/run, up, down, type, notification-fd…) and the files
// of the service's subdirectories (an env dir's). Read through the engine's host, so a buffer
// not saved yet (a new run) counts.
import * as path from "node:path";
import type { Host } from "../host/host.js";
import { CONTROL_FILES, readS6rc, S6RC_ONESHOT_SCRIPTS, SCRIPT_NAMES } from "../service.js";

export interface Membership {
  /** The service directory. */
  service: string;
  /** The file, relative to the service, with `/`. */
  rel: string;
  /** A script the supervisor runs: one where a `# svlint disable=` comment can go. */
  script: boolean;
}

/** Files of a service directory (and of its log/) that are not scripts. */
const SERVICE_FILES: ReadonlySet<string> = new Set(CONTROL_FILES);
/** Subdirectories that are the supervisor's state, not the author's files. */
const STATE_DIRS = new Set(["supervise", "event"]);

const hasRun = (host: Host, dir: string): boolean => {
  const st = host.lstat(path.join(dir, "run"));
  return st !== undefined && st.kind !== "dir";
};
const isService = (host: Host, dir: string): boolean => hasRun(host, dir) || readS6rc(host, dir) !== undefined;

/** Whether a service-relative path names a file svlint reads, directly or as an env dir's file. */
function belongs(rel: string): boolean {
  const parts = rel.split("/");
  const inLog = parts[0] === "log" && parts.length > 1;
  const own = inLog ? parts.slice(1) : parts;
  if (own.length === 1) return (SCRIPT_NAMES as readonly string[]).includes(rel) || SERVICE_FILES.has(own[0]!);
  // One level down: an env dir's files (`env/PORT`, `log/env/X`), a logger's `main/config`.
  return own.length <= 2 && !STATE_DIRS.has(own[0]!) && !own[0]!.startsWith(".");
}

/**
 * The service a file belongs to: the nearest directory above it (three levels at most) with a
 * `run` or an s6-rc `type`; a service's `log/` is its logger, not a service of its own. A file
 * named `run` makes its directory a service, on disk or not.
 */
export function membershipOf(host: Host, abs: string): Membership | undefined {
  let dir = path.dirname(abs);
  for (let i = 0; i < 3; i++) {
    if (isService(host, dir) || (i === 0 && path.basename(abs) === "run")) {
      const parent = path.dirname(dir);
      const service = path.basename(dir) === "log" && isService(host, parent) ? parent : dir;
      const rel = path.relative(service, abs).split(path.sep).join("/");
      if (!belongs(rel)) return undefined;
      const oneshot = (S6RC_ONESHOT_SCRIPTS as readonly string[]).includes(rel)
        ? readS6rc(host, service)?.type === "oneshot"
        : false;
      return { service, rel, script: (SCRIPT_NAMES as readonly string[]).includes(rel) || oneshot };
    }
    const up = path.dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  return undefined;
}
