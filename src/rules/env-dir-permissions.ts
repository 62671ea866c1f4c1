// Env directories hold passwords and tokens; group or others must not read them. Modes mean
// something only on a deployed tree: git keeps 0644/0755 for files and nothing for directories.
// Never reads, and so never prints, what the files hold.
import * as posix from "node:path/posix";
import { defineRule } from "../engine/rule.js";
import { childrenOf, effectiveKind, effectiveMode } from "../service.js";

/** Who can do what, from the group and other bits: "group and others can read it". */
function exposure(mode: number): string {
  const parts: string[] = [];
  if (mode & 0o044) parts.push(`${mode & 0o040 && mode & 0o004 ? "group and others" : mode & 0o040 ? "its group" : "others"} can read it`);
  if (mode & 0o022) parts.push(`${mode & 0o020 && mode & 0o002 ? "group and others" : mode & 0o020 ? "its group" : "others"} can write it`);
  if (parts.length === 0) parts.push("group or others can enter it");
  return parts.join(" and ");
}

const octal = (m: number): string => "0" + m.toString(8).padStart(3, "0");

export default defineRule({
  meta: {
    id: "env-dir-permissions",
    type: "problem",
    severity: "error",
    context: "live",
    docs: { description: "Require env directories to be private to their owner (0700) and their files 0600" },
    messages: {
      dir: "The env directory `{{dir}}` is mode {{mode}}: {{who}}. Its files hold secrets; make it private: `chmod 0700 {{dir}}`.",
      file: "`{{file}}` is mode {{mode}}: {{who}}. Env files hold secrets; make it private: `chmod 0600 {{file}}`.",
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
          if (mode & 0o077) {
            const data = { dir, mode: octal(mode), who: exposure(mode) };
            if (where.node && where.script) context.report({ node: where.node, script: where.script, messageId: "dir", data });
            else context.report({ file: "run", messageId: "dir", data });
          }
          for (const f of childrenOf(svc, dir)) {
            const name = posix.basename(f.rel);
            if (name.startsWith(".") || effectiveKind(f) !== "file") continue; // envdir skips dot files
            const fmode = effectiveMode(f) ?? 0;
            if (fmode & 0o077) context.report({ file: f.rel, messageId: "file", data: { file: f.rel, mode: octal(fmode), who: exposure(fmode) } });
          }
        }
      },
    };
  },
});
