// The programs run's final command execs must exist on the machine: a missing one makes each start
// fail (exit 127, or 111 from a chain loader that cannot exec its child) and the supervisor
// restarts the service every second, quietly. Only in a deployed tree (live context), where the
// disk is the system the service runs on; facts from the host (surroundings.onDisk).
import { defineRule } from "../engine/rule.js";
import { DEFAULT_PATH } from "../knowledge/supervisors.js";
import { execChain } from "../model/chains.js";
import { startsService } from "../model/service-daemon.js";
import type { Program } from "../model/model.js";
import { serviceRel, type ServiceDir } from "../service.js";

/** A script that sets its own PATH (or an env dir that may) is not judged on bare names. */
const SETS_PATH = /\bPATH\b/;

/**
 * Whether a chain loader may set PATH for what follows: it reads an env dir other than one of the
 * service's own without a PATH file (`envdir ./env`, `chpst -e ./env`, `s6-envdir ./env`), or
 * reads a file of variables (`env -S`, `s6-envuidgid` sets only UID/GID and is not one).
 */
function mayGivePath(p: Program, svc: ServiceDir): boolean {
  const dir = p.name === "chpst" ? p.options.get("e") : ENV_READERS.has(p.name ?? "") ? p.operands[0] : undefined;
  if (p.name === "chpst" && dir === undefined) return false;
  if (!ENV_READERS.has(p.name ?? "") && p.name !== "chpst") return false;
  const value = dir === undefined || dir === true ? undefined : dir.value;
  const rel = value === undefined ? undefined : serviceRel(svc, ".", value);
  return rel === undefined || svc.entries.has(`${rel}/PATH`) || !svc.entries.has(rel);
}
const ENV_READERS = new Set(["envdir", "s6-envdir"]);

export default defineRule({
  meta: {
    id: "missing-program",
    type: "problem",
    severity: "error",
    where: "live",
    docs: {
      description: "Require the programs run execs to exist and be executable on the machine",
      severities: "error / warning (a bare name)",
    },
    messages: {
      missing:
        "`{{program}}` does not exist on this machine, so every start of the service fails and the supervisor " +
        "restarts it every second. Install it, or correct the path.",
      notExecutable:
        "`{{program}}` is not executable (mode {{mode}}), so every start of the service fails and the " +
        "supervisor restarts it every second. Run `chmod +x {{program}}`, or correct the path.",
      notAFile: "`{{program}}` is a {{kind}}, not a program, so every start of the service fails. Correct the path.",
      notInPath:
        "`{{program}}` is in none of the directories a supervisor's PATH holds ({{dirs}}), and the script sets no PATH: " +
        "every start fails with exit 127 unless its supervisor's PATH has another directory. Give its absolute path.",
    },
  },
  create(context) {
    const svc = context.service;
    // Only a tree a supervisor runs here is deployed here: what the disk lacks, the service lacks.
    // Others (runit-services' templates in /usr/share/runit/sv, a service not linked into a scan
    // dir) name daemons that are installed only when the service is enabled.
    if (svc.supervision === undefined) return {};
    return {
      command(cmd, script) {
        if (!startsService(cmd, script)) return;
        if (script.model.language === "shell" && cmd.name?.value !== "exec") return;
        const chain = execChain(cmd);
        const bareNamesJudged = !SETS_PATH.test(script.model.text) && chain.every((p) => !mayGivePath(p, svc));
        for (const p of chain) {
          const name = p.word.value;
          if (name === undefined || name === "" || /[$`*?[]/.test(name)) return;
          if (!name.includes("/")) {
            if (!bareNamesJudged) continue;
            const dirs =
              script.model.language === "execline" ? DEFAULT_PATH : DEFAULT_PATH.filter((d) => !d.includes("execline"));
            const found = dirs.map((d) => context.surroundings.onDisk(`${d}/${name}`));
            if (found.some((f) => f === undefined)) return;
            if (found.every((f) => f === null))
              context.report({
                node: p.word.node,
                messageId: "notInPath",
                severity: "warning",
                certainty: "conditional",
                data: { program: name, dirs: dirs.join(":") },
              });
            continue;
          }
          const abs = name.startsWith("/") ? name : `${svc.abs}/${name}`;
          const info = context.surroundings.onDisk(abs);
          if (info === undefined) return;
          if (info === null) context.report({ node: p.word.node, messageId: "missing", data: { program: name } });
          else if (info.kind !== "file")
            context.report({
              node: p.word.node,
              messageId: "notAFile",
              data: { program: name, kind: info.kind },
            });
          else if ((info.mode & 0o111) === 0)
            context.report({
              node: p.word.node,
              messageId: "notExecutable",
              data: { program: name, mode: info.mode.toString(8).padStart(4, "0") },
            });
        }
      },
    };
  },
});
