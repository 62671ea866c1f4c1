// Code actions: a finding's fix and suggestions, every safe fix of the file at once (through the
// fixer, so the same checks as `svlint --fix` apply), and a `# svlint disable=` comment above the
// statement, offered only where svlint then reads it as a directive that silences the finding.
import { diffChars } from "diff";
import { CodeActionKind, type CodeAction, type Range, type TextEdit } from "vscode-languageserver/node";
import type { TextDocument } from "vscode-languageserver-textdocument";
import type { Engine, ServiceOptions } from "../engine/engine.js";
import type { FileResult } from "../engine/lint.js";
import type { Diagnostic } from "../engine/rule.js";
import { fixService } from "../fix/fixer.js";
import type { ScriptModel } from "../model/model.js";
import { buildExeclineModel } from "../parse/execline.js";
import { parseFlat, readShebang } from "../parse/shell.js";
import { buildModelFromFlat } from "../parse/shell-model.js";
import { textEdit, toLspDiagnostic, toTextEdits, touches } from "./convert.js";
import type { Membership } from "./files.js";

export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.svlint`;
export const FIX_ALL_TITLE = "Fix all svlint problems in this file";

export interface ActionRequest {
  engine: Engine;
  doc: TextDocument;
  abs: string;
  member: Membership;
  options: ServiceOptions;
  /** The service's findings for the document's current text. */
  results: readonly FileResult[];
  /** Lays a file of the service over the disk again as the editor has it (or drops it). */
  restore(file: string): void;
  range: Range;
  /** The kinds the client asks for (`context.only`), if it narrows them. */
  only?: readonly string[];
}

/** Whether a kind is among those asked for: `source` covers `source.fixAll.svlint`. */
const wanted = (kind: string, only: readonly string[] | undefined): boolean =>
  only === undefined || only.some((o) => kind === o || kind.startsWith(o + "."));

/** The edits that turn `before` into `after`, each covering only what changed. */
export function minimalEdits(before: string, after: string, doc: TextDocument): TextEdit[] {
  const edits: TextEdit[] = [];
  let at = 0;
  let pending: { start: number; end: number; text: string } | undefined;
  const flush = (): void => {
    if (!pending) return;
    edits.push(textEdit(doc, pending.start, pending.end, pending.text));
    pending = undefined;
  };
  for (const part of diffChars(before, after)) {
    if (part.added) {
      pending ??= { start: at, end: at, text: "" };
      pending.text += part.value;
    } else if (part.removed) {
      pending ??= { start: at, end: at, text: "" };
      at += part.value.length;
      pending.end = at;
    } else {
      flush();
      at += part.value.length;
    }
  }
  flush();
  return edits;
}

export function codeActions(req: ActionRequest): CodeAction[] {
  const { doc } = req;
  const mine = req.results.find((r) => r.filePath === req.abs)?.messages ?? [];
  const here = mine.filter((d) => touches(toLspDiagnostic(d, doc).range, req.range));
  const actions: CodeAction[] = [];
  const edit = (edits: TextEdit[]) => ({ changes: { [doc.uri]: edits } });
  if (wanted(CodeActionKind.QuickFix, req.only)) {
    for (const d of here) {
      const diagnostics = [toLspDiagnostic(d, doc)];
      if (d.fix && d.fix.applicability !== "display" && d.fix.edits.length > 0) {
        const safe = d.fix.applicability === "safe";
        actions.push({
          title: `Fix this ${d.ruleId} problem${safe ? "" : " (unsafe)"}`,
          kind: CodeActionKind.QuickFix,
          diagnostics,
          ...(safe ? { isPreferred: true } : {}),
          edit: edit(toTextEdits(d.fix.edits, doc)),
        });
      }
      for (const s of d.suggestions ?? [])
        actions.push({
          title: s.desc,
          kind: CodeActionKind.QuickFix,
          diagnostics,
          edit: edit(toTextEdits(s.edits, doc)),
        });
    }
    for (const d of here) {
      const disable = disableAction(req, d);
      if (disable) actions.push(disable);
    }
  }
  // Asked for, or shown beside a finding's quick fixes; not for every move of the cursor.
  const fixAllWanted = req.only === undefined ? here.length > 0 : wanted(FIX_ALL_KIND, req.only);
  if (fixAllWanted && mine.some((d) => d.fix?.applicability === "safe")) {
    const fixed = fixAll(req);
    if (fixed !== undefined)
      actions.push({ title: FIX_ALL_TITLE, kind: FIX_ALL_KIND, edit: edit(minimalEdits(doc.getText(), fixed, doc)) });
  }
  return actions;
}

/**
 * The file's text with every safe fix the fixer keeps, or undefined when none is kept. The fixer
 * works in the engine's overlay; every file it sets is put back as the editor has it, even if it
 * throws halfway.
 */
function fixAll(req: ActionRequest): string | undefined {
  const touched = new Set<string>();
  const tracking = Object.create(req.engine) as Engine;
  tracking.setFile = (file, text) => {
    touched.add(file);
    req.engine.setFile(file, text);
  };
  try {
    return fixService(tracking, req.member.service, req.options, {}).changed.get(req.abs)?.after;
  } finally {
    for (const file of touched) req.restore(file);
  }
}

/** A finding's identity across an edit: file, rule and message, line numbers in the message set aside (as the fixer's). */
const keyOf = (file: string, d: Diagnostic): string =>
  `${file}\0${d.ruleId}\0${d.message.replace(/\bline \d+/g, "line N")}`;

function census(results: readonly FileResult[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const r of results)
    for (const d of r.messages) counts.set(keyOf(r.filePath, d), (counts.get(keyOf(r.filePath, d)) ?? 0) + 1);
  return counts;
}

/** The script's model, for where its statements start. */
function modelOf(text: string, member: Membership): ScriptModel | undefined {
  const shebang = readShebang(text);
  const oneshot = member.rel === "up" || member.rel === "down";
  if (shebang.language === "execline" || (oneshot && !shebang.present)) return buildExeclineModel(text);
  if (shebang.language === "other") return undefined;
  return buildModelFromFlat(parseFlat(text), text);
}

const lineStart = (text: string, offset: number): number => text.lastIndexOf("\n", offset - 1) + 1;

/**
 * Where a directive for `d` could go, best first: above the innermost statement that holds the
 * finding, above the finding's own line, above each statement around it. A finding about the
 * whole file (line 1, no range) takes a directive before the first command: after the #! line.
 */
function placements(text: string, d: Diagnostic, model: ScriptModel, doc: TextDocument): number[] {
  if (d.range === undefined && d.line === 1) return [text.startsWith("#!") ? text.indexOf("\n") + 1 || text.length : 0];
  const at = d.range?.[0] ?? doc.offsetAt({ line: d.line - 1, character: d.column - 1 });
  const holders = model.commands
    .map((c) => c.statement)
    .filter((s) => s.startIndex <= at && at <= s.endIndex)
    .sort((a, b) => b.startIndex - a.startIndex);
  const out = [holders[0]?.startIndex, at, ...holders.slice(1).map((s) => s.startIndex)]
    .filter((o): o is number => o !== undefined)
    .map((o) => lineStart(text, o));
  return [...new Set(out)];
}

/**
 * "Disable <rule> for this line": a `# svlint disable=<rule> -- <reason>` comment above the
 * statement, checked by linting the text with it: the finding must go and nothing else may
 * come (a comment inside a here-document or a quoted string is no comment). No action when no
 * place passes, in files that hold no comments (env files), or for findings no directive silences.
 */
function disableAction(req: ActionRequest, d: Diagnostic): CodeAction | undefined {
  if (!req.member.script || req.options.inlineConfig === false) return undefined;
  if (d.ruleId === "rule-error" || d.ruleId === "unused-disable-directive") return undefined;
  const text = req.doc.getText();
  const model = modelOf(text, req.member);
  if (!model) return undefined;
  const wholeFile = d.range === undefined && d.line === 1;
  const before = census(req.results);
  const target = keyOf(req.abs, d);
  for (const at of placements(text, d, model, req.doc)) {
    const indent = /^[ \t]*/.exec(text.slice(at))![0];
    const comment = `${indent}# svlint disable=${d.ruleId} -- <reason>\n`;
    const candidate = text.slice(0, at) + comment + text.slice(at);
    let after: FileResult[];
    req.engine.setFile(req.abs, candidate);
    try {
      after = req.engine.lintService(req.member.service, req.options);
    } finally {
      req.restore(req.abs);
    }
    const now = census(after);
    const gone = (now.get(target) ?? 0) < (before.get(target) ?? 0);
    const added = [...now].some(([k, n]) => n > (before.get(k) ?? 0));
    if (!gone || added) continue;
    const pos = req.doc.positionAt(at);
    return {
      title: `Disable ${d.ruleId} for this ${wholeFile ? "file" : "line"}`,
      kind: CodeActionKind.QuickFix,
      diagnostics: [toLspDiagnostic(d, req.doc)],
      edit: { changes: { [req.doc.uri]: [{ range: { start: pos, end: pos }, newText: comment }] } },
    };
  }
  return undefined;
}
