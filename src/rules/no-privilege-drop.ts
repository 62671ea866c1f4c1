// A daemon that run starts as root when nothing in the chain drops privileges and the daemon does
// not drop them itself: redis-server, mongod, named without -u, haproxy without `user`. A flaw in
// it is then a flaw as root; memcached, postgres and mysqld refuse to start at all. Which daemons
// drop by themselves, which must stay root and which options or config directives name an
// account is the table in src/knowledge/privileges.ts; programs not in it are not judged.
//
// A per-user tree runs as its user, and an image whose Dockerfile ends with a non-root `USER`
// runs its supervision tree as that user: neither is reported. An account switch to root written
// out (`chpst -u root`) is a choice, not an omission.
import * as path from "node:path";
import { defineRule, type RuleContext } from "../engine/rule.js";
import { dropsPrivileges, switchesToRoot } from "../model/chains.js";
import type { Program } from "../model/model.js";
import { configTexts, serviceDaemon } from "../model/service-daemon.js";
import { accountConfigPaths, givesAccountOption, privilegeEntry, type AccountConfig } from "../knowledge/privileges.js";

/** Deployments whose processes all run as root by design (as logger-privileges reads them). */
const ALL_ROOT = new Set(["container", "s6-overlay-v2", "s6-overlay-v3", "appliance"]);

/** How each suite drops privileges before a program. */
const DROP: Record<string, string> = { daemontools: "setuidgid", runit: "chpst -u", s6: "s6-setuidgid" };

/** An image build's last `USER` line, when it names an account other than root. */
function nonRootImageUser(context: RuleContext): string | undefined {
  for (const f of context.surroundings.installers()) {
    if (!/^(Dockerfile.*|Containerfile.*|.*\.dockerfile)$/.test(path.basename(f.rel))) continue;
    const users = [...f.text.matchAll(/^[ \t]*USER[ \t]+([^\s:]+)/gim)].map((m) => m[1]!);
    const last = users[users.length - 1];
    if (last !== undefined && last !== "root" && last !== "0") return `${f.rel} (USER ${last})`;
  }
  return undefined;
}

/** What the daemon's config files say; undefined when none was found. */
function lookUpConfig(
  config: AccountConfig,
  paths: readonly string[],
  context: RuleContext,
): { verdict: "drops" | "stays" | "unknown"; file: string } | undefined {
  const found = configTexts(paths, context).map(({ text, file }) => ({ verdict: config.read(text), file }));
  if (found.length === 0) return undefined;
  // Any file that sets an account, or may: the daemon is not claimed to stay root.
  return found.find((f) => f.verdict !== "stays") ?? found[0];
}

export default defineRule({
  meta: {
    id: "no-privilege-drop",
    type: "problem",
    severity: "warning",
    defaultOff: true,
    docs: {
      severities: "warning / info",
      description: "Report daemons that run starts as root when neither the chain nor the daemon drops privileges",
    },
    messages: {
      noOption:
        "`{{program}}` runs as root: nothing in the chain drops privileges and {{program}} has no option to drop them " +
        "itself, so a flaw in it is a flaw as root. Start it as its own account: `{{fix}}` ({{manual}}).",
      withoutOption:
        "`{{program}}` runs as root: nothing in the chain drops privileges and it is started without {{options}}, " +
        "its own option for that. Write `{{fix}}` ({{manual}}).",
      refuses:
        "`{{program}}` refuses to run as root and exits: nothing in the chain drops privileges{{without}}, so the " +
        "supervisor restarts it in a loop. Write `{{fix}}` ({{manual}}).",
      refusesUnlessConfig:
        "`{{program}}` refuses to run as root unless {{directive}} (a config svlint did not read): nothing in the chain " +
        "drops privileges and it is started without {{options}}. If the config does not say so, it exits and the " +
        "supervisor restarts it in a loop: write `{{fix}}` ({{manual}}).",
      configStays:
        "`{{program}}` runs as root: nothing in the chain drops privileges and its config {{file}} does not set " +
        "{{directive}}. Set it there, or write `{{fix}}` ({{manual}}).",
      config:
        "`{{program}}` runs as root unless its config ({{paths}}, which svlint could not read here) sets " +
        "{{directive}}: nothing in the chain drops privileges. If it does not, set it or write `{{fix}}` ({{manual}}).",
    },
  },
  create(context) {
    if (context.deployment.kind === "per-user") return {};
    const drop = DROP[context.supervisor.family ?? "daemontools"]!;
    return {
      command(cmd, script) {
        const found = serviceDaemon(cmd, script, context.service);
        if (!found) return;
        const { program: p, chain } = found;
        const entry = privilegeEntry(p.name!);
        if (!entry || entry.runs !== "stays") return;
        // A drop in the chain, or root written out (`chpst -u root`, `gosu root`): a choice, not an omission.
        if (chain.some((q) => dropsPrivileges(q) || switchesToRoot(q) || chrootUserspec(q))) return;
        if (nonRootImageUser(context) !== undefined) return;
        // In an image or appliance where every process runs as root, a root daemon is one choice of
        // the whole deployment: a note, not a warning.
        const image = ALL_ROOT.has(context.deployment.kind);
        const note = image ? { severity: "info" as const } : {};
        const args = p.args.map((w) => w.value);
        const fix = (entry.fix ?? "").replaceAll("{drop}", drop);
        const data = { program: p.name!, fix, manual: entry.manual };
        const options = entry.options?.map((o) => `\`${o}\``).join(" or ") ?? "";
        if (entry.options) {
          if (givesAccountOption(args, entry.options)) return;
          // `$OPTS` may hold the option.
          if (args.includes(undefined)) return;
        }
        if (entry.unreadConfig) {
          context.report({
            node: p.word.node,
            messageId: "refusesUnlessConfig",
            certainty: "conditional",
            // Distributions' my.cnf usually names the account: a note.
            severity: "info",
            data: { ...data, directive: entry.unreadConfig, options },
          });
          return;
        }
        if (entry.refusesRoot) {
          context.report({
            node: p.word.node,
            messageId: "refuses",
            ...note,
            data: { ...data, without: entry.options ? ` and it is started without ${options}` : "" },
          });
          return;
        }
        if (entry.config) {
          const paths = accountConfigPaths(entry.config, args);
          if (paths === undefined) return;
          const directive = entry.config.directive;
          const seen = lookUpConfig(entry.config, paths, context);
          if (seen?.verdict === "drops") return;
          if (seen?.verdict === "stays") {
            context.report({
              node: p.word.node,
              messageId: "configStays",
              ...note,
              data: { ...data, file: `\`${seen.file}\``, directive },
            });
            return;
          }
          context.report({
            node: p.word.node,
            messageId: "config",
            certainty: "conditional",
            // The configs distributions ship name an account (Debian's clamd.conf `User clamav`,
            // lighttpd.conf `server.username`, haproxy.cfg `user haproxy`): a note.
            severity: "info",
            data: { ...data, paths: paths.map((x) => `\`${x}\``).join(", "), directive },
          });
          return;
        }
        context.report({
          node: p.word.node,
          messageId: entry.options ? "withoutOption" : "noOption",
          ...note,
          data: { ...data, options },
        });
      },
    };
  },
});

/** `chroot --userspec=USER:GROUP`: coreutils' chroot switches accounts too. */
function chrootUserspec(q: Program): boolean {
  return q.name === "chroot" && [...q.options.keys()].some((k) => k === "--userspec");
}
