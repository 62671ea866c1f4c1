// `chown -R carbon:carbon` with no file fails ("missing operand", exit 1); without `set -e`
// the script carries on and the log directory stays owned by root.
import { defineRule } from "../engine/rule.js";
import { CHOWN, createdDirectories, finalOf, mayExpandToManyWords, splitOptions } from "../model/fileops.js";

export default defineRule({
  meta: {
    id: "chown-target",
    type: "problem",
    severity: "error",
    docs: { description: "Require chown and chgrp to name the files they change" },
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
        // Suggest the directory the script created last before this line, if any.
        const before = script.model.commands
          .filter((c) => c.node.startIndex < cmd.node.startIndex)
          .flatMap(createdDirectories);
        const suggestion = before.length > 0 ? before[before.length - 1]!.word.text : "/path/to/dir";
        const flagText = p.args
          .filter((a) => !operands.includes(a))
          .map((a) => a.text)
          .join(" ");
        context.report({
          node: cmd.node,
          messageId: "noTarget",
          data: { program: p.name, owner: operands[0]!.text, flags: flagText ? flagText + " " : "", suggestion },
        });
      },
    };
  },
});
