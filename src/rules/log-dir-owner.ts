// The logger writes its directory as the account it runs as. A log directory chowned to anyone
// else is not writable by it: multilog exits 111 ("unable to lock directory … access denied"),
// svlogd and s6-log fail the same way, and the service blocks once its pipe fills.
import * as posix from "node:path/posix";
import { defineRule, type SuggestionDescriptor } from "../engine/rule.js";
import { loggerCall } from "../knowledge/loggers.js";
import type { Command, Script, Word } from "../model/model.js";
import { createdDirectories, ownerChanges, pathKey, type OwnerChange } from "../model/fileops.js";

interface Change extends OwnerChange {
  cmd: Command;
}

/**
 * The owner `account` in place of `change.user`, offered, not applied: running the logger as the
 * directory's owner is the other way out. Only for a change of exactly the log directory (a
 * parent's owner covers other files) whose owner is written out, its user first.
 */
function giveTo(script: Script, change: Change, dir: string, account: string): SuggestionDescriptor[] {
  const w = change.ownerWord;
  const user = change.user!;
  if (!change.paths.every((p) => pathKey(p) === dir) || /[$`\\]/.test(w.text)) return [];
  if (!/^[A-Za-z_][\w.-]*$/.test(account)) return [];
  const skip = /^["']/.test(w.text) ? 1 : 0;
  if (!w.text.startsWith(user, skip) || !w.value?.startsWith(user)) return [];
  const start = w.node.startIndex + skip;
  const text = script.model.text;
  const cmd = change.cmd.node;
  const after = (text.slice(cmd.startIndex, start) + account + text.slice(start + user.length, cmd.endIndex))
    .replace(/\\\r?\n\s*/g, "")
    .replace(/\s+/g, " ");
  return [
    {
      desc: `Give the log directory to the logger's account: \`${after}\``,
      edits: { range: [start, start + user.length], text: account },
    },
  ];
}

export default defineRule({
  meta: {
    id: "log-dir-owner",
    type: "problem",
    severity: "error",
    docs: { description: "Require the log directory to be owned by the account the logger runs as" },
    hasSuggestions: true,
    messages: {
      notWritable:
        "The log directory `{{dir}}` is owned by uid {{uid}} (mode {{mode}}) on this machine, but {{logger}} runs as " +
        "`{{account}}` (uid {{accountUid}}): it cannot write there and exits 111, and the service blocks once its pipe " +
        "fills. Run `chown {{account}} {{path}}`, or create it so in run.",
      wrongOwner:
        "The log directory `{{dir}}` is given to `{{owner}}`, but {{logger}} runs as `{{account}}`: it cannot write there " +
        "and exits 111, and the service blocks once its pipe fills. Write `chown {{account}} {{dir}}`.",
    },
  },
  create(context) {
    /**
     * In live context, with nothing in the script giving it an owner: the directory as it is on
     * this machine, against the logger's account. Only a directory its owner bits, group bits or
     * others' bits cannot let the account write is reported (supplementary groups are not read:
     * any group write is taken as maybe enough).
     */
    const onDisk = (script: Script, logger: string, account: string, node: Word["node"], dir: string): void => {
      const ids = context.accounts()?.ids.get(account);
      if (!ids || ids.uid === 0) return;
      const abs = dir.startsWith("/") ? dir : posix.join(context.service.abs, posix.dirname(script.rel), dir);
      const st = context.surroundings.onDisk(abs);
      if (!st || st.kind !== "dir") return;
      const writable = (st.uid === ids.uid && (st.mode & 0o300) === 0o300) || (st.mode & 0o022) !== 0;
      if (writable) return;
      context.report({
        node,
        messageId: "notWritable",
        data: {
          dir: posix.normalize(dir),
          path: abs,
          uid: st.uid,
          mode: st.mode.toString(8).padStart(4, "0"),
          logger,
          account,
          accountUid: ids.uid,
        },
      });
    };
    return {
      script(script) {
        const changes: Change[] = [];
        const created = new Set<string>();
        for (const cmd of script.model.commands) {
          const logger = loggerCall(cmd);
          const account = logger?.account;
          if (logger && account) {
            const p = logger.program;
            for (const d of logger.dirs) {
              if (d.value === undefined) continue;
              const dir = pathKey(d);
              // The last change that covers the directory decides its owner.
              let decisive: Change | undefined;
              for (const c of changes) {
                if (c.paths.some((w) => pathKey(w) === dir || (c.recursive && dir.startsWith(pathKey(w) + "/"))))
                  decisive = c;
              }
              if (!decisive) {
                // A directory the script makes is the script's doing (chown-target,
                // mkdir-before-multilog judge that): what the disk holds is a past run's.
                if (!created.has(dir)) onDisk(script, p.name, account.name, d.node, dir);
                continue;
              }
              if (decisive.user === undefined || decisive.user === account.name) continue;
              const suggest = giveTo(script, decisive, dir, account.name);
              context.report({
                node: decisive.ownerWord.node,
                messageId: "wrongOwner",
                data: { dir: posix.normalize(dir), owner: decisive.user, logger: p.name, account: account.name },
                ...(suggest.length > 0 ? { suggest } : {}),
              });
            }
          }
          changes.push(...ownerChanges(cmd).map((c) => ({ ...c, cmd })));
          for (const c of createdDirectories(cmd)) created.add(c.key);
        }
      },
    };
  },
});
