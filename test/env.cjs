// jest test environment: plain Node, plus the tree-sitter binding loaded once per worker with
// Node's own require, so that jest's per-file module registry never evaluates its JS wrapper a
// second time (the wrapper patches shared native prototypes; see src/parse/shell.ts).
const { TestEnvironment } = require("jest-environment-node");
const Parser = require("tree-sitter");
const Bash = require("tree-sitter-bash");
const path = require("node:path");
// The native parser addon likewise, once per jest worker (absent if it was not built: the tests
// then fail on parserBackend(), by design, rather than quietly test only the fallback).
let Native;
try {
  Native = require(path.join(__dirname, "../native/build/Release/svlint_parser.node"));
} catch {
  Native = undefined;
}

class SvlintEnvironment extends TestEnvironment {
  constructor(config, context) {
    super(config, context);
    this.global[Symbol.for("svlint.tree-sitter-binding")] = { Parser, Bash };
    if (Native) this.global[Symbol.for("svlint.native-parser")] = Native;
  }
}

module.exports = SvlintEnvironment;
