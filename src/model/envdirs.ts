// Which directories of the service the scripts read as env dirs (envdir DIR, chpst -e DIR,
// s6-envdir DIR), plus the conventional `env/`. Shared by the rules about env dirs and by the
// engine, which reads facts about their files (never their values) for env-file-format.
import * as posix from "node:path/posix";
import type { Script } from "./model.js";
import { serviceRel, type ServiceDir } from "../service.js";
import { execChain } from "./chains.js";
import { type Program } from "./model.js";
import type { SourceNode } from "./model.js";

const ENV_DIR_READERS: Record<string, (p: Program) => string | undefined> = {
  envdir: (p) => p.operands[0]?.value,
  "s6-envdir": (p) => p.operands[0]?.value,
  chpst: (p) => {
    const e = p.options.get("e");
    return e && e !== true ? e.value : undefined;
  },
};

export interface EnvDirUse {
  /** Where a script names it; absent for the conventional `env/` that no script names. */
  script?: Script;
  node?: SourceNode;
  /** The program that reads it: envdir, chpst or s6-envdir. */
  reader?: string;
}

/** Env directories inside the service, by service-relative path, in the order first named. */
export function envDirsOf(svc: ServiceDir, scripts: readonly Script[]): Map<string, EnvDirUse> {
  const dirs = new Map<string, EnvDirUse>();
  for (const script of scripts) {
    for (const cmd of script.model.commands) {
      for (const p of execChain(cmd)) {
        const value = p.name ? ENV_DIR_READERS[p.name]?.(p) : undefined;
        const rel = value === undefined ? undefined : serviceRel(svc, posix.dirname(script.rel), value);
        if (rel !== undefined && !dirs.has(rel)) dirs.set(rel, { script, node: p.word.node, reader: p.name! });
      }
    }
  }
  if (!dirs.has("env")) dirs.set("env", {}); // the convention, used or not
  return dirs;
}
