// @ts-check
// Part of `npm run build`: bundles the compiled CLI (dist/cli.js) and its worker into
// dist/svlint.js and dist/worker.js (plus shared and on-demand chunks). Loading ~60 ES modules
// one by one cost about 15 ms of a 0.12 s cold start; one file saves most of it. Packages with native parts or loaded only on
// demand stay outside (tree-sitter, cosmiconfig, picomatch, the language server's packages). The API (dist/index.js) is not bundled.
import { build } from "esbuild";
import * as fs from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
// Chunks are named by hash: drop the previous build's.
for (const f of fs.readdirSync(path.join(ROOT, "dist")))
  if (/^chunk-.*\.js$/.test(f)) fs.rmSync(path.join(ROOT, "dist", f));
await build({
  absWorkingDir: ROOT,
  entryPoints: { svlint: "dist/cli.js", worker: "dist/runner/worker.js" },
  outdir: "dist",
  bundle: true,
  platform: "node",
  format: "esm",
  // Formatters and other on-demand modules become chunks of their own (dist/chunk-*.js), loaded
  // with what they import (node:crypto for SARIF) only when used.
  splitting: true,
  chunkNames: "chunk-[hash]",
  target: "node18",
  // The language server's packages are CommonJS that requires Node's modules at run time: loaded
  // from node_modules by `svlint --lsp` only.
  external: [
    "tree-sitter",
    "tree-sitter-bash",
    "cosmiconfig",
    "picomatch",
    "vscode-languageserver",
    "vscode-languageserver-textdocument",
  ],
  legalComments: "none",
  logLevel: "warning",
});
