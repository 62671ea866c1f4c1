// SARIF 2.1.0 as GitHub code scanning wants it: the full rule catalogue (descriptions, help from
// the doc pages, tags, precision, default level), one result per finding with a location
// relative to %SRCROOT% (the working directory) and a partial fingerprint that survives line moves.
import { createHash } from "node:crypto";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import { docUrl, homepageUrl, readDoc } from "../docs.js";
import { allRuleMetas } from "../index.js";
import type { Diagnostic, RuleMeta } from "../engine/rule.js";
import { version } from "../version.js";
import type { Formatter } from "./types.js";

const LEVEL = { error: "error", warning: "warning", info: "note" } as const;
const SECURITY = new Set(["env-dir-permissions"]);

function artifactLocation(abs: string, cwd: string): { uri: string; uriBaseId?: string } {
  const rel = path.relative(cwd, abs);
  if (rel === "" || rel.startsWith("..") || path.isAbsolute(rel)) return { uri: pathToFileURL(abs).href };
  return { uri: rel.split(path.sep).map(encodeURIComponent).join("/"), uriBaseId: "%SRCROOT%" };
}

/** The doc page's "What it finds" section as plain text, for fullDescription. */
function whatItFinds(doc: string | undefined): string | undefined {
  const m = doc && /\n## What it finds\n\n([\s\S]*?)\n## /.exec(doc);
  return m ? m[1]!.trim().replace(/\s*\n\s*/g, " ") : undefined;
}

function ruleDescriptor(m: RuleMeta) {
  const doc = readDoc(m.id);
  const url = docUrl(m.id);
  return {
    id: m.id,
    name: m.id.replace(/(^|-)(\w)/g, (_s, _d, c: string) => c.toUpperCase()),
    shortDescription: { text: `${m.docs.description}.` },
    fullDescription: { text: whatItFinds(doc) ?? `${m.docs.description}.` },
    help: {
      text: `${m.docs.description}. See ${url}`,
      markdown: doc ?? `${m.docs.description}. See [${m.id}](${url}).`,
    },
    helpUri: url,
    defaultConfiguration: { level: LEVEL[m.severity] },
    properties: {
      tags: [
        "svlint",
        m.type === "problem" ? "correctness" : "maintainability",
        ...(SECURITY.has(m.id) ? ["security"] : []),
      ],
      precision: "high",
      ...(SECURITY.has(m.id) ? { "security-severity": "7.5" } : {}),
    },
  };
}

/**
 * GitHub's primaryLocationLineHash idea: a hash of the rule and the (whitespace-trimmed) text of
 * the line, plus which occurrence of that pair it is, so a finding keeps its identity when lines
 * above it move. Env files are never hashed by content.
 */
function fingerprint(ruleId: string, lineText: string, occurrence: number): string {
  return `${createHash("sha256").update(`${ruleId}\0${lineText.trim()}`).digest("hex").slice(0, 16)}:${occurrence}`;
}

/**
 * A finding's fix and suggestions as SARIF fixes: one artifactChange of the finding's file each,
 * its edits as replacements by character offset (UTF-16 code units, as the ranges count).
 */
function fixesOf(m: Diagnostic, artifact: { uri: string; uriBaseId?: string }) {
  const fixes = [
    ...(m.fix ? [{ desc: `Fix (${m.fix.applicability})`, edits: m.fix.edits }] : []),
    ...(m.suggestions ?? []),
  ];
  if (fixes.length === 0) return {};
  return {
    fixes: fixes.map((f) => ({
      description: { text: f.desc },
      artifactChanges: [
        {
          artifactLocation: artifact,
          replacements: f.edits.map((e) => ({
            deletedRegion: { charOffset: e.range[0], charLength: e.range[1] - e.range[0] },
            ...(e.text !== "" ? { insertedContent: { text: e.text } } : {}),
          })),
        },
      ],
    })),
  };
}

const format: Formatter = (report, options) => {
  const metas = allRuleMetas();
  const index = new Map(metas.map((m, i) => [m.id, i]));
  const baseline = report.suppressionsFile !== undefined;
  const results = report.results.flatMap((r) => {
    const lines = (r.output ?? r.source)?.split("\n");
    const seen = new Map<string, number>();
    const suppressed = new Set(r.suppressedMessages ?? []);
    const all =
      suppressed.size > 0
        ? [...r.messages, ...suppressed].sort((a, b) => a.line - b.line || a.column - b.column)
        : r.messages;
    return all.map((m) => {
      const lineText = lines?.[m.line - 1] ?? path.basename(r.filePath);
      const key = `${m.ruleId}\0${lineText.trim()}`;
      const occurrence = (seen.get(key) ?? 0) + 1;
      seen.set(key, occurrence);
      // A zero-width anchor (a directory-level finding at line 1) names the line only.
      const region =
        m.endLine > m.line || m.endColumn > m.column
          ? { startLine: m.line, startColumn: m.column, endLine: m.endLine, endColumn: m.endColumn }
          : { startLine: m.line };
      return {
        ruleId: m.ruleId,
        ruleIndex: index.get(m.ruleId) ?? 0,
        level: LEVEL[m.severity],
        message: { text: m.message },
        locations: [{ physicalLocation: { artifactLocation: artifactLocation(r.filePath, options.cwd), region } }],
        partialFingerprints: { primaryLocationLineHash: fingerprint(m.ruleId, lineText, occurrence) },
        ...fixesOf(m, artifactLocation(r.filePath, options.cwd)),
        // A failure's possible causes: the findings on its file that may explain it.
        ...(m.related
          ? {
              relatedLocations: m.related.map((x, id) => ({
                id,
                physicalLocation: {
                  artifactLocation: artifactLocation(r.filePath, options.cwd),
                  region: { startLine: x.line, startColumn: x.column, endLine: x.endLine, endColumn: x.endColumn },
                },
                message: { text: `${x.ruleId}: ${x.message}` },
              })),
            }
          : {}),
        // A finding the suppressions file accepts is reported as suppressed and as part of the baseline.
        ...(suppressed.has(m)
          ? {
              suppressions: [
                {
                  kind: "external",
                  status: "accepted",
                  justification: `counted in ${path.basename(report.suppressionsFile!)}`,
                },
              ],
            }
          : {}),
        ...(baseline ? { baselineState: suppressed.has(m) ? "unchanged" : "new" } : {}),
        properties: {
          certainty: m.certainty,
          ...(r.supervisor ? { supervisor: r.supervisor } : {}),
          ...(r.deployment ? { deployment: r.deployment } : {}),
        },
      };
    });
  });
  const sarif = {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: "svlint",
            semanticVersion: version(),
            informationUri: homepageUrl(),
            rules: metas.map(ruleDescriptor),
          },
        },
        originalUriBaseIds: { "%SRCROOT%": { uri: pathToFileURL(options.cwd + path.sep).href } },
        results,
      },
    ],
  };
  return JSON.stringify(sarif, null, 2) + "\n";
};

export default format;
