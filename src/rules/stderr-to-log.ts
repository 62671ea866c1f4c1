// svscan, runsv and s6-svscan pipe only the service's stdout into its logger. Unless run sends
// the main process's stderr there too (`exec 2>&1`, execline's `fdmove -c 2 1`), the daemon's
// error messages go to the supervisor's own output, which is often the console or nowhere.
//
// Only redirections that reach the main process count: a top-level `exec 2>…` (no program), a
// 2>… on the command that becomes the service (the final exec, or the last statement), on a
// group, subshell or function call around it, or execline's top-level chain. `x >/dev/null 2>&1`
// on another command does nothing for the daemon. The finding is proven by the text.
import { defineRule, type FixDescriptor } from "../engine/rule.js";
import { aboveComments, lineStart } from "../fix/edits.js";
import { effectiveKind } from "../service.js";
import { execChain, finalProgram } from "../model/chains.js";
import { dupTarget, type Command, type Redirect, type ScriptModel } from "../model/model.js";

/**
 * Programs whose stderr needs no log: `always`, or when started with one of the options.
 * - qmail-start: its stderr is unused by design; the deliveries log on stdout (qmail-start(8)).
 * - smbd, nmbd -S / --log-stdout: they log to stdout (smbd(8), nmbd(8)).
 * - s6-socklog, socklog: syslog collectors whose output is stdout (s6-socklog(8), socklog(8)).
 */
const STDERR_NOT_NEEDED: Readonly<Record<string, "always" | readonly string[]>> = {
  "qmail-start": "always",
  "s6-socklog": "always",
  socklog: "always",
  smbd: ["-S", "--log-stdout"],
  nmbd: ["-S", "--log-stdout"],
  freshclam: ["--stdout"],
  // agetty(8) and its kin open the terminal as stdin, stdout and stderr.
  agetty: "always",
  getty: "always",
  mingetty: "always",
  fgetty: "always",
  // They log to stdout themselves: tor(1) `Log notice stdout` by default; syncthing's monitor copies
  // the child's stderr to stdout; hostapd prints through stdout.
  tor: "always",
  syncthing: "always",
  hostapd: "always",
  // Display managers that write both streams to their own log file (/var/log/lxdm.log, sddm.log).
  lxdm: "always",
  sddm: "always",
};

/**
 * Placeholders that print nothing: a service that only waits. Its stderr matters only when the
 * script runs other programs first (`rc.local; exec pause`): their errors miss the log.
 */
const PLACEHOLDERS = new Set(["sleep", "pause", "s6-pause"]);
/** Shell builtins whose output is the script's own: not a program whose errors matter. */
const BUILTINS = new Set([
  "echo",
  "printf",
  "exec",
  "test",
  "[",
  ":",
  "true",
  "false",
  "set",
  "export",
  "unset",
  "cd",
  "umask",
  "ulimit",
  "trap",
  "exit",
  "read",
  "local",
  "shift",
]);

/** `fdmove -c 2 1` in the main command's chain (shell or execline): stderr goes where stdout does. */
const fdmovesStderr = (cmd: Command): boolean =>
  execChain(cmd).some(
    (p) => p.name === "fdmove" && p.options.has("c") && p.operands[0]?.value === "2" && p.operands[1]?.value === "1",
  );

/** Programs that make a consumer a logger. */
const LOGGER_WORD = /\b(s6-log|multilog|svlogd|logutil-service|tinylog|vlogger|logger|socklog|s6-socklog|rsvlog)\b/;

const sendsStderr = (r: Redirect): boolean => r.fd === 2 || r.op === "&>" || r.op === "&>>";

/** The commands that become the service's main process: the final top-level exec, else those of the last statement. */
function mainCommands(model: ScriptModel): { main: Command[]; whole: Command[] } {
  const cmds = model.commands.filter((c) => !c.inSubstitution);
  if (model.language === "execline") {
    const top = cmds.filter((c) => c.topLevel);
    return { main: top, whole: top };
  }
  const finalExec = cmds.find((c) => c.topLevel && c.name?.value === "exec" && c.args.length > 0);
  if (finalExec) return { main: [finalExec], whole: [finalExec] };
  const last = model.lastStatement;
  if (!last) return { main: [], whole: [] };
  const inLast = cmds.filter((c) => c.statement.startIndex >= last.startIndex && c.statement.endIndex <= last.endIndex);
  // Inside an `if` or a list: the branches' `exec prog`, else the last command written.
  const execs = inLast.filter((c) => c.name?.value === "exec" && c.args.length > 0);
  const lastCmd = inLast[inLast.length - 1];
  return { main: execs.length > 0 ? execs : lastCmd ? pipelineOf(lastCmd, inLast, model.text) : [], whole: inLast };
}

/**
 * The stages of the pipeline `last` ends (`daemon 2>&1 | awk …`): the daemon is the first stage,
 * and its stderr reaches the log through the pipe when it is redirected there.
 */
function pipelineOf(last: Command, cmds: readonly Command[], text: string): Command[] {
  const stages = [last];
  for (let i = cmds.indexOf(last) - 1; i >= 0; i--) {
    const c = cmds[i]!;
    const between = text.slice(c.statement.endIndex, stages[0]!.statement.startIndex);
    if (!c.feedsPipe || !/^(\s|\\\n)*\|&?(\s|\\\n)*$/.test(between)) break;
    stages.unshift(c);
  }
  return stages;
}

const REDIRECT_WORD = /^(\d*(>>|>&|<&|>\||<>|>|<)|&>>?)/;
const REDIRECT_OP_ALONE = /^(\d*(>>|>\||<>|>|<)|&>>?)$/;

/** `{ …; } 2>&1`, `( … ) 2>/x`, `if …; fi 2>&1`: the trailing redirections of a statement, from its text. */
function trailingSendsStderr(text: string): boolean {
  const words = text.trim().split(/\s+/);
  for (let i = words.length - 1; i > 0; i--) {
    const w = words[i]!;
    if (REDIRECT_WORD.test(w)) {
      if (/^(2>|&>)/.test(w)) return true;
    } else if (!REDIRECT_OP_ALONE.test(words[i - 1]!)) return false;
  }
  return false;
}

export default defineRule({
  meta: {
    id: "stderr-to-log",
    type: "problem",
    severity: "warning",
    certainty: "proven",
    docs: { description: "Require a service with a logger to send its stderr to the log" },
    fixable: "code",
    messages: {
      noStderr:
        "This service has a logger, but `run` never sends the main process's stderr to it: the supervisor pipes only stdout " +
        "into log/run, so error messages go to the supervisor's own output (often nowhere). Add `{{fix}}` before the program starts.",
      stdoutToStderr:
        "`{{redirect}}` sends stdout to stderr, and stderr never reaches the logger: log/run receives nothing. " +
        "Write `{{fix}}` instead.",
    },
  },
  create(context) {
    return {
      script(script) {
        if (script.rel !== "run" || script.model.commands.length === 0) return;
        const hasLogDir = effectiveKind(context.service.entries.get("log")) === "dir";
        const consumer = context.service.s6rc?.producerFor;
        if (!hasLogDir && consumer === undefined) return;
        // producer-for also orders two daemons (mpd feeding ympd): only a consumer that runs a logger
        // is the service's log.
        let loggerRead = hasLogDir;
        if (!hasLogDir && consumer !== undefined) {
          const run = context.surroundings.siblingDefinitionFile(consumer, "run");
          if (run !== undefined && !LOGGER_WORD.test(run)) return;
          loggerRead = run !== undefined;
        }
        const model = script.model;
        const execline = model.language === "execline";
        const fix = execline ? "fdmove -c 2 1" : "exec 2>&1";
        const { main, whole } = mainCommands(model);
        // A call of a function of the script: the function's own main command runs the service too.
        if (!execline) {
          for (const f of functions(model)) {
            if (!main.some((c) => c.name?.value === f.name)) continue;
            const body = model.commands.filter(
              (c) => !c.inSubstitution && c.node.startIndex > f.start && c.node.endIndex <= f.end,
            );
            const execs = body.filter((c) => c.name?.value === "exec" && c.args.length > 0);
            const lastCmd = body[body.length - 1];
            main.push(...(execs.length > 0 ? execs : lastCmd ? [lastCmd] : []));
            whole.push(...body);
          }
        }

        // Programs that need no stderr in the log.
        const placeholder =
          main.length > 0 && main.every((c) => PLACEHOLDERS.has(finalProgram(execChain(c))?.name ?? ""));
        if (placeholder && model.commands.every((c) => main.includes(c) || BUILTINS.has(c.name?.value ?? ""))) return;
        for (const cmd of main) {
          const p = finalProgram(execChain(cmd));
          const rule = p?.name === undefined ? undefined : STDERR_NOT_NEEDED[p.name];
          if (rule === "always") return;
          if (
            rule &&
            p!.args.some(
              (a) =>
                a.value !== undefined &&
                (rule.includes(a.value) || rule.some((o) => o.startsWith("--") && a.value!.startsWith(`${o}=`))),
            )
          )
            return;
        }

        let toStderr: Redirect | undefined;
        // Stdout sent elsewhere by the shell (`exec >FILE`): an `exec 2>&1` after it would follow it there.
        let stdoutMoved = false;
        // `exec 2>&1` (no program): at the top, or inside a function or the last statement (not
        // in `$( )`). One after the final exec is stderr-redirect-order's finding, not this one's.
        for (const cmd of model.commands) {
          if (cmd.inSubstitution || execline) continue;
          if (cmd.name?.value !== "exec" || cmd.args.length > 0) continue;
          if (!cmd.topLevel && !whole.includes(cmd) && !insideFunction(cmd, model)) continue;
          for (const r of cmd.redirects) {
            if (sendsStderr(r)) return;
            if (r.fd === 1 && dupTarget(r) === 2) toStderr ??= r;
            if (r.fd === 1) stdoutMoved = true;
          }
        }
        // On the main command itself (execline: its top-level chain's fdmove/redirfd).
        if (main.some(fdmovesStderr)) return;
        // The main program is a wrapper script the repository holds (`$GEMSTONE/bin/startGem`):
        // when that script merges stderr itself, the service does.
        for (const cmd of context.surroundings.repoRoot ? main : []) {
          const p = finalProgram(execChain(cmd));
          const base = p?.word.text
            .replace(/^["']|["']$/g, "")
            .split("/")
            .pop();
          if (!p || !base || !p.word.text.includes("/")) continue;
          const wrappers = context.surroundings.configFiles(`/${base}`).filter((f) => f.text.startsWith("#!"));
          if (wrappers.some((f) => /\b2>&1\b|fdmove -c 2 1/.test(f.text))) return;
        }
        // `daemon 2>&1 | awk …` anywhere in the final statement (a branch of a final `if`): stderr
        // joins stdout in the pipe on purpose.
        if (whole.some((c) => c.feedsPipe && c.redirects.some((r) => r.fd === 2 && dupTarget(r) === 1))) return;
        for (const cmd of main) {
          for (const r of cmd.redirects) {
            if (sendsStderr(r)) return;
            if (r.fd === 1 && dupTarget(r) === 2) toStderr ??= r;
          }
        }
        // On the group, subshell or compound statement that holds it: `{ …; exec app; } 2>&1`.
        const last = model.lastStatement;
        if (
          !execline &&
          last &&
          main.some((c) => c.statement.endIndex <= last.endIndex && c.statement.startIndex >= last.startIndex) &&
          last.type === "redirected_statement" &&
          trailingSendsStderr(last.text)
        )
          return;
        if (toStderr)
          context.report({
            node: toStderr.node,
            messageId: "stdoutToStderr",
            data: { redirect: toStderr.node.text, fix },
          });
        else {
          // execline: a redirfd of stdout in the chain would follow the fdmove and take stdout from
          // the log, stderr-redirect-order's finding.
          const moved = stdoutMoved || (execline && main.some((c) => c.redirects.some((r) => r.fd === 1)));
          const edit = placeholder || moved || model.parseProblems.length > 0 ? undefined : insertFix(model, main);
          context.report({
            file: "run",
            line: 1,
            messageId: "noStderr",
            data: { fix },
            // Into a consumer whose run svlint could not read, stderr may reach a daemon, not a logger.
            ...(edit ? { fix: loggerRead ? edit : { ...edit, applicability: "unsafe" } } : {}),
          });
        }
      },
    };
  },
});

/** Last commands that start no program: the service was started before them (`app &` … `wait`). */
const STARTS_NOTHING = new Set([...BUILTINS, "wait", "return", "kill"]);

/**
 * The fix for a service that never sends stderr to the log: `exec 2>&1` (execline: `fdmove -c 2
 * 1`) just before the statement that starts the main process, the final exec or else the last
 * statement (above the comments over it), with its indentation. There it changes the stderr of
 * that process alone; at the top it would also move the setup commands' messages. Undefined when
 * that statement starts nothing (`wait`, `exit`) or shares its line with another one.
 */
function insertFix(model: ScriptModel, main: readonly Command[]): FixDescriptor | undefined {
  const text = model.text;
  let at: number;
  if (model.language === "execline") {
    // Chain-loaded: anywhere before the program word, after builtins such as `foreground { }`.
    const top = main[0];
    if (!top?.name) return undefined;
    at = top.node.startIndex;
  } else {
    const finalExec = model.commands.find(
      (c) => !c.inSubstitution && c.topLevel && c.name?.value === "exec" && c.args.length > 0,
    );
    const last = model.lastStatement;
    if (finalExec) at = finalExec.statement.startIndex;
    else if (
      last &&
      main.length > 0 &&
      main.every((c) => {
        // An unknown program (`exec "$@"`) is taken as the daemon.
        const p = finalProgram(execChain(c));
        return !STARTS_NOTHING.has(p ? (p.name ?? "") : (c.name?.value ?? ""));
      })
    )
      at = last.startIndex;
    else return undefined;
  }
  const line = lineStart(text, at);
  const indent = text.slice(line, at);
  const redirect = model.language === "execline" ? "fdmove -c 2 1" : "exec 2>&1";
  if (!/^[ \t]*$/.test(indent)) {
    // execline reads words, not lines: `foreground { … } app` takes it before `app`.
    if (model.language !== "execline") return undefined;
    return { edits: { range: [at, at], text: `${redirect} ` } };
  }
  // Above the comment lines right over it: a `# svlint disable` there belongs to the statement below.
  const to = aboveComments(text, line, new Set(model.comments.map((c) => c.node.startIndex)));
  const eol = text[to - 2] === "\r" || text[line - 2] === "\r" ? "\r\n" : "\n";
  return { edits: { range: [to, to], text: `${indent}${redirect}${eol}` } };
}

/** Names of the functions the script defines (`name() {`, `function name {`), with their bodies' spans. */
function functions(model: ScriptModel): Array<{ name: string; start: number; end: number }> {
  const out: Array<{ name: string; start: number; end: number }> = [];
  const re =
    /(?:^|[\n;&|]\s*)(?:function\s+)?([A-Za-z_][\w-]*)\s*\(\s*\)\s*\{|(?:^|[\n;&|]\s*)function\s+([A-Za-z_][\w-]*)\s*\{/g;
  const text = model.text;
  for (const m of text.matchAll(re)) {
    const open = m.index! + m[0].length - 1;
    // The body ends at the matching brace (braces in strings may mislead: a bound, not a parse).
    let depth = 0;
    let end = text.length;
    for (let i = open; i < text.length; i++) {
      if (text[i] === "{") depth++;
      else if (text[i] === "}" && --depth === 0) {
        end = i + 1;
        break;
      }
    }
    out.push({ name: (m[1] ?? m[2])!, start: open, end });
  }
  return out;
}

function insideFunction(cmd: Command, model: ScriptModel): boolean {
  return functions(model).some((f) => cmd.node.startIndex > f.start && cmd.node.endIndex <= f.end);
}
