// A deployed service that its supervisor keeps restarting, or that is down although it is wanted
// up, fails now: the supervisor's own files say so (live/status.ts decodes them, never by running
// svstat, sv or s6-svstat). The static findings on the same script that may explain it are linked
// to it by the engine (meta.failure).
import { defineRule } from "../engine/rule.js";
import { EXIT_MEANINGS } from "../knowledge/supervisors.js";
import { looksFailing, type Observed } from "../live/supervision.js";
import { isServiceState, type ServiceState } from "../live/status.js";

/** A single look at a service down this long while wanted up is not the second between restarts. */
const STUCK_SECONDS = 3;
/** s6's death tally: deaths this recent, this many, are a crash loop even at one look. */
const RECENT_DEATHS = { seconds: 10, count: 3 };

const wanted = (s: ServiceState): boolean => s.wantUp ?? (s.suite === "runit" && s.normallyUp === true);

const seconds = (n: number | undefined): string =>
  n === undefined ? "" : n < 1 ? "for under a second" : `for ${Math.floor(n)} s`;

/** The last exit as words, for s6, which records it. */
function lastExit(s: ServiceState): string {
  if (!s.lastExit) return "";
  if ("signal" in s.lastExit) return `; its last run was killed by signal ${s.lastExit.signal}`;
  const meaning = EXIT_MEANINGS[s.lastExit.code];
  return `; its last run exited ${s.lastExit.code}${meaning ? ` (${meaning})` : ""}`;
}

type Verdict = { kind: "restarting"; evidence: string } | { kind: "stuck"; evidence: string } | undefined;

/** Whether what svlint saw proves the service failing, and how. */
function judge(o: Observed): Verdict {
  const a = o.first;
  if (!isServiceState(a) || !wanted(a) || a.supervisor === "not running" || a.paused) return undefined;
  const recent = (a.deaths ?? []).filter((d) => d.ago !== undefined && d.ago < RECENT_DEATHS.seconds);
  if (recent.length >= RECENT_DEATHS.count && (!a.up || (a.since ?? Infinity) < RECENT_DEATHS.seconds))
    return {
      kind: "restarting",
      evidence: `it died ${recent.length} times in the last ${RECENT_DEATHS.seconds} s${lastExit(a)}`,
    };
  const b = o.second;
  if (b === undefined) {
    // One look (an editor): only a service down for longer than a restart takes.
    if (!a.up && (a.since ?? 0) >= STUCK_SECONDS)
      return { kind: "stuck", evidence: `it has been down ${seconds(a.since)}${lastExit(a)}` };
    return undefined;
  }
  if (!isServiceState(b) || !looksFailing(b) || !wanted(b)) return undefined;
  const changed =
    (a.pid !== undefined && b.pid !== undefined && a.pid !== b.pid) ||
    a.up !== b.up ||
    (a.since !== undefined && b.since !== undefined && b.since + 0.5 < a.since + (o.interval ?? 0));
  const seen = (s: ServiceState): string => (s.up ? `up ${seconds(s.since)} (pid ${s.pid})` : "down");
  if (changed)
    return {
      kind: "restarting",
      evidence: `looked at twice, ${(o.interval ?? 0).toFixed(1)} s apart, it was ${seen(a)}, then ${seen(b)}${lastExit(b)}`,
    };
  if (!b.up) return { kind: "stuck", evidence: `it has been down ${seconds(b.since)}${lastExit(b)}` };
  return undefined;
}

export default defineRule({
  meta: {
    id: "service-failing",
    type: "problem",
    severity: "error",
    where: "live",
    // The findings that can make a service or its logger fail to start or keep restarting.
    failure: {
      causes: [
        "missing-program",
        "run-executable",
        "shebang",
        "parse-error",
        "unreadable-file",
        "setuidgid-last",
        "unknown-account",
        "foreground-daemon",
        "debug-mode",
        "log-run-present",
        "mkdir-before-multilog",
        "log-dir-owner",
        "chown-target",
        "multilog-script",
        "s6-log-script",
        "svlogd-config",
      ],
    },
    docs: {
      description:
        "Report a deployed service or logger that its supervisor keeps restarting or that is down although wanted up",
    },
    messages: {
      restarting:
        "The {{what}} fails now: its supervisor keeps restarting it ({{evidence}}). The findings below may say why; " +
        "otherwise its log or the supervisor's stderr does.",
      stuck:
        "The {{what}} is down although its supervisor is told to keep it up ({{evidence}}). The findings below may say " +
        "why; otherwise its log or the supervisor's stderr does.",
      loggerDown:
        "The logger is down while the service is up ({{evidence}}): nothing reads the pipe, and once it fills (64 KiB) the " +
        "daemon blocks on its next write.",
    },
  },
  create(context) {
    return {
      service(svc) {
        const sup = svc.supervision;
        if (!sup) return;
        const service = judge(sup.service);
        if (service)
          context.report({
            file: "run",
            messageId: service.kind,
            data: { what: "service", evidence: service.evidence },
          });
        if (!sup.log) return;
        const log = judge(sup.log);
        if (!log) return;
        const up = isServiceState(sup.service.first) && sup.service.first.up && !service;
        const file = svc.scripts.some((s) => s.rel === "log/run") ? "log/run" : "run";
        if (log.kind === "stuck" && up)
          context.report({ file, messageId: "loggerDown", data: { evidence: log.evidence } });
        else context.report({ file, messageId: log.kind, data: { what: "logger", evidence: log.evidence } });
      },
    };
  },
});
