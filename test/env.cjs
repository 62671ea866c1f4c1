// jest test environment: plain Node, plus the tree-sitter binding loaded once per worker with
// Node's own require, so that jest's per-file module registry never evaluates its JS wrapper a
// second time (the wrapper patches shared native prototypes; see src/shell/parse.ts).
const { TestEnvironment } = require("jest-environment-node");
const Parser = require("tree-sitter");
const Bash = require("tree-sitter-bash");

class SvlintEnvironment extends TestEnvironment {
  constructor(config, context) {
    super(config, context);
    this.global[Symbol.for("svlint.tree-sitter-binding")] = { Parser, Bash };
  }
}

module.exports = SvlintEnvironment;
