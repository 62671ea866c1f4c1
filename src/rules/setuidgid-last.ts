// A chain-loader that needs root (envdir on a private dir, setlock, chpst -e/-u, another
// setuidgid…) placed after the program that dropped root fails with "access denied" (exit 111).
import { defineRule } from "../engine/rule.js";
import { dropsPrivileges, execChain, needsRoot, type Program } from "../shell/chainloaders.js";

function invocation(p: Program): string {
  return [p.word.text, ...p.args.map((a) => a.text)].join(" ");
}

export default defineRule({
  meta: {
    id: "setuidgid-last",
    type: "problem",
    severity: "error",
    docs: { description: "Require programs that need root to run before the privilege drop in a chain" },
    messages: {
      afterDrop:
        "`{{program}}` runs after `{{dropper}}` has dropped root, but it {{why}}; as `{{account}}` it fails. " +
        "Put it before the drop: `{{fixed}} …`.",
    },
  },
  create(context) {
    return {
      command(cmd) {
        const chain = execChain(cmd);
        let dropper: Program | undefined;
        for (const p of chain) {
          if (dropper && needsRoot(p)) {
            const account = dropper.options.get("u");
            context.report({
              node: p.word.node,
              messageId: "afterDrop",
              data: {
                program: p.name ?? p.word.text,
                dropper: dropper.name ?? dropper.word.text,
                why: p.loader?.why ?? "needs root",
                account: (account && account !== true ? account.text : dropper.operands[0]?.text) ?? "the new account",
                fixed: `${invocation(p)} ${invocation(dropper)}`,
              },
            });
          }
          if (!dropper && dropsPrivileges(p)) dropper = p;
        }
      },
    };
  },
});
