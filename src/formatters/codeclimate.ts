// GitLab Code Quality: a JSON array of issues, the subset of the Code Climate issue format that
// GitLab reads, as documented in "Code Quality report format":
//   https://docs.gitlab.com/ci/testing/code_quality/#code-quality-report-format
//   (source: gitlab-org/gitlab, doc/ci/testing/code_quality.md; formerly the "Implement a custom
//   tool" section of https://docs.gitlab.com/ee/ci/testing/code_quality.html)
// Each issue has exactly the documented fields: `description`, `check_name`, `fingerprint`,
// `severity` and `location.path` + `location.lines.begin`. The Code Climate spec's `type: "issue"`
// and `categories` are left out: GitLab's table and example do not show them and the doc says
// Code Quality only processes the listed fields. No byte order mark (GitLab's parser rejects one).
//
// Only `messages` are reported: findings a baseline suppressed (`suppressedMessages`, when a
// result carries them) are accepted debt and never become Code Quality issues.
import { createHash } from "node:crypto";
import * as path from "node:path";
import type { FileResult } from "../engine/lint.js";
import type { LintReport } from "../index.js";
import { displayPath } from "./paths.js";
import type { FormatOptions, Formatter } from "./types.js";

/**
 * GitLab's scale is info < minor < major < critical < blocker; its doc gives the values and no
 * meanings. svlint's three levels take the lower three: an error is "major", the level linters'
 * errors usually take in these reports (GitLab merges every tool's report into one widget, so an
 * svlint error ranks with, say, an ESLint error). critical and blocker, which GitLab shows in red,
 * are left for tools that can judge impact beyond "this service misbehaves"; svlint's own gate
 * (exit 1 on errors) is what fails the pipeline.
 */
const SEVERITY = { error: "major", warning: "minor", info: "info" } as const;

export interface CodeQualityIssue {
  description: string;
  check_name: string;
  fingerprint: string;
  severity: (typeof SEVERITY)[keyof typeof SEVERITY];
  location: { path: string; lines: { begin: number } };
}

/** Relative to the working directory (the repository root in a CI job), with `/` separators. */
function repoPath(abs: string, cwd: string): string {
  return displayPath(abs, cwd).split(path.sep).join("/");
}

/** Code Climate descriptions are one line. */
const oneLine = (s: string): string => s.replace(/\s*[\r\n]+\s*/g, " ");

/**
 * A finding's identity, kept when lines above it move: the rule, the file, the message with any
 * line number in it masked (`… on line 7`), and the trimmed text of the line it is on (as SARIF's
 * primaryLocationLineHash does), plus which occurrence of all that it is in its file, so that two
 * identical findings get different fingerprints. Files without source in the result (env files,
 * whose content is never hashed, or every file when the run did not keep script text) hash their
 * name instead of a line. sha256, cut to 128 bits (the length of the doc's MD5 example): md5 is
 * unavailable when Node runs in FIPS mode.
 */
function fingerprint(parts: readonly string[]): string {
  return createHash("sha256").update(parts.join("\0")).digest("hex").slice(0, 32);
}

function issuesOf(r: FileResult, cwd: string): CodeQualityIssue[] {
  const file = repoPath(r.filePath, cwd);
  const lines = (r.output ?? r.source)?.split("\n");
  const seen = new Map<string, number>();
  // `r.messages` only: never `suppressedMessages`.
  return r.messages.map((m) => {
    const description = oneLine(m.message);
    const lineText = lines?.[m.line - 1]?.trim() ?? path.basename(r.filePath);
    const key = ["svlint", m.ruleId, file, description.replace(/\b(lines?) \d+/g, "$1 #"), lineText].join("\0");
    const occurrence = (seen.get(key) ?? 0) + 1;
    seen.set(key, occurrence);
    return {
      description,
      check_name: m.ruleId,
      fingerprint: fingerprint([key, String(occurrence)]),
      severity: SEVERITY[m.severity],
      location: { path: file, lines: { begin: Math.max(1, m.line) } },
    };
  });
}

// File by file, as json.ts does: one issue per line, and a big report is never one string.
function* pieces(report: LintReport, options: FormatOptions): Iterable<string> {
  let first = true;
  for (const r of report.results) {
    for (const issue of issuesOf(r, options.cwd)) {
      yield (first ? "[\n" : ",\n") + JSON.stringify(issue);
      first = false;
    }
  }
  yield first ? "[]\n" : "\n]\n";
}

const format: Formatter = (report, options) => [...pieces(report, options)].join("");
format.pieces = pieces;

export default format;
