// Which supervision suite a service is written for, read from its files and the programs its
// scripts run. Rules use it to word their advice (multilog, svlogd or s6-log); reports carry it.
import { CHAIN_LOADERS } from "./chainloaders.js";
import { execChain } from "../model/chains.js";
import { programName } from "../model/model.js";
import type { Script } from "../model/model.js";
import type { ServiceDir } from "../service.js";

export type SupervisorFamily = "daemontools" | "runit" | "s6";
export const SUPERVISOR_FAMILIES: readonly SupervisorFamily[] = ["daemontools", "runit", "s6"];

export interface Supervisor {
  /** undefined when nothing in the service names a family (and none was forced). */
  family: SupervisorFamily | undefined;
  /** `forced` by --supervisor or the config file, else `detected`. */
  source: "forced" | "detected";
  /** What decided it, for --explain-style messages: `s6-log in log/run`. */
  evidence: string | undefined;
}

/** Files only one suite gives meaning to (s6-supervise's control files; s6-rc's `type`). */
const FILE_SIGNS: Record<string, SupervisorFamily> = {
  "notification-fd": "s6",
  "lock-fd": "s6",
  "timeout-kill": "s6",
  "timeout-finish": "s6",
  "max-death-tally": "s6",
  "down-signal": "s6",
  type: "s6",
  "producer-for": "s6",
  "consumer-for": "s6",
  // runsv's per-signal overrides; Debian's dh-runit metadata.
  control: "runit",
  ".meta": "runit",
};

/** Programs that are not chain-loaders but name their suite: loggers and control tools. */
const PROGRAM_SIGNS: Record<string, SupervisorFamily> = {
  multilog: "daemontools",
  svc: "daemontools",
  svok: "daemontools",
  svstat: "daemontools",
  svlogd: "runit",
  sv: "runit",
  runsv: "runit",
  "s6-log": "s6",
  "s6-svc": "s6",
  "s6-svok": "s6",
  "s6-svwait": "s6",
};

export function detectSupervisor(svc: ServiceDir, scripts: readonly Script[], forced?: SupervisorFamily): Supervisor {
  if (forced) return { family: forced, source: "forced", evidence: undefined };
  // Programs first (they are what the service actually runs), then files, then the language.
  for (const script of scripts) {
    for (const cmd of script.model.commands) {
      for (const p of execChain(cmd)) {
        const name = p.name ?? programName(p.word);
        if (name === undefined) continue;
        const loader = CHAIN_LOADERS[name];
        const family = loader && loader.family !== "generic" ? loader.family : PROGRAM_SIGNS[name];
        if (family) return { family, source: "detected", evidence: `\`${name}\` in ${script.rel}` };
      }
    }
  }
  for (const [file, family] of Object.entries(FILE_SIGNS)) {
    if (svc.entries.has(file)) return { family, source: "detected", evidence: `the \`${file}\` file` };
  }
  for (const script of scripts) {
    if (script.model.language === "execline")
      return { family: "s6", source: "detected", evidence: `execline in ${script.rel}` };
    // s6-overlay's with-contenv: the services run under s6-supervise.
    if (script.shebang.path?.endsWith("with-contenv"))
      return { family: "s6", source: "detected", evidence: `with-contenv in ${script.rel}` };
    if (script.shebang.interpreter === "invoke-run")
      return { family: "runit", source: "detected", evidence: `invoke-run in ${script.rel}` };
  }
  return { family: undefined, source: "detected", evidence: undefined };
}

/** How each suite starts its logger, for messages that say what to write instead. */
export const IDIOMS: Record<SupervisorFamily, { logger: string }> = {
  daemontools: { logger: "exec setuidgid log multilog t ./main" },
  runit: { logger: "exec chpst -u log svlogd -tt ./main" },
  s6: { logger: "exec s6-setuidgid log s6-log t ./main" },
};

export function idioms(s: Supervisor): (typeof IDIOMS)[SupervisorFamily] {
  return IDIOMS[s.family ?? "daemontools"];
}

/**
 * What an exit code of a service's last run says, where the suites' programs give it a meaning.
 * Sources: daemontools' and s6's chain loaders exit 111 on a temporary error (setuidgid(8),
 * envdir(8), s6-envdir(8): "exits 111 … if it cannot"), 100 on a usage or permanent error (s6's
 * and execline's convention, execline's exitcodes page); POSIX sh exits 127 for a command not
 * found and 126 for one found but not executable (XCU 2.8.2), as execline's exec does.
 */
export const EXIT_MEANINGS: Readonly<Record<number, string>> = {
  100: "a permanent error: bad usage or configuration",
  111: "a temporary error: a chain loader could not do its job, such as envdir reading a directory or setuidgid an account",
  126: "a program was found but could not be executed",
  127: "a program was not found",
};

/**
 * The directories a run script finds bare program names in when it sets no PATH of its own: the
 * union of what the suites' boot scripts give (daemontools' svscanboot and runit's /etc/runit/2:
 * /command:/usr/local/bin:/usr/local/sbin:/bin:/sbin:/usr/bin:/usr/sbin:/usr/X11R6/bin;
 * s6-overlay: /command first), and the directory Debian's execlineb puts first for its own
 * programs (/usr/lib/execline/bin, observed with execline 2.9 on Debian).
 */
export const DEFAULT_PATH: readonly string[] = [
  "/command",
  "/usr/local/bin",
  "/usr/local/sbin",
  "/bin",
  "/sbin",
  "/usr/bin",
  "/usr/sbin",
  "/usr/X11R6/bin",
  "/usr/lib/execline/bin",
];
