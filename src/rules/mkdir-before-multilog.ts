// multilog and s6-log create only the last component of their directory, as the account they
// run as (`multilog t /tmp/x/y` without /tmp/x: "unable to open directory … file does not exist",
// 111; s6-log: "unable to mkdir"). svlogd creates nothing: the directory itself must exist
// ("unable to open log directory", 111). Observed with daemontools 0.76, s6 2.11, runit 2.1.2.
import * as posix from "node:path/posix";
import { defineRule } from "../engine/rule.js";
import { loggerCall } from "../loggers.js";
import { createdDirectories, pathKey, type Creation } from "../shell/fileops.js";

export default defineRule({
  meta: {
    id: "mkdir-before-multilog",
    type: "problem",
    severity: "error",
    docs: { description: "Require the script to create the logger's directory before starting multilog, svlogd or s6-log" },
    messages: {
      asRoot:
        "{{logger}}'s directory `{{dir}}` is never created by this script. {{logger}} creates only the last component " +
        "(`{{last}}`), so it exits 111 whenever `{{parent}}` does not exist. Add `mkdir -p {{dir}}` before the exec.",
      asUser:
        "{{logger}}'s directory `{{dir}}` is never created by this script. {{logger}} runs as `{{account}}` and creates only " +
        "the last component, which it cannot do under a root-owned `{{parent}}`: it exits 111. Add " +
        "`mkdir -p {{dir}}` and `chown {{account}} {{dir}}` before the exec.",
      svlogd:
        "svlogd's directory `{{dir}}` is never created by this script, and svlogd creates no directory: it exits 111 " +
        "(\"unable to open log directory\"). Add `install -d -o {{account}} {{dir}}` before the exec.",
    },
  },
  create(context) {
    return {
      script(script) {
        const created: Creation[] = [];
        for (const cmd of script.model.commands) {
          const logger = loggerCall(cmd);
          if (logger) {
            const p = logger.program;
            const accountName = logger.account?.name ?? logger.accountText;
            for (const arg of logger.dirs) {
              if (arg.value === undefined) continue;
              const dir = pathKey(arg);
              if (!logger.createsLast) {
                // svlogd: the directory itself must exist. A relative one may be part of the tree.
                if (!arg.value.startsWith("/")) {
                  const rel = posix.normalize(posix.join(posix.dirname(script.rel), arg.value)).replace(/\/+$/, "");
                  if (context.service.entries.has(rel) || rel.startsWith("..")) continue;
                }
                const made = created.some((c) => c.key === dir || (c.parents && c.key.startsWith(dir + "/")));
                if (!made) context.report({ node: arg.node, messageId: "svlogd", data: { dir, account: accountName || "log" } });
                continue;
              }
              // A relative directory lives in the logger's own directory, which exists.
              if (!arg.value.startsWith("/")) continue;
              const parent = posix.dirname(dir);
              const made = created.some((c) => c.key === dir || c.key === parent || (c.parents && c.key.startsWith(dir + "/")));
              if (made) continue;
              context.report({
                node: arg.node,
                messageId: logger.drops ? "asUser" : "asRoot",
                data: { logger: p.name, dir, parent, last: posix.basename(dir), account: accountName },
              });
            }
          }
          created.push(...createdDirectories(cmd));
        }
      },
    };
  },
});
