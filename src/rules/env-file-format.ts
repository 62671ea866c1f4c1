// An env dir holds one variable per file, named after the file, valued by its first line.
// Observed (daemontools 0.76 envdir, runit 2.1.2 chpst -e, s6 2.11 s6-envdir): only the first
// line is used; trailing spaces and tabs are cut, and a `\r` they leave at the end (`x\r \n`
// too) is kept by envdir and chpst -e but cut by s6-envdir; a name starting with `.` is skipped;
// `A=B` sets A to `B=…` (envdir, chpst) or is skipped (s6-envdir). Never reads the values into a
// message: only the files' shapes.
import * as posix from "node:path/posix";
import { defineRule, type FixDescriptor } from "../engine/rule.js";
import type { EnvFileFacts } from "../host/host.js";
import { effectiveKind } from "../service.js";

/** Files that sit in env dirs only to keep them in git, skipped by every reader on purpose. */
const PLACEHOLDERS = new Set([".gitkeep", ".keep", ".gitignore", ".placeholder"]);

/** macOS metadata: AppleDouble files (`._NAME`, a resource fork copied by tar or a FAT/SMB share) and `.DS_Store`. */
const MACOS_JUNK = /^(\._.*|\.DS_Store)$/;

/**
 * The edit that cuts the blanks and `\r`s ending the first line: what the readers cut anyway, and
 * the `\r` that envdir and chpst -e keep. None where it would empty the file, which would unset the
 * variable instead of setting it empty, nor for a link, which the fixer does not write through.
 */
function cutLineEnding(f: EnvFileFacts, link: boolean): { fix: FixDescriptor } | undefined {
  const e = f.firstLineEnding;
  if (!e || link || (e.start === 0 && !e.newline)) return undefined;
  return { fix: { edits: { range: [e.start, e.end], text: "" } } };
}

const READER = { daemontools: "envdir", runit: "chpst -e", s6: "s6-envdir" } as const;

export default defineRule({
  meta: {
    id: "env-file-format",
    type: "problem",
    severity: "warning",
    fixable: "code",
    docs: {
      severities: "warning / error / info",
      description: "Require env files to hold one value on one line, under a name the readers accept",
    },
    messages: {
      extraLines:
        "`{{file}}` has more than one line, but {{reader}} sets {{name}} from the first line only; the rest is ignored. " +
        "Keep one value on one line (for a multi-line value such as a key, store a path to it instead).",
      trailingBlank:
        "The first line of `{{file}}` ends with spaces or tabs, which {{reader}} cuts from {{name}}: harmless unless " +
        "they belong to the value, which an env file cannot hold. Remove them so the file says what the daemon gets.",
      carriageReturn:
        "The line in `{{file}}` ends with a carriage return (CRLF): {{reader}} keeps it, so {{name}} ends with an " +
        "invisible `\\r` and no longer matches. Convert the file to LF line endings: `sed -i 's/\\r$//' {{file}}`.",
      equalsName:
        "The file name `{{file}}` contains `=`: envdir and chpst -e set `{{before}}` to a value that starts with " +
        "`{{after}}=`, and s6-envdir skips the file. Name the file after the variable only.",
      dotName: "`{{file}}` starts with `.`, so {{reader}} skips it and {{name}} is never set. Remove the leading dot.",
      macosJunk:
        "`{{file}}` is macOS metadata (an AppleDouble `._` file or `.DS_Store`, left by copying from a Mac), not a " +
        "variable: {{reader}} skips it. Delete it; do not rename it, or it becomes a variable full of binary data.",
    },
  },
  create(context) {
    return {
      service(svc) {
        const dirs = context.envDirs();
        const facts = context.envFiles();
        for (const [dir, use] of dirs) {
          if (effectiveKind(svc.entries.get(dir)) !== "dir") continue;
          const reader =
            use.reader === "chpst" ? "chpst -e" : (use.reader ?? READER[context.supervisor.family ?? "daemontools"]);
          for (const [rel, f] of facts) {
            if (posix.dirname(rel) !== dir) continue;
            const name = posix.basename(rel);
            const data = { file: rel, name, reader };
            // Junk by its name, whatever it holds (never read into a message).
            if (MACOS_JUNK.test(name)) {
              context.report({ file: rel, messageId: "macosJunk", severity: "info", data });
              continue;
            }
            if (f.problem !== undefined) continue;
            if (name.startsWith(".")) {
              if (!PLACEHOLDERS.has(name))
                context.report({ file: rel, messageId: "dotName", data: { ...data, name: name.slice(1) } });
              continue;
            }
            if (name.includes("=")) {
              const eq = name.indexOf("=");
              context.report({
                file: rel,
                messageId: "equalsName",
                severity: "error",
                data: { ...data, before: name.slice(0, eq), after: name.slice(eq + 1) },
              });
              continue;
            }
            // Not fixed: the lines after the first may be a value cut short (a key), not lines to drop.
            if (f.extraLines) context.report({ file: rel, messageId: "extraLines", data });
            const fix = cutLineEnding(f, svc.entries.get(rel)?.kind === "symlink");
            if (f.carriageReturn && reader !== "s6-envdir")
              context.report({ file: rel, messageId: "carriageReturn", severity: "error", data, ...fix });
            // Nothing fails: the daemon gets the value without the blanks, which is nearly always what was meant.
            else if (f.trailingBlank)
              context.report({ file: rel, messageId: "trailingBlank", severity: "info", data, ...fix });
          }
        }
      },
    };
  },
});
