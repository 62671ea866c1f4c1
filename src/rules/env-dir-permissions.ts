// Env directories hold passwords and tokens; group or others must not read them. Modes mean
// something only on a deployed tree: git keeps 0644/0755 for files and nothing for directories.
// Never reads, and so never prints, what the files hold.
import * as posix from "node:path/posix";
import { defineRule, type ModeFix } from "../engine/rule.js";
import { isSecretName } from "../knowledge/secrets.js";
import { dropsPrivileges, execChain } from "../model/chains.js";
import type { Program, Script, Word } from "../model/model.js";
import { childrenOf, effectiveKind, effectiveMode, modeTarget, serviceRel, type ServiceDir } from "../service.js";

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

/** The directory an env-dir reader is given (`envdir DIR`, `s6-envdir DIR`, `chpst -e DIR`), as written. */
function envDirWord(p: Program): Word | undefined {
  if (p.name === "envdir" || p.name === "s6-envdir") return p.operands[0];
  const e = p.name === "chpst" ? p.options.get("e") : undefined;
  return e && e !== true ? e : undefined;
}

/**
 * The env dirs every reader of which reads as root, before any privilege drop in its chain: made
 * private to root, they still work. A dir read after the drop works only while the account can
 * enter it, and a dir no script names may be read by the daemon itself, as whoever it runs as.
 */
function readAsRootOnly(svc: ServiceDir, scripts: readonly Script[]): Set<string> {
  const asRoot = new Set<string>();
  const afterDrop = new Set<string>();
  let unknownAfterDrop = false;
  for (const script of scripts)
    for (const cmd of script.model.commands) {
      let dropped = false;
      for (const p of execChain(cmd)) {
        const word = envDirWord(p);
        if (word) {
          const rel = word.value === undefined ? undefined : serviceRel(svc, posix.dirname(script.rel), word.value);
          if (rel !== undefined) (dropped ? afterDrop : asRoot).add(rel);
          else if (word.value === undefined && dropped) unknownAfterDrop = true;
        }
        // chpst reads its -e directory before its -u takes effect.
        if (dropsPrivileges(p)) dropped = true;
      }
    }
  if (unknownAfterDrop) return new Set();
  return new Set([...asRoot].filter((d) => !afterDrop.has(d)));
}

/** No access for group and others, the owner's bits kept: 0755 → 0700, 0644 → 0600, 0444 → 0400. */
function privateMode(svc: ServiceDir, rel: string, mode: number): { modeFix: ModeFix } | undefined {
  const file = modeTarget(svc, rel);
  return file === undefined ? undefined : { modeFix: { file, mode: mode & ~0o077 } };
}

const octal = (m: number): string => "0" + m.toString(8).padStart(3, "0");

/** Why an env file must be private, by what its mode lets others do. */
const whyPrivate = (mode: number): string =>
  mode & 0o022
    ? "Whoever can write it sets the daemon's environment; make it private"
    : "Its name says it holds a secret; make it private";

export default defineRule({
  meta: {
    id: "env-dir-permissions",
    type: "problem",
    severity: "error",
    where: "live",
    fixable: "mode",
    docs: {
      severities: "error (live only)",
      description: "Require env directories to be private to their owner (0700) and their files 0600",
    },
    messages: {
      outsideDir:
        "The env directory `{{dir}}` (outside the service) is mode {{mode}} on this machine: {{who}}. It holds {{secrets}}; " +
        "make it private: `chmod 0700 {{dir}}`.",
      outsideFile:
        "`{{file}}`, read by this envdir, is mode {{mode}} on this machine: {{who}}. {{why}}: `chmod 0600 {{file}}`.",
      dir: "The env directory `{{dir}}` is mode {{mode}}: {{who}}. It holds {{secrets}}; make it private: `chmod 0700 {{dir}}`.",
      file: "`{{file}}` is mode {{mode}}: {{who}}. {{why}}: `chmod 0600 {{file}}`.",
    },
  },
  create(context) {
    /** An env dir outside the service (`envdir /etc/app/env`), read from this machine's disk. */
    const outside = (dir: string, node: Word["node"], script: Script): void => {
      const st = context.surroundings.onDisk(dir);
      if (!st || st.kind !== "dir") return;
      const files = (context.surroundings.listOnDisk(dir) ?? []).filter(
        (f) => !f.name.startsWith(".") && f.info?.kind === "file",
      );
      const secrets = files.filter((f) => isSecretName(f.name)).map((f) => `\`${f.name}\``);
      if (st.mode & 0o022 || (st.mode & 0o077 && secrets.length > 0))
        context.report({
          node,
          script,
          messageId: "outsideDir",
          data: {
            dir,
            mode: octal(st.mode),
            who: exposure(st.mode),
            secrets: secrets.length > 0 ? `secrets (${secrets.slice(0, 3).join(", ")})` : "the daemon's environment",
          },
        });
      for (const f of files) {
        const mode = f.info!.mode;
        const secret = isSecretName(f.name);
        if (!(mode & 0o022 || (mode & 0o077 && secret))) continue;
        context.report({
          node,
          script,
          messageId: "outsideFile",
          data: { file: posix.join(dir, f.name), mode: octal(mode), who: exposure(mode), why: whyPrivate(mode) },
        });
      }
    };
    return {
      command(cmd, script) {
        for (const p of execChain(cmd)) {
          const word = envDirWord(p);
          const value = word?.value;
          if (
            word &&
            value !== undefined &&
            posix.isAbsolute(value) &&
            serviceRel(context.service, ".", value) === undefined
          )
            outside(posix.normalize(value), word.node, script);
        }
      },
      service(svc) {
        const dirs = context.envDirs();
        const fixable = readAsRootOnly(svc, context.scripts);
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
            const fix = fixable.has(dir) ? privateMode(svc, dir, mode) : undefined;
            if (where.node && where.script)
              context.report({ node: where.node, script: where.script, messageId: "dir", data, ...fix });
            else context.report({ file: "run", messageId: "dir", data, ...fix });
          }
          for (const f of files) {
            const fmode = effectiveMode(f) ?? 0;
            const secret = isSecretName(posix.basename(f.rel));
            if (!(fmode & 0o022 || (fmode & 0o077 && secret))) continue;
            const why = whyPrivate(fmode);
            context.report({
              file: f.rel,
              messageId: "file",
              data: { file: f.rel, mode: octal(fmode), who: exposure(fmode), why },
              ...(fixable.has(dir) ? privateMode(svc, f.rel, fmode) : undefined),
            });
          }
        }
      },
    };
  },
});
