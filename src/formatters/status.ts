// `--status` (`-f status`): one line per service and per logger, as the supervisors' own tools word
// it (up or down, pid, seconds, what it is wanted at), then the service's failure findings and the
// findings that may explain them. Read from the supervisor's files (live/status.ts), never by
// running svstat, sv or s6-svstat.
import * as path from "node:path";
import type { FileResult } from "../engine/lint.js";
import { isServiceState, type StatusResult } from "../live/status.js";
import { lastLook } from "../live/supervision.js";
import { allRuleMetas } from "../index.js";
import { displayPath } from "./paths.js";
import type { Formatter } from "./types.js";

/** The rules whose findings are failures (meta.failure), shown under the state. */
const failures = (): Set<string> =>
  new Set(
    allRuleMetas()
      .filter((m) => m.failure)
      .map((m) => m.id),
  );

function stateText(r: StatusResult): string {
  if (!isServiceState(r)) return r.message;
  const parts = [r.up ? `up (pid ${r.pid ?? "?"})` : "down"];
  if (r.since !== undefined) parts[0] += ` ${Math.floor(r.since)} seconds`;
  if (r.up && r.normallyUp === false) parts.push("normally down");
  if (!r.up && r.normallyUp === true) parts.push("normally up");
  if (r.wantUp === true && !r.up) parts.push("want up");
  if (r.wantUp === false && r.up) parts.push("want down");
  if (r.paused) parts.push("paused");
  if (r.finishing) parts.push("finishing");
  if (r.lastExit)
    parts.push("signal" in r.lastExit ? `last killed by signal ${r.lastExit.signal}` : `last exit ${r.lastExit.code}`);
  if (r.supervisor === "not running") parts.push("no supervisor running (the state is what the last one wrote)");
  return parts.join(", ");
}

const format: Formatter = (report, options) => {
  const out: string[] = [];
  const FAILURES = failures();
  const bySvc = new Map<string, FileResult[]>();
  for (const r of report.results) bySvc.set(r.service, [...(bySvc.get(r.service) ?? []), r]);
  for (const svc of report.services) {
    const results = bySvc.get(svc) ?? [];
    const run = results.find((r) => r.filePath === path.join(svc, "run"));
    const name = displayPath(svc, options.cwd);
    const sup = run?.supervision;
    if (!sup) {
      out.push(`${name}: not supervised here (no supervise directory)`);
      continue;
    }
    out.push(`${name}: ${stateText(lastLook(sup.service))}`);
    if (sup.log) out.push(`${name}/log: ${stateText(lastLook(sup.log))}`);
    for (const r of results)
      for (const m of r.messages) {
        if (!FAILURES.has(m.ruleId)) continue;
        const file = displayPath(r.filePath, options.cwd);
        out.push(`  ${m.severity}: ${m.message}`);
        for (const x of m.related ?? [])
          out.push(`    possible cause: ${file}:${x.line}:${x.column}: ${x.message} [${x.ruleId}]`);
      }
  }
  return out.join("\n") + (out.length > 0 ? "\n" : "");
};

export default format;
