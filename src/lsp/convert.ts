// svlint's findings in the protocol's terms: 0-based positions, numeric severities, the rule's doc
// as the code's link, and edits (offsets into the text) as text edits.
import {
  DiagnosticSeverity,
  type Diagnostic as LspDiagnostic,
  type DiagnosticRelatedInformation,
  type Range,
  type TextEdit,
} from "vscode-languageserver/node";
import type { TextDocument } from "vscode-languageserver-textdocument";
import { docUrl } from "../docs.js";
import type { Diagnostic, Edit, Severity } from "../engine/rule.js";

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
};

/**
 * Where a finding is, 0-based (svlint's lines and columns are 1-based and count UTF-16 code
 * units, as the protocol's default encoding does). A finding about a whole file or directory is
 * an empty range at the start of line 1: it is widened to its line, so editors show it at all.
 */
export function rangeOf(d: Diagnostic, doc: TextDocument): Range {
  // Offsets, where the finding has them, count lines as the editor does (a lone `\r` ends one).
  if (d.range) return { start: doc.positionAt(d.range[0]), end: doc.positionAt(d.range[1]) };
  const start = { line: d.line - 1, character: d.column - 1 };
  const end = { line: d.endLine - 1, character: d.endColumn - 1 };
  if (start.line === end.line && start.character === end.character && start.character === 0) {
    const lineText = doc.getText({ start, end: { line: start.line + 1, character: 0 } });
    end.character = lineText.replace(/\r?\n$/, "").length;
  }
  return { start, end };
}

/** A message that names another line of the same file ("comes after … on line 2") points there. */
function relatedOf(d: Diagnostic, doc: TextDocument): DiagnosticRelatedInformation[] | undefined {
  const lines = [...d.message.matchAll(/\bon line (\d+)\b/g)].map((m) => Number(m[1]) - 1);
  const places = [...new Set(lines)].filter((l) => l >= 0 && l < doc.lineCount && l !== d.line - 1);
  if (places.length === 0) return undefined;
  return places.map((line) => {
    const text = doc.getText({ start: { line, character: 0 }, end: { line: line + 1, character: 0 } });
    return {
      location: {
        uri: doc.uri,
        range: { start: { line, character: 0 }, end: { line, character: text.replace(/\r?\n$/, "").length } },
      },
      message: `line ${line + 1}, named in the finding`,
    };
  });
}

/** A finding as the protocol's diagnostic. Messages never hold an env file's value, so none is sent. */
export function toLspDiagnostic(d: Diagnostic, doc: TextDocument): LspDiagnostic {
  const related = relatedOf(d, doc);
  return {
    range: rangeOf(d, doc),
    severity: SEVERITY[d.severity],
    code: d.ruleId,
    codeDescription: { href: docUrl(d.ruleId) },
    source: "svlint",
    message: d.message,
    ...(related ? { relatedInformation: related } : {}),
  };
}

/**
 * An edit of the document's text between two offsets as a text edit. A position cannot fall
 * between the `\r` and the `\n` of a line break (the shebang rule's fix deletes that `\r`), so
 * an edge there takes in the neighbouring character, and the new text keeps it.
 */
export function textEdit(doc: TextDocument, start: number, end: number, newText: string): TextEdit {
  const text = doc.getText();
  const splits = (at: number): boolean => text[at - 1] === "\r" && text[at] === "\n";
  if (splits(start)) {
    start--;
    newText = "\r" + newText;
  }
  if (splits(end)) {
    end++;
    newText += "\n";
  }
  return { range: { start: doc.positionAt(start), end: doc.positionAt(end) }, newText };
}

/** svlint's edits (offsets into the document's text) as text edits. */
export function toTextEdits(edits: readonly Edit[], doc: TextDocument): TextEdit[] {
  return edits.map((e) => textEdit(doc, e.range[0], e.range[1], e.text));
}

/** Whether two ranges share a position (an empty range at a finding's edge touches it). */
export function touches(a: Range, b: Range): boolean {
  const before = (p: Range["start"], q: Range["start"]): boolean =>
    p.line < q.line || (p.line === q.line && p.character < q.character);
  return !before(a.end, b.start) && !before(b.end, a.start);
}
