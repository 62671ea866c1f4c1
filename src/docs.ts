// Where the rule documentation lives: in the package (docs/rules/<id>.md) and online.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
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
