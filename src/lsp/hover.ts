// Hover on a rule id inside a `# svlint disable=…` comment: the rule's description and its doc.
import { MarkupKind, type Hover, type Position } from "vscode-languageserver/node";
import type { TextDocument } from "vscode-languageserver-textdocument";
import { docUrl } from "../docs.js";
import { allRuleMetas } from "../index.js";

/** The directive's syntax as src/engine/directives.ts reads it, with the ids' place on the line. */
const DIRECTIVE = /^(\s*#\s*svlint\s+disable=)([A-Za-z0-9_,-]+)/;

export function hoverAt(doc: TextDocument, position: Position): Hover | undefined {
  const line = doc.getText({
    start: { line: position.line, character: 0 },
    end: { line: position.line + 1, character: 0 },
  });
  const m = DIRECTIVE.exec(line);
  if (!m) return undefined;
  let start = m[1]!.length;
  for (const id of m[2]!.split(",")) {
    const end = start + id.length;
    if (position.character >= start && position.character <= end && id !== "") {
      const meta = allRuleMetas().find((r) => r.id === id);
      const range = {
        start: { line: position.line, character: start },
        end: { line: position.line, character: end },
      };
      const value =
        id === "all"
          ? "**all**: every svlint rule, for the statement below (or the whole file, above the first command)."
          : meta
            ? `**${id}**: ${meta.docs.description}.\n\n[${id} documentation](${docUrl(id)})`
            : `**${id}**: not an svlint rule.`;
      return { contents: { kind: MarkupKind.Markdown, value }, range };
    }
    start = end + 1;
  }
  return undefined;
}
