// The logger writes its directory as the account it runs as. A log directory chowned to anyone
// else is not writable by it: multilog exits 111 ("unable to lock directory … access denied"),
// svlogd and s6-log fail the same way, and the service blocks once its pipe fills.
import * as posix from "node:path/posix";
import { defineRule } from "../engine/rule.js";
import { loggerCall } from "../knowledge/loggers.js";
import { ownerChanges, pathKey, type OwnerChange } from "../model/fileops.js";

export default defineRule({
  meta: {
    id: "log-dir-owner",
    type: "problem",
    severity: "error",
    docs: { description: "Require the log directory to be owned by the account the logger runs as" },
    messages: {
      wrongOwner:
        "The log directory `{{dir}}` is given to `{{owner}}`, but {{logger}} runs as `{{account}}`: it cannot write there " +
        "and exits 111, and the service blocks once its pipe fills. Write `chown {{account}} {{dir}}`.",
    },
  },
  create(context) {
    return {
      script(script) {
        const changes: OwnerChange[] = [];
        for (const cmd of script.model.commands) {
          const logger = loggerCall(cmd);
          const account = logger?.account;
          if (logger && account) {
            const p = logger.program;
            for (const d of logger.dirs) {
              if (d.value === undefined) continue;
              const dir = pathKey(d);
              // The last change that covers the directory decides its owner.
              let decisive: OwnerChange | undefined;
              for (const c of changes) {
                if (c.paths.some((w) => pathKey(w) === dir || (c.recursive && dir.startsWith(pathKey(w) + "/"))))
                  decisive = c;
              }
              if (!decisive || decisive.user === undefined || decisive.user === account.name) continue;
              context.report({
                node: decisive.ownerWord.node,
                messageId: "wrongOwner",
                data: { dir: posix.normalize(dir), owner: decisive.user, logger: p.name, account: account.name },
              });
            }
          }
          changes.push(...ownerChanges(cmd));
        }
      },
    };
  },
});
