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
