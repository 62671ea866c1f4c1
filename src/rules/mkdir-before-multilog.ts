// multilog and s6-log create only the last component of their directory, as the account they
// run as (`multilog t /tmp/x/y` without /tmp/x: "unable to open directory … file does not exist",
// 111; s6-log: "unable to mkdir"). svlogd creates nothing: the directory itself must exist
// ("unable to open log directory", 111). Observed with daemontools 0.76, s6 2.11, runit 2.1.2.
//
// Claim only what the tree proves: a root logger under a parent every system has needs nothing;
// a directory made by an earlier directory of the same logger, by the oneshot's `up`, by an s6-rc
// dependency, a Dockerfile or an installer is made. What nothing in a checkout creates may still be
// created by the package: there the finding is conditional (a note worded as a condition).
import * as posix from "node:path/posix";
import { defineRule, type Edit, type RuleContext } from "../engine/rule.js";
import { creation, expands, fixFor, ownable, runBefore, SHARED_PARENTS, SYSTEM_PARENTS } from "../fix/edits.js";
import { loggerCall } from "../knowledge/loggers.js";
import { createdDirectories, pathKey, type Creation } from "../model/fileops.js";

/**
 * In a checkout, a directory nothing in the repository creates is still most often made by the
 * deployment (an install step, a boot script, an image layout): on the real-world corpus these
 * findings were true in under half of the cases, so they are notes (docs/rules/mkdir-before-multilog.md).
 */
const UNLESS_CREATED = { certainty: "conditional", severity: "info" } as const;

/** Who else may create a directory nothing in the checkout creates, by deployment kind. */
function creatorOf(context: RuleContext): string {
  switch (context.deployment.kind) {
    case "packaging":
      return "the package";
    case "container":
    case "s6-overlay-v2":
    case "s6-overlay-v3":
      return "the image";
    case "s6-rc-source":
      return "another service of the set";
    default:
      return "the package or the system";
  }
}

export default defineRule({
  meta: {
    id: "mkdir-before-multilog",
    type: "problem",
    severity: "error",
    docs: {
      severities: "error / info",
      description: "Require the script to create the logger's directory before starting multilog, svlogd or s6-log",
    },
    fixable: "code",
    messages: {
      asRoot:
        "{{logger}}'s directory `{{dir}}` is never created by this script. {{logger}} creates only the last component " +
        "(`{{last}}`), so it exits 111 whenever `{{parent}}` does not exist. Add {{fix}} before the exec.",
      asUser:
        "{{logger}}'s directory `{{dir}}` is never created by this script. {{logger}} runs as `{{account}}` and creates only " +
        "the last component (`{{last}}`): it exits 111 if `{{parent}}` does not exist or `{{account}}` cannot write to it. " +
        "Add {{fix}} before the exec.",
      asUserSystemParent:
        "{{logger}}'s directory `{{dir}}` is never created by this script. {{logger}} runs as `{{account}}` and creates only " +
        "the last component (`{{last}}`), which it cannot do in `{{parent}}`, a system directory only root may write: it " +
        "exits 111. Add {{fix}} before the exec.",
      svlogd:
        "svlogd's directory `{{dir}}` is never created by this script, and svlogd creates no directory: it exits 111 " +
        '("unable to open log directory"). Add {{fix}} before the exec.',
      asRootUnlessCreated:
        "Nothing in this repository creates `{{parent}}`, the parent of {{logger}}'s directory `{{dir}}`; unless {{creator}} " +
        "creates it, {{logger}} (which creates only the last component, `{{last}}`) exits 111. If it is not created " +
        "elsewhere, add {{fix}} before the exec.",
      asUserUnlessCreated:
        "Nothing in this repository creates {{logger}}'s directory `{{dir}}`; unless {{creator}} creates it for " +
        "`{{account}}`, {{logger}} (running as `{{account}}`, creating only the last component) exits 111 when " +
        "`{{parent}}` is missing or not writable by `{{account}}`. If it is not created elsewhere, add {{fix}} before the exec.",
      svlogdUnlessCreated:
        "Nothing in this repository creates svlogd's directory `{{dir}}`, and svlogd creates no directory; unless " +
        '{{creator}} creates it, svlogd exits 111 ("unable to open log directory"). If it is not created elsewhere, ' +
        "add {{fix}} before the exec.",
    },
  },
  create(context) {
    const live = context.where === "live";
    /** The directory is created by a file around the service (s6-rc dependency, Dockerfile, installer). */
    const createdAround = (dir: string): boolean =>
      dir.startsWith("/") && context.surroundings.dirCreatedBy(dir) !== undefined;
    /** A oneshot's `up` runs before its `down`: what `up` creates exists for `down`. */
    const upCreations = (): Creation[] => {
      const up = context.scripts.find((s) => s.rel === "up");
      return up ? up.model.commands.flatMap(createdDirectories) : [];
    };
    return {
      script(script) {
        const created: Creation[] = script.rel === "down" ? upCreations() : [];
        // What the script creates, by where it says so: execline's model lists a chain's blocks
        // after the chain, so source position (not list order) says what runs first.
        const creations = script.model.commands.flatMap((c) =>
          createdDirectories(c).map((made) => ({ at: c.node.startIndex, made })),
        );
        // One finding per missing directory per script, however many loggers name it.
        const reported = new Set<string>();
        /** How many distinct absolute directories of the script's loggers lie directly in `parent`. */
        const siblings = (parent: string): number =>
          new Set(
            script.model.commands
              .flatMap((c) => loggerCall(c)?.dirs ?? [])
              .filter((w) => w.value?.startsWith("/"))
              .map(pathKey)
              .filter((d) => posix.dirname(d) === parent),
          ).size;
        for (const cmd of script.model.commands) {
          const logger = loggerCall(cmd);
          if (logger) {
            const p = logger.program;
            const account = logger.drops
              ? (logger.account?.name ?? (logger.accountText || "the logger's account"))
              : undefined;
            /**
             * The edit that creates `dir` before this logger's command. None when the account is
             * not written out as a name (`"$LOGUSER"`, `:1000`: chown would read it otherwise), or
             * the directory is a pattern, or not the logger's own to give to it.
             */
            const fixing = (dir: string): { fix: { edits: Edit } } | Record<string, never> => {
              if (logger.drops && logger.account === undefined) return {};
              if (logger.drops ? !ownable(dir) : expands(dir)) return {};
              const execline = script.model.language === "execline";
              const edit = runBefore(script, cmd, creation(execline, dir, account, logger.createsLast));
              return edit ? { fix: { edits: edit } } : {};
            };
            /** Directories this logger has made by the time it reaches the next one (argument order). */
            const madeByLogger: string[] = [];
            const before = [
              ...created,
              ...creations.filter((c) => c.at < logger.program.word.node.startIndex).map((c) => c.made),
            ];
            for (const arg of logger.dirs) {
              if (arg.value === undefined) continue;
              const dir = pathKey(arg);
              const isMade = (k: string): boolean =>
                before.some((c) => c.key === k || (c.parents && c.key.startsWith(k + "/")));
              if (!logger.createsLast) {
                // svlogd: the directory itself must exist. A relative one may be part of the tree.
                let rel: string | undefined;
                if (!arg.value.startsWith("/")) {
                  rel = posix.normalize(posix.join(posix.dirname(script.rel), arg.value)).replace(/\/+$/, "");
                  if (context.service.entries.has(rel) || rel.startsWith("..")) continue;
                  // git keeps no empty directory: in a checkout, an installer may make `log/main`.
                  if (!live && context.surroundings.dirCreatedBy(rel) !== undefined) continue;
                }
                if (isMade(dir) || createdAround(dir) || reported.has(dir) || context.surroundings.isDirOnDisk(dir))
                  continue;
                reported.add(dir);
                const data = { dir, fix: fixFor(script, dir, account, false), creator: creatorOf(context) };
                if (live) context.report({ node: arg.node, messageId: "svlogd", data, ...fixing(dir) });
                else
                  context.report({
                    node: arg.node,
                    messageId: "svlogdUnlessCreated",
                    ...UNLESS_CREATED,
                    data,
                    ...fixing(dir),
                  });
                continue;
              }
              // A relative directory lives in the logger's own directory, which exists.
              if (!arg.value.startsWith("/")) continue;
              const parent = posix.dirname(dir);
              const earlier = madeByLogger.includes(parent);
              madeByLogger.push(dir);
              if (earlier || isMade(dir) || before.some((c) => c.key === parent)) continue;
              // As root the logger makes the last component itself, and these parents always exist;
              // /tmp and its kin let any account create entries.
              if (SHARED_PARENTS.has(parent) || (!logger.drops && SYSTEM_PARENTS.has(parent))) continue;
              if (createdAround(dir) || createdAround(parent)) continue;
              // On a live system: the directory is there, or root's logger will make it in a parent that is.
              const surroundings = context.surroundings;
              if (surroundings.isDirOnDisk(dir) || (!logger.drops && surroundings.isDirOnDisk(parent))) continue;
              // As root only the parent is missing; as another account, under a system parent, each
              // directory is.
              const key = logger.drops && SYSTEM_PARENTS.has(parent) ? dir : parent;
              if (reported.has(key)) continue;
              reported.add(key);
              // As root, create the parent and leave the last component to the logger, which makes
              // it 0700 as before; mkdir would make it by the umask (0755), readable by all. As
              // another account, the directory itself, owned by that account.
              const target = logger.drops ? dir : parent;
              // A sibling under the same parent (`/srv/app/a`, `/srv/app/b`) needs its own directory
              // too: one created directory would leave it reported anew, so no fix.
              const fix = key === parent && logger.drops && siblings(parent) > 1 ? {} : fixing(target);
              const data = {
                logger: p.name,
                dir,
                parent,
                last: posix.basename(dir),
                account: account ?? "",
                fix: fixFor(script, target, account, true),
                creator: creatorOf(context),
              };
              if (live) {
                const messageId = !logger.drops
                  ? "asRoot"
                  : SYSTEM_PARENTS.has(parent)
                    ? "asUserSystemParent"
                    : "asUser";
                context.report({ node: arg.node, messageId, data, ...fix });
              } else {
                context.report({
                  node: arg.node,
                  messageId: logger.drops ? "asUserUnlessCreated" : "asRootUnlessCreated",
                  ...UNLESS_CREATED,
                  data,
                  ...fix,
                });
              }
            }
          }
        }
      },
    };
  },
});
