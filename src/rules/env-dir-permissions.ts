// Env directories hold passwords and tokens; group or others must not read them. Modes mean
// something only on a deployed tree: git keeps 0644/0755 for files and nothing for directories.
// Never reads, and so never prints, what the files hold.
import * as posix from "node:path/posix";
import { defineRule, type ShellScript } from "../engine/rule.js";
import { childrenOf, effectiveKind, effectiveMode, type ServiceDir } from "../service.js";
import { execChain } from "../shell/chainloaders.js";
import type { SourceNode } from "../shell/model.js";

/** The env directory a program of the chain reads, as a word: envdir DIR, s6-envdir DIR, chpst -e DIR. */
const ENV_DIR_READERS: Record<string, (p: ReturnType<typeof execChain>[number]) => string | undefined> = {
  envdir: (p) => p.operands[0]?.value,
  "s6-envdir": (p) => p.operands[0]?.value,
  chpst: (p) => {
    const e = p.options.get("e");
    return e && e !== true ? e.value : undefined;
  },
};

/** Who can do what, from the group and other bits: "group and others can read it". */
function exposure(mode: number): string {
  const parts: string[] = [];
  if (mode & 0o044) parts.push(`${mode & 0o040 && mode & 0o004 ? "group and others" : mode & 0o040 ? "its group" : "others"} can read it`);
  if (mode & 0o022) parts.push(`${mode & 0o020 && mode & 0o002 ? "group and others" : mode & 0o020 ? "its group" : "others"} can write it`);
  if (parts.length === 0) parts.push("group or others can enter it");
  return parts.join(" and ");
}

/** Service-relative path of a directory named in a script; undefined when outside the service. */
function serviceRel(svc: ServiceDir, script: ShellScript, value: string): string | undefined {
  let rel: string;
  if (posix.isAbsolute(value)) {
    if (!value.startsWith(svc.abs + "/")) return undefined;
    rel = posix.normalize(value.slice(svc.abs.length + 1));
  } else rel = posix.normalize(posix.join(posix.dirname(script.rel), value));
  rel = rel.replace(/\/+$/, "");
  return rel === "." || rel.startsWith("..") ? undefined : rel;
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
        const dirs = new Map<string, { script?: ShellScript; node?: SourceNode }>();
        for (const script of context.scripts) {
          for (const cmd of script.model.commands) {
            for (const p of execChain(cmd)) {
              const value = p.name ? ENV_DIR_READERS[p.name]?.(p) : undefined;
              const rel = value === undefined ? undefined : serviceRel(svc, script, value);
              if (rel !== undefined && !dirs.has(rel)) dirs.set(rel, { script, node: p.word.node });
            }
          }
        }
        if (!dirs.has("env")) dirs.set("env", {}); // the convention, used or not
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
