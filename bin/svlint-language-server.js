#!/usr/bin/env node
// @ts-check
// The language server for editors: `svlint --lsp` under the name editors' configs expect.
import { main } from "../dist/svlint.js";

process.exitCode = await main(["--lsp", ...process.argv.slice(2)]);
