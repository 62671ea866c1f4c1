// supervise and runsv start ./run with execve: without `#!` it fails ("exec format error"); with
// a CRLF first line the kernel looks for an interpreter named `sh\r` ("file does not exist").
import { defineRule, type Edit, type FixDescriptor, type RuleContext } from "../engine/rule.js";
import { EXECLINE_BUILTINS } from "../knowledge/execline-builtins.js";
import { execChain, finalProgram } from "../model/chains.js";
import type { Script } from "../model/model.js";
import { readShebang } from "../parse/shell.js";

/**
 * The fix for a `#!` line that ends in CR: every CRLF ending becomes LF, since sh reads the CR
 * of every other line too (`exec app\r` runs `app\r`). Safe when the CR is on the `#!` line
 * only, or the file is CRLF throughout in shell or execline; otherwise a CR could be meant (in
 * a here-document or quoted string, or in a language whose reader svlint does not know).
 * `body` is the text from its `#!` on, which starts at `offset` in the file.
 */
function carriageReturnFix(body: string, offset = 0): FixDescriptor & { edits: Edit[] } {
  const edits: Edit[] = [];
  for (const m of body.matchAll(/\r(?=\n|$)/g))
    edits.push({ range: [offset + m.index, offset + m.index + 1], text: "" });
  const lines = body.split("\n").length - (body.endsWith("\n") ? 1 : 0);
  const safe = edits.length === 1 || (readShebang(body).language !== "other" && edits.length === lines);
  return { edits, ...(safe ? {} : { applicability: "unsafe" as const }) };
}

/** A fix of the `#!` line's place or spelling, with the CRs of a CRLF file (which would be the next finding). */
function withCarriageReturns(edit: Edit, body: string, offset: number): FixDescriptor {
  if (!readShebang(body).carriageReturn) return { edits: edit };
  const cr = carriageReturnFix(body, offset);
  return { ...cr, edits: [edit, ...cr.edits] };
}

/** Names that are execline's programs and nothing else's: a script that runs one is execline. */
const EXECLINE_ONLY = new Set(
  Object.keys(EXECLINE_BUILTINS).filter((n) => !["exec", "cd", "umask", "export", "wait", "trap", "if"].includes(n)),
);

/** Constructs sh and bash read alike but dash does not (or reads otherwise): the script wants bash. */
const BASHISM =
  /\[\[|(?<!\$)\(\(|<<<|&>|(?:^|[\s=(])\$'|\$\{!|\$\{#?\w+(?:\/|:(?:\d| -)|\^|,)|(?:^|[;&|({])\s*(?:function|source|declare|typeset|shopt|select|let|pushd|popd|mapfile|readarray)\s|\w=\(|\becho\s+-e\b|\$(?:RANDOM|BASH\w*|PIPESTATUS)\b|\s==\s/m;

/** `print("x")`: a call, which sh rejects though svlint's parser reads a subshell (`name()` defines a function). */
const CALL = /(?:^|[\s;&|])[\w.]+\((?!\))/m;

/** What a program's name looks like; `@{run}=/run/` (an AppArmor tunable) is no command. */
const PROGRAM_NAME = /^[\w./+\-[:,%~]+$/;

/** Whether the model reads as execline: a block, an execline program, or a line that ends inside a chain. */
function looksExecline(script: Script): boolean {
  return script.model.commands.some((c) => {
    const words = c.name ? [c.name, ...c.args] : c.args;
    if (words.some((w) => w.text === "{" || w.text === "}")) return true;
    if (EXECLINE_ONLY.has(c.name?.value ?? "")) return true;
    const chain = execChain(c);
    return chain.length > 0 && finalProgram(chain) === undefined;
  });
}

/**
 * The fix for a script without `#!` in its first bytes. A `#!` line after blank lines or a
 * byte-order mark, or written `#/bin/sh`, is put right (with the CRs of a CRLF file, which would
 * be the next finding). A missing line is added as `#!/bin/sh` when the text parses as sh, has
 * no bashism and nothing of execline (a plain command line reads the same in both). Under s6 that
 * stays a guess (execline is at home there, s6-overlay's scripts want `with-contenv`): unsafe.
 */
function missingFix(text: string, script: Script | undefined, context: RuleContext): FixDescriptor | undefined {
  const late = /^[\s\ufeff]+(?=#!)/.exec(text);
  if (late) {
    return withCarriageReturns({ range: [0, late[0].length], text: "" }, text.slice(late[0].length), late[0].length);
  }
  const typo = /^(#[ \t]*|!#)(?=\/)/.exec(text);
  if (typo) {
    const body = `#!${text.slice(typo[0].length)}`;
    const line = body.split("\n")[0]!.replace(/\r$/, "");
    const sb = readShebang(line);
    const words = line
      .slice(2)
      .trim()
      .split(/[ \t]+/);
    const after = words.slice(words.findIndex((w) => w.split("/").pop() === sb.interpreter) + 1);
    // `# /etc/app/run: starts app` is a comment, not a #! line missing its `!`.
    if (sb.interpreter !== undefined && sb.language !== "other" && after.every((w) => w.startsWith("-"))) {
      return withCarriageReturns({ range: [0, typo[0].length], text: "#!" }, body, typo[0].length - 2);
    }
  }
  if (!script || script.model.language !== "shell" || text.trim() === "" || /[\r\ufeff]/.test(text)) return undefined;
  const { commands, parseProblems } = script.model;
  if (parseProblems.length > 0 || CALL.test(text) || looksExecline(script) || BASHISM.test(text)) return undefined;
  if (commands.some((c) => c.name?.value !== undefined && !PROGRAM_NAME.test(c.name.value))) return undefined;
  const s6 =
    context.supervisor.family === "s6" ||
    ["s6-rc-source", "s6-overlay-v2", "s6-overlay-v3"].includes(context.deployment.kind);
  return { edits: { range: [0, 0], text: "#!/bin/sh\n" }, ...(s6 ? { applicability: "unsafe" as const } : {}) };
}

export default defineRule({
  meta: {
    id: "shebang",
    type: "problem",
    severity: "error",
    docs: { description: "Require supervised scripts to start with a #! line that has no carriage return" },
    fixable: "code",
    messages: {
      missing:
        "`{{file}}` does not start with a `#!` line: the supervisor starts it with execve, which fails with " +
        '"exec format error". Make `#!/bin/sh` (or your shell) the very first line.',
      carriageReturn:
        "The `#!` line of `{{file}}` ends with a carriage return (CRLF line endings): the kernel looks for an " +
        'interpreter named `{{interpreter}}\\r` and fails with "file does not exist". Convert the file to LF ' +
        "line endings, e.g. `sed -i 's/\\r$//' {{file}}`.",
    },
  },
  create(context) {
    return {
      service(svc) {
        // Every script that was read, shell or not: the kernel reads the #! line either way.
        for (const file of svc.scripts) {
          const text = file.text;
          // s6-rc's oneshot up/down are run through execlineb and carry no #!.
          if (text === undefined || svc.s6rc?.type === "oneshot") continue;
          const sb = readShebang(text);
          if (!sb.present) {
            const script = context.scripts.find((s) => s.rel === file.rel);
            const fix = missingFix(text, script, context);
            context.report({ file: file.rel, messageId: "missing", data: { file: file.rel }, ...(fix ? { fix } : {}) });
          } else if (sb.carriageReturn) {
            const interpreter = text.slice(2, text.indexOf("\r")).trim().split(/\s+/)[0] ?? "";
            context.report({
              file: file.rel,
              messageId: "carriageReturn",
              data: { file: file.rel, interpreter },
              fix: carriageReturnFix(text),
            });
          }
        }
      },
    };
  },
});
