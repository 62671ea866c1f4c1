// SARIF 2.1.0: one run, the rule catalogue in tool.driver.rules, one result per diagnostic with
// a location relative to %SRCROOT% (the working directory) when the file lies under it.
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import { allRuleMetas } from "../index.js";
import { version } from "../version.js";
import type { Formatter } from "./index.js";

const LEVEL = { error: "error", warning: "warning", info: "note" } as const;

function artifactLocation(abs: string, cwd: string): { uri: string; uriBaseId?: string } {
  const rel = path.relative(cwd, abs);
  if (rel === "" || rel.startsWith("..") || path.isAbsolute(rel)) return { uri: pathToFileURL(abs).href };
  return { uri: rel.split(path.sep).map(encodeURIComponent).join("/"), uriBaseId: "%SRCROOT%" };
}

const format: Formatter = (report, options) => {
  const metas = allRuleMetas();
  const index = new Map(metas.map((m, i) => [m.id, i]));
  const results = report.results.flatMap((r) =>
    r.messages.map((m) => ({
      ruleId: m.ruleId,
      ruleIndex: index.get(m.ruleId) ?? -1,
      level: LEVEL[m.severity],
      message: { text: m.message },
      locations: [
        {
          physicalLocation: {
            artifactLocation: artifactLocation(r.filePath, options.cwd),
            region: { startLine: m.line, startColumn: m.column, endLine: m.endLine, endColumn: m.endColumn },
          },
        },
      ],
    })),
  );
  const sarif = {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: "svlint",
            semanticVersion: version(),
            rules: metas.map((m) => ({
              id: m.id,
              shortDescription: { text: m.docs.description },
              defaultConfiguration: { level: LEVEL[m.severity] },
            })),
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
