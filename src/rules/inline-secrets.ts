// A password written into a run script is in version control, in every backup, readable by anyone
// who can read the script, and (as an option) in `ps` output for every local user. The env dir is
// the place for it. The message names the variable or option, never the value.
import { defineRule } from "../engine/rule.js";
import { execChain, finalProgram } from "../model/chains.js";
import { REFERENCE_NAME, SECRET_NAME } from "../knowledge/secrets.js";

/** A value worth reporting: written out literally, not a variable, a command or a path. */
function literal(value: string | undefined, written: string | undefined): boolean {
  if (value === undefined || value.length === 0 || written === undefined) return false;
  if (/[$`]/.test(written)) return false;
  // A path, `-` (read from stdin: `--gui-password=-`), or options (`VNC_PASS=-nopw`).
  if (value.startsWith("/") || value.startsWith("./") || value.startsWith("-")) return false;
  // One or two digits are a setting (ffmpeg's `-pass 2`), not a password.
  return !/^(yes|no|true|false|on|off|none|null|empty|unset|changeme|x+|\*+|\d{1,2})$/i.test(value);
}

const ENV_DIR = { daemontools: "envdir ./env", runit: "chpst -e ./env", s6: "s6-envdir ./env" } as const;

export default defineRule({
  meta: {
    id: "inline-secrets",
    type: "problem",
    severity: "error",
    docs: { description: "Disallow passwords, tokens and keys written literally into scripts" },
    messages: {
      variable:
        "`{{name}}` is given a literal value in `{{file}}`: it sits in version control and backups, readable by anyone " +
        "who can read the script. Put it in `env/{{name}}` (mode 0600, env/ 0700) and start the daemon with `{{envdir}}`.",
      option:
        "`{{option}}` is given a literal value on the command line: it sits in the script and shows in `ps` output to " +
        "every local user. Pass it from an env file (`{{envdir}}`) or the program's own config file.",
    },
  },
  create(context) {
    const envdir = () => ENV_DIR[context.supervisor.family ?? "daemontools"];
    return {
      script(script) {
        for (const a of script.model.assignments) {
          if (!SECRET_NAME.test(a.name) || REFERENCE_NAME.test(a.name) || !literal(a.value, a.valueText)) continue;
          context.report({
            node: a.node,
            messageId: "variable",
            data: { name: a.name, file: script.rel, envdir: envdir() },
          });
        }
      },
      command(cmd, script) {
        const chain = execChain(cmd);
        // `env NAME=VALUE prog`: env's operands are assignments too.
        for (const e of chain) {
          if (e.name !== "env") continue;
          for (const w of e.args) {
            const m = /^([A-Za-z_]\w*)=(.*)$/s.exec(w.value ?? w.text);
            if (!m || !SECRET_NAME.test(m[1]!) || REFERENCE_NAME.test(m[1]!) || !literal(m[2], w.text)) continue;
            context.report({
              node: w.node,
              messageId: "variable",
              data: { name: m[1]!, file: script.rel, envdir: envdir() },
            });
          }
        }
        const p = finalProgram(chain);
        if (!p) return;
        const args = p.args;
        for (let i = 0; i < args.length; i++) {
          const w = args[i]!;
          const t = w.value ?? w.text;
          const m = /^(--?[A-Za-z][\w-]*)(?:=(.*))?$/s.exec(t);
          if (!m || !SECRET_NAME.test(m[1]!.replace(/^-+/, "")) || REFERENCE_NAME.test(m[1]!)) continue;
          // `--password=VALUE`, or `--password VALUE` (the next word, when it is not an option).
          const next = args[i + 1];
          const [value, written] =
            m[2] !== undefined
              ? [m[2], w.text]
              : next && !(next.value ?? next.text).startsWith("-")
                ? [next.value, next.text]
                : [undefined, undefined];
          if (!literal(value, written)) continue;
          context.report({ node: w.node, messageId: "option", data: { option: m[1]!, envdir: envdir() } });
        }
      },
    };
  },
});
