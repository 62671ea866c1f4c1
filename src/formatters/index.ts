// Formatters are loaded on demand: the JSON path never pays for chalk, stylish never for SARIF.

export type { FormatOptions, Formatter } from "./types.js";
import type { Formatter } from "./types.js";

export const FORMATS = ["stylish", "json", "sarif", "codeclimate", "gcc", "github", "diff", "status"] as const;
export type FormatName = (typeof FORMATS)[number];

export async function loadFormatter(name: FormatName): Promise<Formatter> {
  switch (name) {
    case "stylish":
      return (await import("./stylish.js")).default;
    case "json":
      return (await import("./json.js")).default;
    case "sarif":
      return (await import("./sarif.js")).default;
    case "codeclimate":
      return (await import("./codeclimate.js")).default;
    case "gcc":
      return (await import("./gcc.js")).default;
    case "github":
      return (await import("./github.js")).default;
    case "diff":
      return (await import("./diff.js")).default;
    case "status":
      return (await import("./status.js")).default;
  }
}
