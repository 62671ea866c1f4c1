// A live service's supervision state, read through the host from the files its supervisor keeps
// (status.ts decodes them). One look can catch a healthy service in the second after a restart, so
// a service that looks failing is looked at again after the suites' restart delay: what svlint
// reports as failing was failing both times (docs/live-status.md).
import type { Host } from "../host/host.js";
import { isServiceState, serviceState, type ServiceState, type StatusResult } from "./status.js";

/** How many times to look at a service that looks failing: `twice` sleeps between the looks. */
export type Looks = "once" | "twice";

/** What the supervisor's files said, at each look. */
export interface Observed {
  /** The first look. */
  first: StatusResult;
  /** The second look, when the first looked failing and two looks were asked for. */
  second?: StatusResult;
  /** Seconds between the two looks. */
  interval?: number;
}

/** The state at the last look. */
export const lastLook = (o: Observed): StatusResult => o.second ?? o.first;

export interface Supervision {
  service: Observed;
  /** The logger's (`log/`), when the service has one. */
  log?: Observed;
}

/**
 * The suites wait a second before they start `run` again (daemontools' supervise, runsv, and s6's
 * default); a little more lets a crash-looping service show a new pid or a new stamp.
 */
export const SECOND_LOOK_MS = 1500;

/**
 * Up for less than this, a service may have just been restarted. A crash loop's runs last the
 * restart delay plus the time to fail, so svstat shows them "up … 1 seconds" too.
 */
export const JUST_STARTED_SECONDS = 2;

/**
 * Whether a state looks like a failing service: a supervisor is (or may be) running, the service
 * is wanted up (or nothing says otherwise), and it is down or was just started.
 */
export function looksFailing(s: ServiceState): boolean {
  return (
    s.supervisor !== "not running" &&
    s.wantUp !== false &&
    !s.paused &&
    (!s.up || (s.since ?? Infinity) < JUST_STARTED_SECONDS)
  );
}

const sleep = (ms: number): void => {
  if (ms > 0) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
};

/** The first look at a service and its logger (the command line takes them all before linting: lookAtSupervision). */
export interface FirstLook {
  service: StatusResult;
  log?: StatusResult;
  /** When it was taken, in Unix milliseconds. */
  at: number;
}

// The kernel's lock table is read at each look, and only for a service with a supervise directory
// (serviceState reads it then): supervisors come and go while an editor stays open.
const readState = (host: Host, dir: string): StatusResult =>
  serviceState(dir, (p, n) => host.readBytes(p, n), { fileId: (p) => host.fileId(p) });

const failing = (r: StatusResult | undefined): boolean => r !== undefined && isServiceState(r) && looksFailing(r);

/** The first look at the service in `dir`, or undefined when no supervisor has ever run it. */
export function firstLook(host: Host, dir: string, hasLog: boolean): FirstLook | undefined {
  const service = readState(host, dir);
  if (!isServiceState(service) && service.problem === "no supervise dir") return undefined;
  return { service, ...(hasLog ? { log: readState(host, `${dir}/log`) } : {}), at: Date.now() };
}

/** Whether a first look calls for a second. */
export const needsSecondLook = (f: FirstLook): boolean => failing(f.service) || failing(f.log);

/**
 * The supervision state of the service in `dir` and of its logger, or undefined when no supervisor
 * has ever run it (no `supervise` directory): a tree that is not deployed here says nothing.
 * With `looks: "twice"`, what looked failing is looked at again once SECOND_LOOK_MS have passed
 * since the first look (`earlier`, taken by the caller for many services so that they share one wait).
 */
export function supervisionOf(
  host: Host,
  dir: string,
  hasLog: boolean,
  looks: Looks,
  earlier?: FirstLook,
): Supervision | undefined {
  const first = earlier ?? firstLook(host, dir, hasLog);
  if (!first) return undefined;
  const observe = (r: StatusResult, d: string): Observed => {
    if (looks === "once" || !failing(r)) return { first: r };
    return { first: r, second: readState(host, d), interval: (Date.now() - first.at) / 1000 };
  };
  if (looks === "twice" && needsSecondLook(first)) sleep(first.at + SECOND_LOOK_MS - Date.now());
  const service = observe(first.service, dir);
  return { service, ...(first.log ? { log: observe(first.log, `${dir}/log`) } : {}) };
}
