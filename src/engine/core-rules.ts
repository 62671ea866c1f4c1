// Diagnostics the engine itself reports (they need no listener), described like rules so that
// every output format and the docs can name them.
import type { RuleMeta } from "./rule.js";

export const PARSE_ERROR: RuleMeta = {
  id: "parse-error",
  type: "problem",
  severity: "error",
  docs: { severities: "error / info", description: "Report shell or execline syntax the parser cannot read" },
  messages: {},
};

export const NOT_SHELL: RuleMeta = {
  id: "not-shell",
  type: "suggestion",
  severity: "info",
  docs: { description: "Note scripts whose #! names another language, so their commands were not checked" },
  messages: {
    other:
      "The #! line names `{{interpreter}}`, not a shell: the commands in this script were not checked (directory rules still apply).",
  },
};

export const UNREADABLE_FILE: RuleMeta = {
  id: "unreadable-file",
  type: "problem",
  severity: "error",
  docs: {
    severities: "error / info",
    description: "Report scripts that cannot be read as text: too large, binary, not a regular file, or unreadable",
  },
  messages: {
    "too-large":
      "This script is {{size}} bytes, over svlint's limit of {{limit}} bytes for a run script; it was not read.",
    binary: "This script holds NUL bytes: it is binary, not a shell script, and was not read.",
    unreadable: "This script cannot be read ({{detail}}).",
    "not-a-file":
      "`{{file}}` is a {{detail}}, not a regular file: the supervisor cannot execute it. It was not opened.",
    "dir-unreadable": "The directory `{{file}}` cannot be listed ({{detail}}); its contents were not checked.",
    outside:
      "`{{file}}` is a link out of the repository (to `{{detail}}`): it resolves once installed, and is not checked in a checkout.",
    "dir-truncated": "The directory `{{file}}` holds more entries than svlint reads; {{count}} were not checked.",
  },
};

export const RULE_ERROR: RuleMeta = {
  id: "rule-error",
  type: "problem",
  severity: "error",
  docs: { description: "Report a rule that failed with an internal error (a bug in svlint)" },
  messages: {
    crashed: "Rule `{{rule}}` failed on this file: {{error}}. This is a bug in svlint; the other rules still ran.",
  },
};

export const UNUSED_DISABLE: RuleMeta = {
  id: "unused-disable-directive",
  type: "suggestion",
  severity: "warning",
  docs: {
    severities: "warning (opt-in)",
    description: "Report svlint disable directives that suppress nothing (with --report-unused-disable-directives)",
  },
  messages: {
    unused: "This `svlint disable={{rules}}` directive suppresses nothing here: remove it, or fix the rule ids.",
  },
};

export const CORE_RULES: readonly RuleMeta[] = [NOT_SHELL, PARSE_ERROR, RULE_ERROR, UNREADABLE_FILE, UNUSED_DISABLE];
