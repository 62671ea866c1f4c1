// An account that does not exist makes the privilege drop fail before the daemon starts:
// `setuidgid: fatal: unknown account x` (111), `chpst: fatal: unknown user/group: x` (111),
// `s6-envuidgid: fatal: unknown user: x`, `chown: invalid user: 'x'` (1). Live trees only: a
// checkout is linted on a machine whose accounts are not the target's.
import { defineRule } from "../engine/rule.js";
import { accountOf, execChain } from "../model/chains.js";
import { ownerChanges } from "../model/fileops.js";

const FAILURE: Record<string, string> = {
  setuidgid: "`setuidgid: fatal: unknown account …` (exit 111)",
  envuidgid: "`envuidgid: fatal: unknown account …` (exit 111)",
  chpst: "`chpst: fatal: unknown user/group: …` (exit 111)",
  "s6-setuidgid": "`s6-envuidgid: fatal: unknown user: …`",
  "s6-envuidgid": "`s6-envuidgid: fatal: unknown user: …`",
  chown: "`chown: invalid user: …` (exit 1)",
  install: "`install: invalid user …` (exit 1)",
};

export default defineRule({
  meta: {
    id: "unknown-account",
    type: "problem",
    severity: "error",
    where: "live",
    docs: {
      severities: "error / info (live only)",
      description: "Require the accounts that scripts switch to or chown to to exist in the passwd database",
    },
    messages: {
      unknown:
        "`{{account}}` is not an account in the passwd database (`{{passwd}}`): {{program}} fails with {{failure}}, so " +
        "{{consequence}}. Create it (e.g. `useradd --system --no-create-home {{account}}`) or name an existing account.",
    },
  },
  create(context) {
    return {
      command(cmd) {
        const db = context.accounts();
        if (!db) return;
        const accounts = db.names;
        // A package's template (dh-runit's /usr/share/runit/sv) is enabled when its package is
        // installed, and that package creates the account: until then the claim is conditional.
        const template =
          context.deployment.kind === "packaging" ? ({ severity: "info", certainty: "conditional" } as const) : {};
        for (const p of execChain(cmd)) {
          const a = accountOf(p);
          if (!a || accounts.has(a.name)) continue;
          context.report({
            node: a.word.node,
            messageId: "unknown",
            ...template,
            data: {
              account: a.name,
              passwd: db.file,
              program: p.name!,
              failure: FAILURE[p.name!] ?? "an error",
              consequence: "the program after it never starts and the supervisor retries every second",
            },
          });
        }
        for (const c of ownerChanges(cmd)) {
          if (c.user === undefined || /^\d+$/.test(c.user) || accounts.has(c.user)) continue;
          const program = execChain(cmd).at(-1)?.name ?? "chown";
          context.report({
            node: c.ownerWord.node,
            messageId: "unknown",
            ...template,
            data: {
              account: c.user,
              passwd: db.file,
              program,
              failure: FAILURE[program] ?? "an error",
              consequence: "the files keep their old owner",
            },
          });
        }
      },
    };
  },
});
