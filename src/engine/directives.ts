// Inline suppressions, after ShellCheck: `# svlint disable=rule-a,rule-b -- reason` on a line of
// its own applies to the next statement; placed before the first command, to the whole file.
import type { ScriptModel, SourceNode } from "../model/model.js";
import type { Diagnostic } from "./rule.js";

export interface Directive {
  node: SourceNode;
  /** Rule ids, or "all". */
  rules: ReadonlySet<string> | "all";
  wholeFile: boolean;
  /** 1-based line range it covers when not whole-file; empty (0..-1) when nothing follows it. */
  startLine: number;
  endLine: number;
  used: boolean;
}

const DIRECTIVE = /^#\s*svlint\s+disable=([A-Za-z0-9_,-]+)\s*(?:--.*)?$/;

function onItsOwnLine(model: ScriptModel, node: SourceNode): boolean {
  const lineStart = model.text.lastIndexOf("\n", node.startIndex - 1) + 1;
  return model.text.slice(lineStart, node.startIndex).trim() === "";
}

export function parseDirectives(model: ScriptModel): Directive[] {
  const firstCommand = model.commands[0]?.node.startIndex ?? Infinity;
  const out: Directive[] = [];
  for (const { node, next } of model.comments) {
    const m = DIRECTIVE.exec(node.text.trim());
    if (!m || !onItsOwnLine(model, node)) continue;
    const ids = m[1]!.split(",").filter(Boolean);
    const rules = ids.includes("all") ? "all" : new Set(ids);
    if (node.startIndex < firstCommand) {
      out.push({ node, rules, wholeFile: true, startLine: 1, endLine: Infinity, used: false });
      continue;
    }
    out.push({
      node,
      rules,
      wholeFile: false,
      startLine: next ? next.startPosition.row + 1 : 0,
      endLine: next ? next.endPosition.row + 1 : -1,
      used: false,
    });
  }
  return out;
}

/** Drops the diagnostics a directive covers (rule-error is never suppressed) and marks directives used. */
export function applyDirectives(messages: Diagnostic[], directives: Directive[]): Diagnostic[] {
  if (directives.length === 0) return messages;
  return messages.filter((d) => {
    if (d.ruleId === "rule-error") return true;
    let suppressed = false;
    for (const dir of directives) {
      const covers = dir.wholeFile || (d.line >= dir.startLine && d.line <= dir.endLine);
      if (covers && (dir.rules === "all" || dir.rules.has(d.ruleId))) {
        dir.used = true;
        suppressed = true;
      }
    }
    return !suppressed;
  });
}
