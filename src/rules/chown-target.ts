// `chown -R carbon:carbon` with no file fails ("missing operand", exit 1); without `set -e`
// the script carries on and the log directory stays owned by root.
import { defineRule, type Edit, type SuggestionDescriptor } from "../engine/rule.js";
import { CHOWN, createdDirectories, finalOf, mayExpandToManyWords, splitOptions } from "../model/fileops.js";
import type { Command, Program, Script } from "../model/model.js";
import { loggerCall } from "../knowledge/loggers.js";
import { ownable, quote } from "../fix/edits.js";

/** A set of files chown could be given, with what it changes in the command. */
interface Target {
  /** The files as the script's language writes them. */
  words: string[];
  /** Add `-R`: a log directory holds the logger's `current`, `state` and `lock`, which must change owner too. */
  addRecursive: boolean;
  desc: string;
}

/**
 * The files chown (with an owner and no file) was most likely meant for: the directory the
 * script made just before it, then the directories of the logger the script starts after it.
 * None when the script names no static directory. `certain` when both are one and the same
 * directory: then there is nothing to choose.
 */
function targetsFor(
  script: Script,
  cmd: Command,
  created: string | undefined,
  recursive: boolean,
): { targets: Target[]; certain: boolean } {
  const execline = script.model.language === "execline";
  const out: Target[] = [];
  const add = (dirs: string[], addRecursive: boolean, desc: string): void => {
    if (!dirs.every(ownable)) return;
    const words = dirs.map((d) => quote(d, execline));
    if (words.length > 0 && words.every((w) => w !== undefined)) out.push({ words, addRecursive, desc });
  };
  if (created !== undefined) add([created], false, "the directory made before it");
  const logger = script.model.commands
    .filter((c) => c.node.startIndex > cmd.node.startIndex)
    .map(loggerCall)
    .find((l) => l !== undefined);
  if (!logger) return { targets: out, certain: false };
  // A `cd` between the two changes what a relative directory names.
  const moved = script.model.commands.some(
    (c) =>
      c.node.startIndex > cmd.node.startIndex &&
      c.node.startIndex < logger.program.word.node.startIndex &&
      finalOf(c)?.name === "cd",
  );
  const dirs = [
    ...new Set(
      logger.dirs
        .map((w) => w.value?.replace(/(.)\/+$/, "$1"))
        .filter((v): v is string => v !== undefined && (v.startsWith("/") || !moved)),
    ),
  ];
  // Certain only when the chown gives the directory to the account the logger then runs as.
  const owner = operandOwner(cmd);
  const same =
    dirs.length === 1 &&
    dirs[0] === created &&
    logger.dirs.length === 1 &&
    owner !== undefined &&
    owner === logger.account?.name;
  if (dirs.length > 0 && !same) add(dirs, !recursive, "the log directory");
  return { targets: out, certain: same && out.length === 1 };
}

/** The account a chown gives its files to (`app` of `app:app`), when written out. */
function operandOwner(cmd: Command): string | undefined {
  const p = finalOf(cmd);
  if (!p || p.name !== "chown") return undefined;
  const owner = splitOptions(p.args, CHOWN).operands[0]?.value;
  const user = owner?.split(/[:.]/)[0];
  return user === undefined || user === "" ? undefined : user;
}

/** A target as a suggestion: ` -R` after the program, the files after its last word. */
function suggestion(script: Script, p: Program, target: Target): SuggestionDescriptor {
  const at = p.word.node.endIndex;
  const end = (p.args[p.args.length - 1] ?? p.word).node.endIndex;
  const files = " " + target.words.join(" ");
  const recursive = target.addRecursive ? " -R" : "";
  const edits: Edit[] = [{ range: [end, end], text: files }];
  if (recursive) edits.unshift({ range: [at, at], text: recursive });
  const after = p.word.text + recursive + script.model.text.slice(at, end) + files;
  return { desc: `Give ${p.name} ${target.desc}: \`${after}\``, edits };
}

export default defineRule({
  meta: {
    id: "chown-target",
    type: "problem",
    severity: "error",
    docs: { description: "Require chown and chgrp to name the files they change" },
    fixable: "code",
    hasSuggestions: true,
    messages: {
      noTarget:
        '`{{program}}` gives an owner (`{{owner}}`) but no file to change: it fails with "missing operand" and the ' +
        "script goes on with the files unchanged. Name the files: `{{program}} {{flags}}{{owner}} {{suggestion}}`.",
      nothing:
        '`{{program}}` has no owner and no file: it fails with "missing operand". Write `{{program}} OWNER FILE…`.',
    },
  },
  create(context) {
    return {
      command(cmd, script) {
        const p = finalOf(cmd);
        if (!p || (p.name !== "chown" && p.name !== "chgrp")) return;
        const { flags, operands } = splitOptions(p.args, CHOWN);
        if (operands.some(mayExpandToManyWords)) return; // `chown $ARGS`: the count is known at run time only
        const needed = flags.has("--reference") ? 1 : 2;
        if (operands.length >= needed) return;
        if (operands.length === 0) {
          context.report({ node: cmd.node, messageId: "nothing", data: { program: p.name } });
          return;
        }
        // The directory the script created last before this line, if any.
        const before = script.model.commands
          .filter((c) => c.node.startIndex < cmd.node.startIndex)
          .flatMap(createdDirectories);
        const last = before[before.length - 1];
        const recursive = flags.has("R") || flags.has("--recursive");
        const { targets, certain } = targetsFor(script, cmd, last?.word.value?.replace(/(.)\/+$/, "$1"), recursive);
        const flagText = p.args
          .filter((a) => !operands.includes(a))
          .map((a) => a.text)
          .join(" ");
        // The message advises what the first suggestion writes.
        const first = targets[0];
        const shown = last ? last.word.text : first ? first.words.join(" ") : "/path/to/dir";
        const flagsShown = (last || !first?.addRecursive ? "" : "-R ") + (flagText ? flagText + " " : "");
        context.report({
          node: cmd.node,
          messageId: "noTarget",
          data: { program: p.name, owner: operands[0]!.text, flags: flagsShown, suggestion: shown },
          // The directory made just before is the one the logger then writes to: nothing to choose.
          ...(certain ? { fix: { edits: suggestion(script, p, first!).edits } } : {}),
          ...(targets.length > 0 ? { suggest: targets.map((t) => suggestion(script, p, t)) } : {}),
        });
      },
    };
  },
});
