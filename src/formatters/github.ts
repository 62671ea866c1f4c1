// GitHub Actions workflow commands: each finding becomes an annotation on the pull request.
import { displayPath } from "./paths.js";
import type { Formatter } from "./types.js";

const LEVEL = { error: "error", warning: "warning", info: "notice" } as const;

/** Escaping from the workflow-command spec: data escapes % CR LF; properties also : and ,. */
const data = (s: string): string => s.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
const prop = (s: string): string => data(s).replace(/:/g, "%3A").replace(/,/g, "%2C");

const format: Formatter = (report, options) =>
  report.results
    .flatMap((r) =>
      r.messages.map((m) => {
        const props = [
          `file=${prop(displayPath(r.filePath, options.cwd))}`,
          `line=${m.line}`,
          `col=${m.column}`,
          `endLine=${m.endLine}`,
        ];
        if (m.endLine === m.line && m.endColumn > m.column) props.push(`endColumn=${m.endColumn}`);
        props.push(`title=${prop(m.ruleId)}`);
        return `::${LEVEL[m.severity]} ${props.join(",")}::${data(m.message)}\n`;
      }),
    )
    .join("");

export default format;
