// Env directories hold passwords and tokens; group or others must not read them. Modes mean
// something only on a deployed tree: git keeps 0644/0755 for files and nothing for directories.
// Never reads, and so never prints, what the files hold.
import * as posix from "node:path/posix";
import { defineRule } from "../engine/rule.js";
import { isSecretName } from "../knowledge/secrets.js";
import { childrenOf, effectiveKind, effectiveMode } from "../service.js";

/** Who can do what, from the group and other bits: "group and others can read it". */
function exposure(mode: number): string {
  const parts: string[] = [];
  if (mode & 0o044)
    parts.push(
      `${mode & 0o040 && mode & 0o004 ? "group and others" : mode & 0o040 ? "its group" : "others"} can read it`,
    );
  if (mode & 0o022)
    parts.push(
      `${mode & 0o020 && mode & 0o002 ? "group and others" : mode & 0o020 ? "its group" : "others"} can write it`,
    );
  if (parts.length === 0) parts.push("group or others can enter it");
  return parts.join(" and ");
}

const octal = (m: number): string => "0" + m.toString(8).padStart(3, "0");

export default defineRule({
  meta: {
    id: "env-dir-permissions",
    type: "problem",
    severity: "error",
    where: "live",
    docs: {
      severities: "error (live only)",
      description: "Require env directories to be private to their owner (0700) and their files 0600",
    },
    messages: {
      dir: "The env directory `{{dir}}` is mode {{mode}}: {{who}}. It holds {{secrets}}; make it private: `chmod 0700 {{dir}}`.",
      file: "`{{file}}` is mode {{mode}}: {{who}}. {{why}}: `chmod 0600 {{file}}`.",
    },
  },
  create(context) {
    return {
      service(svc) {
        const dirs = context.envDirs();
        for (const [dir, where] of dirs) {
          const entry = svc.entries.get(dir);
          if (effectiveKind(entry) !== "dir") continue;
          const mode = effectiveMode(entry) ?? 0;
          // envdir skips dot files.
          const files = childrenOf(svc, dir).filter(
            (f) => !posix.basename(f.rel).startsWith(".") && effectiveKind(f) === "file",
          );
          // Reading matters for secrets only (djbdns' env/IP is no secret); writing always: whoever
          // writes an env file sets the daemon's environment.
          const secrets = files
            .filter((f) => isSecretName(posix.basename(f.rel)))
            .map((f) => `\`${posix.basename(f.rel)}\``);
          if (mode & 0o022 || (mode & 0o077 && secrets.length > 0)) {
            const data = {
              dir,
              mode: octal(mode),
              who: exposure(mode),
              secrets: secrets.length > 0 ? `secrets (${secrets.slice(0, 3).join(", ")})` : "the daemon's environment",
            };
            if (where.node && where.script)
              context.report({ node: where.node, script: where.script, messageId: "dir", data });
            else context.report({ file: "run", messageId: "dir", data });
          }
          for (const f of files) {
            const fmode = effectiveMode(f) ?? 0;
            const secret = isSecretName(posix.basename(f.rel));
            if (!(fmode & 0o022 || (fmode & 0o077 && secret))) continue;
            const why =
              fmode & 0o022
                ? "Whoever can write it sets the daemon's environment; make it private"
                : "Its name says it holds a secret; make it private";
            context.report({
              file: f.rel,
              messageId: "file",
              data: { file: f.rel, mode: octal(fmode), who: exposure(fmode), why },
            });
          }
        }
      },
    };
  },
});
