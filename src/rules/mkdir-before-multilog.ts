// multilog creates only the last component of its directory, as the account it runs as
// (`multilog t /tmp/x/y` without /tmp/x: "unable to open directory … file does not exist", 111).
import * as posix from "node:path/posix";
import { defineRule } from "../engine/rule.js";
import { dropsPrivileges, execChain, finalProgram } from "../shell/chainloaders.js";
import { createdDirectories, pathKey, type Creation } from "../shell/fileops.js";

export default defineRule({
  meta: {
    id: "mkdir-before-multilog",
    type: "problem",
    severity: "error",
    docs: { description: "Require the script to create multilog's log directory before starting multilog" },
    messages: {
      asRoot:
        "multilog's directory `{{dir}}` is never created by this script. multilog creates only the last component " +
        "(`{{last}}`), so it exits 111 whenever `{{parent}}` does not exist. Add `mkdir -p {{dir}}` before the exec.",
      asUser:
        "multilog's directory `{{dir}}` is never created by this script. multilog runs as `{{account}}` and creates only " +
        "the last component, which it cannot do under a root-owned `{{parent}}`: it exits 111. Add " +
        "`mkdir -p {{dir}}` and `chown {{account}} {{dir}}` before the exec.",
    },
  },
  create(context) {
    return {
      script(script) {
        const created: Creation[] = [];
        for (const cmd of script.model.commands) {
          const chain = execChain(cmd);
          const p = finalProgram(chain);
          if (p?.name === "multilog") {
            const dropper = chain.find(dropsPrivileges);
            for (const arg of p.args) {
              // A directory action starts with `/` or `.`; relative ones live in the logger's own
              // directory, which exists. Only absolute ones can lack a parent.
              if (arg.value === undefined || !arg.value.startsWith("/")) continue;
              const dir = pathKey(arg);
              const parent = posix.dirname(dir);
              const made = created.some((c) => c.key === dir || c.key === parent || (c.parents && c.key.startsWith(dir + "/")));
              if (made) continue;
              const account = dropper?.options.get("u");
              context.report({
                node: arg.node,
                messageId: dropper ? "asUser" : "asRoot",
                data: {
                  dir,
                  parent,
                  last: posix.basename(dir),
                  account: (account && account !== true ? account.text : dropper?.operands[0]?.text) ?? "",
                },
              });
            }
          }
          created.push(...createdDirectories(cmd));
        }
      },
    };
  },
});
