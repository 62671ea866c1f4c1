// Where the rule documentation lives: in the package (docs/rules/<id>.md) and online.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { RuleMeta } from "./engine/rule.js";
import { version } from "./version.js";

/** Absolute path of a rule's doc page inside the installed package. */
export function docPath(id: string): string {
  return fileURLToPath(new URL(`../docs/rules/${id}.md`, import.meta.url));
}

export function readDoc(id: string): string | undefined {
  try {
    return readFileSync(docPath(id), "utf8");
  } catch {
    return undefined;
  }
}

/**
 * Public address of a rule's doc page. The package ships docs/, so a CDN that serves npm
 * packages file by file has it at a version-pinned address.
 */
export function docUrl(id: string): string {
  return `https://unpkg.com/svdir-lint@${version()}/docs/rules/${id}.md`;
}

export function homepageUrl(): string {
  return `https://unpkg.com/svdir-lint@${version()}/README.md`;
}

/**
 * The README's rule tables, made from the rules' meta (scripts/rules.mjs writes them between the
 * README's `<!-- rules:start -->` and `<!-- rules:end -->` markers; test/meta.test.ts checks them).
 */
/** The README's fix column: what a rule can correct (see "Fixing"). */
function fixColumn(m: RuleMeta): string {
  return [m.fixable === "code" ? "🔧" : m.fixable === "mode" ? "🔒" : "", m.hasSuggestions ? "💡" : ""].join("");
}

export function ruleTables(rules: readonly RuleMeta[], core: readonly RuleMeta[]): string {
  const table = (head: string, metas: readonly RuleMeta[], fixes: boolean): string =>
    [
      `| ${head} | default |${fixes ? " fix |" : ""} description |`,
      fixes ? "|---|---|---|---|" : "|---|---|---|",
      ...metas.map(
        (m) =>
          `| [${m.id}](docs/rules/${m.id}.md) | ${m.defaultOff ? `off (${m.severity})` : (m.docs.severities ?? m.severity)} |${fixes ? ` ${fixColumn(m)} |` : ""} ${m.docs.description} |`,
      ),
    ].join("\n");
  return `${table("rule", rules, true)}\n\nfix: 🔧 \`--fix\` corrects the text, 🔒 \`--fix-modes\` the mode, 💡 suggestions to choose from (JSON, SARIF, editors).\n\nBuilt into the engine:\n\n${table("check", core, false)}\n`;
}
