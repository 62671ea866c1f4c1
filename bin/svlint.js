#!/usr/bin/env node
// @ts-check
// dist/svlint.js is the CLI bundled into one file by `npm run build` (see scripts/bundle.mjs).
import { main } from "../dist/svlint.js";

process.exitCode = await main(process.argv.slice(2));
