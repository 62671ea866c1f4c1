// A run script that waits for another service of its tree with a fixed `sleep` or a poll loop,
// instead of the dependency its suite offers (runit's `sv start`, daemontools' svok/svstat,
// s6-svwait, s6-rc's dependencies.d). A fixed sleep races: when the other service takes longer,
// the daemon starts without it (test/truth shows it under runsv). A poll loop works, but the
// supervisor reports the service up while it waits, and waits forever when the other one is down.
// What it finds, precisely:
// - a `while`/`until` loop (or execline loopwhilex) before the final exec, on the script's own
//   path, that sleeps and probes a local daemon (nc/curl to a local address, pg_isready, a socket
//   test, pgrep…) which is a sibling service of the tree: a warning; a local daemon that is no
//   sibling: a conditional note; a remote or unknown host: nothing (the suite cannot declare it);
// - a top-level `sleep N` (N ≥ 1 s) before the final exec of a daemon: a conditional warning when
//   a comment above it or the commands after it name a sibling service, else a conditional note.
// Not: sleeps in finish/check/log scripts, in a branch or after `||` (throttles), `exec sleep`
// placeholders, periodic loops, loops in the background (readiness of the service itself), loops
// on files or devices, scripts that already use the suite's own wait.
import * as path from "node:path";
import { defineRule } from "../engine/rule.js";
import { execChain, finalProgram } from "../model/chains.js";
import { programName, type Command, type Script, type SourceNode, type Word } from "../model/model.js";
import {
  DEPENDENCY_IDIOMS,
  LOCAL_HOSTS,
  PORT_DAEMONS,
  PROBE_PROGRAMS,
  PROCESS_PROBES,
  SLEEPERS,
  SUITE_WAITS,
  URL_PROBES,
} from "../knowledge/dependencies.js";

/** Last programs that are no daemon: the script ends without starting one. */
const NO_DAEMON = new Set([
  ...["exit", "true", "false", ":", "wait", "echo", "printf", "return", "kill", "logger", "sv", "s6-svc"],
  // The last step of a run-once job: files and settings, not a daemon.
  ...["touch", "rm", "mkdir", "chown", "chmod", "ln", "cp", "mv", "install", "sysctl", "mount", "udevadm"],
  ...Object.keys(SLEEPERS),
]);
/**
 * The longest fixed sleep read as a wait for another service: a longer one is a deliberate start
 * delay (`sleep 600` before ntpd, a snooze job's `sleep 20m`), whatever it is for.
 */
const MAX_WAIT_SECONDS = 60;

/** A probe of a daemon found in a loop. */
interface Probe {
  node: SourceNode;
  /** true: a local address or the client's local default; false: another host; undefined: not static. */
  local: boolean | undefined;
  /** Names the awaited daemon may have as a service. */
  names: string[];
  /** What it asks, for messages. */
  what: string;
}

const value = (w: Word): string => w.value ?? w.text;
/** The words of a command, for the sibling names they may hold (`exec app --db ../postgres/socket`). */
const words = (c: Command): string[] => [c.name, ...c.args].map((w) => (w ? value(w) : ""));

/** `postgres` for `svc-postgres`, `05-postgres`, `init-postgres`; lower case. */
function normalize(name: string): string {
  return name
    .toLowerCase()
    .replace(/^\d+[-_.]/, "")
    .replace(/^(svc|service|s6|run)[-_]/, "");
}
/** Without version digits: `php8.2-fpm` and `php-fpm`, `postgres15` and `postgres`. */
const unversioned = (n: string): string => n.replace(/[\d.]+/g, "");

/** Host and port of a network client's call, read with its table entry. */
function clientTarget(
  args: readonly Word[],
  entry: (typeof PROBE_PROGRAMS)[string],
): { host: string | undefined | null; port: string | undefined } {
  let host: string | undefined | null = null;
  let port: string | undefined;
  const operands: Array<string | undefined> = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const v = a.value;
    const takes = (opts: readonly string[] | undefined): string | undefined | false => {
      if (!opts || v === undefined) return false;
      for (const o of opts) {
        if (v === o) {
          i++;
          return args[i]?.value;
        }
        if (o.startsWith("--") && v.startsWith(`${o}=`)) return v.slice(o.length + 1);
        if (!o.startsWith("--") && v.startsWith(o) && v.length > o.length) return v.slice(o.length);
      }
      return false;
    };
    const h = takes(entry.hostOptions);
    if (h !== false) {
      host = h;
      continue;
    }
    const p = takes(entry.portOptions);
    if (p !== false) {
      port = p;
      continue;
    }
    if (takes(entry.valueOptions) !== false) continue;
    if (v !== undefined && v.startsWith("-") && v.length > 1) continue;
    operands.push(v);
  }
  if (host === null && !entry.hostOptions) {
    // nc: HOST PORT.
    if (operands.length >= 1) host = operands[0];
    if (operands.length >= 2) port = operands[1];
  }
  return { host, port };
}

const isLocal = (host: string | undefined | null, byDefault: boolean): boolean | undefined =>
  host === null ? byDefault : host === undefined ? undefined : LOCAL_HOSTS.test(host);

const GENERIC_PATH_PARTS = new Set([
  "",
  "run",
  "var",
  "tmp",
  "sock",
  "socket",
  "sockets",
  "lib",
  "usr",
  "local",
  "data",
]);

/** Service names a socket path suggests: `/run/php/php-fpm.sock` → php, php-fpm. */
function socketNames(p: string): string[] {
  return p
    .split("/")
    .map((c) => c.replace(/\.(sock|socket|pid|ctl)$/, ""))
    .filter((c) => !GENERIC_PATH_PARTS.has(c.toLowerCase()) && !c.includes("$"));
}
const SOCKETISH = /(\.sock|socket|\.ctl)$/i;

/** The probe a command makes, if it is one. */
function probeOf(cmd: Command): Probe | undefined {
  const chain = execChain(cmd);
  const p = finalProgram(chain) ?? chain[chain.length - 1];
  const name = p?.name;
  if (!p || name === undefined) return undefined;
  const what = cmd.node.text.split("\n")[0]!.trim();
  const entry = PROBE_PROGRAMS[name];
  if (entry) {
    const { host, port } = clientTarget(p.args, entry);
    const local = isLocal(host, entry.localByDefault);
    const names = [...entry.daemons, ...(port !== undefined ? (PORT_DAEMONS[port] ?? []) : [])];
    return { node: cmd.node, local, names, what };
  }
  if (URL_PROBES.has(name)) {
    for (const a of p.args) {
      const m = /^[a-z]+:\/\/(\[[^\]]+\]|[^/:?#]+)(?::(\d+))?/i.exec(value(a));
      if (!m) continue;
      const host = m[1]!.includes("$") ? undefined : m[1]!;
      const local = host === undefined ? undefined : LOCAL_HOSTS.test(host);
      return { node: cmd.node, local, names: m[2] ? [...(PORT_DAEMONS[m[2]] ?? [])] : [], what };
    }
    return undefined;
  }
  if (PROCESS_PROBES.has(name)) {
    const operands = p.args.filter((a) => !value(a).startsWith("-"));
    const last = operands[operands.length - 1];
    const proc = last?.value?.split(/\s+/)[0];
    if (!proc) return undefined;
    return { node: cmd.node, local: true, names: [programName({ ...last!, value: proc }) ?? proc], what };
  }
  if (name === "[" || name === "test") {
    const vals = p.args.map((a) => a.value);
    for (let i = 0; i < vals.length - 1; i++) {
      const op = vals[i];
      const target = vals[i + 1];
      if (target === undefined) continue;
      if (op === "-S" || (/^-[ef]$/.test(op ?? "") && SOCKETISH.test(target)))
        return { node: cmd.node, local: true, names: socketNames(target), what };
    }
  }
  return undefined;
}

/** Probes written in the condition's text rather than as commands: `[[ -S … ]]`, `/dev/tcp/HOST/PORT`. */
function textProbes(node: SourceNode): Probe[] {
  const out: Probe[] = [];
  const what = node.text.split("\n")[0]!.trim();
  for (const m of node.text.matchAll(/\[\[[^\]]*?-S\s+"?([^\s"\]]+)/g))
    if (!m[1]!.includes("$")) out.push({ node, local: true, names: socketNames(m[1]!), what });
  for (const m of node.text.matchAll(/\/dev\/(?:tcp|udp)\/([^/\s"']+)\/(\d+)/g)) {
    const host = m[1]!.includes("$") ? undefined : m[1]!;
    out.push({
      node,
      local: host === undefined ? undefined : LOCAL_HOSTS.test(host),
      names: [...(PORT_DAEMONS[m[2]!] ?? [])],
      what,
    });
  }
  return out;
}

/** Seconds a sleeper waits, when static. */
function seconds(cmd: Command): number | undefined {
  const p = finalProgram(execChain(cmd));
  const sleeper = p?.name === undefined ? undefined : SLEEPERS[p.name];
  if (!p || !sleeper) return undefined;
  let unit = sleeper.unit;
  let total = 0;
  let any = false;
  for (const a of p.args) {
    const v = a.value;
    if (v === undefined) return undefined;
    if (v === "-m" && p.name === "s6-sleep") {
      unit = 0.001;
      continue;
    }
    const m = /^(\d+(?:\.\d+)?)([smhd]?)$/.exec(v);
    if (!m) return undefined;
    const mult = { "": 1, s: 1, m: 60, h: 3600, d: 86400 }[m[2] as "" | "s" | "m" | "h" | "d"];
    total += Number(m[1]) * mult * unit;
    any = true;
  }
  return any ? total : undefined;
}

const isSleeper = (cmd: Command): boolean => {
  const n = finalProgram(execChain(cmd))?.name;
  return n !== undefined && n in SLEEPERS;
};
const usesSuiteWait = (cmd: Command): boolean => execChain(cmd).some((p) => SUITE_WAITS.has(p.name ?? ""));

const within = (n: SourceNode, outer: { startIndex: number; endIndex: number }): boolean =>
  n.startIndex >= outer.startIndex && n.endIndex <= outer.endIndex;

/** The openers of the execline blocks around `index` (`foreground`, `if`, `background`…), outermost first. */
function execlineOpeners(text: string, index: number): Array<{ opener: string; open: number }> {
  const stack: Array<{ opener: string; open: number }> = [];
  const words: string[] = [];
  const re = /"(?:[^"\\]|\\.)*"|#[^\n]*|[^\s]+/g;
  for (let m = re.exec(text); m && m.index < index; m = re.exec(text)) {
    const w = m[0];
    if (w.startsWith("#")) continue;
    if (w === "{") {
      // The builtin before the block, skipping its options.
      let k = words.length - 1;
      while (k >= 0 && words[k]!.startsWith("-")) k--;
      stack.push({ opener: words[k] ?? "", open: m.index });
    } else if (w === "}") stack.pop();
    words.push(w);
  }
  return stack;
}

/** Where the execline block opened at `open` ends. */
function execlineBlockEnd(text: string, open: number): number {
  const re = /"(?:[^"\\]|\\.)*"|#[^\n]*|[^\s]+/g;
  re.lastIndex = open;
  let depth = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (m[0] === "{") depth++;
    else if (m[0] === "}" && --depth === 0) return m.index + 1;
  }
  return text.length;
}
/** A loop that ends on its own: a `break`/`exit`, a counter or a deadline in it. */
const BOUNDED = /\b(break|exit|return)\b|-(lt|le|gt|ge)\b|\bSECONDS\b|\btimeout\b/;

/** Blocks whose program runs before the rest of the chain, on the script's path. */
const ON_PATH = new Set(["foreground", "if"]);

export default defineRule({
  meta: {
    id: "sleep-dependency",
    type: "suggestion",
    severity: "warning",
    defaultOff: true,
    docs: {
      severities: "warning / info",
      description:
        "Report run scripts that wait for another service with a fixed sleep or a poll loop instead of the suite's dependency",
    },
    messages: {
      poll:
        "This loop polls `{{probe}}` until `{{dep}}`, a service of this tree, answers, before `{{program}}` starts: " +
        "the supervisor does not know the dependency, so it reports this service up while it waits, and when " +
        "`{{dep}}` is down {{down}}. Declare it instead: {{idiom}}.",
      pollLocal:
        "This loop polls `{{probe}}` (a daemon of this machine) before `{{program}}` starts. If that daemon is a service " +
        "of this supervisor, declare the dependency instead of polling: {{idiom}}.",
      sleepFor:
        "`{{sleep}}` waits a fixed {{seconds}} before `{{program}}` starts, to give `{{dep}}` time to come up: when " +
        "`{{dep}}` takes longer (a slow disk, a first start), `{{program}}` starts without it. Declare the dependency " +
        "instead: {{idiom}}.",
      sleep:
        "`{{sleep}}` waits a fixed {{seconds}} before `{{program}}` starts. If that gives another service time to come " +
        "up, it races: when that service takes longer, `{{program}}` starts without it. Declare the dependency " +
        "instead: {{idiom}}.",
    },
  },
  create(context) {
    const self = path.basename(context.service.abs);
    let siblings: readonly string[] | undefined;
    const siblingList = (): readonly string[] => (siblings ??= context.surroundings.siblingServices());
    const reported = new Set<number>();
    const runTexts = new Map<string, string | undefined>();
    const runOf = (s: string): string | undefined => {
      if (!runTexts.has(s)) runTexts.set(s, context.surroundings.siblingDefinitionFile(s, "run"));
      return runTexts.get(s);
    };

    /** The sibling service a probe's names point to: by its name, else by the daemon its run starts. */
    const siblingFor = (names: readonly string[]): string | undefined => {
      const wanted = names.map((n) => n.toLowerCase()).filter((n) => n.length >= 2);
      if (wanted.length === 0) return undefined;
      const list = siblingList();
      for (const s of list) {
        const n = normalize(s);
        if (wanted.some((w) => n === w || s.toLowerCase() === w || unversioned(n) === unversioned(w))) return s;
      }
      for (const s of list.slice(0, 200)) {
        const text = runOf(s);
        if (!text) continue;
        const body = text.replace(/#[^\n]*/g, "");
        if (
          wanted.some((w) => new RegExp(`(^|[\\s/])${w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}(\\s|$)`, "m").test(body))
        )
          return s;
      }
      return undefined;
    };

    /** Whether the service already declares `dep`: s6-rc's dependencies (transitively), or the suite's wait in the script. */
    const declared = (dep: string, script: Script): boolean => {
      if (context.surroundings.s6rcDependencyNames().includes(dep)) return true;
      return script.model.commands.some(
        (c) => usesSuiteWait(c) && c.args.some((a) => (a.value ?? a.text).split("/").includes(dep)),
      );
    };

    const idiom = (dep: string, script: Script): string => {
      const k = context.deployment.kind;
      const family = context.supervisor.family;
      // s6-overlay v3 runs legacy services.d directories under its s6-svscan, outside s6-rc.
      const s6rc =
        context.service.s6rc !== undefined ||
        k === "s6-rc-source" ||
        (k === "s6-overlay-v3" && context.service.abs.split(path.sep).includes("s6-rc.d"));
      // `#!/command/with-contenv` is s6-overlay v3's, whose scan directory is /run/service.
      const v3 = k === "s6-overlay-v3" || (k === "s6-overlay-v2" && script.shebang.path?.startsWith("/command/"));
      const key = s6rc ? "s6-rc" : v3 ? "s6" : k === "s6-overlay-v2" ? "s6-overlay-v2" : family;
      const text =
        key === undefined
          ? `your supervisor's own check: runit's ${DEPENDENCY_IDIOMS.runit}; s6's ${DEPENDENCY_IDIOMS.s6}`
          : DEPENDENCY_IDIOMS[key];
      return text.replace(/\{\{dep\}\}/g, dep);
    };

    /** Whether the probed names are the service itself, or a program the script started before. */
    const isOwn = (names: readonly string[], daemon: string | undefined, script: Script, before: number): boolean => {
      const own = new Set([normalize(self), daemon ?? ""].map((n) => unversioned(n.toLowerCase())));
      for (const c of script.model.commands)
        if (c.node.endIndex <= before) {
          const n = finalProgram(execChain(c))?.name;
          if (n) own.add(unversioned(n.toLowerCase()));
        }
      return names.some((n) => own.has(unversioned(n.toLowerCase())));
    };

    const startedBefore = (script: Script, daemon: string, before: Command): boolean =>
      script.model.commands.some(
        (c) => c.node.endIndex <= before.node.startIndex && finalProgram(execChain(c))?.name === daemon,
      );

    /** Sibling services named by a word of `texts` (a comment, the commands after the sleep). */
    const namedSibling = (texts: readonly string[]): string | undefined => {
      const tokens = new Set(texts.flatMap((t) => t.toLowerCase().split(/[^a-z0-9_-]+/)));
      for (const s of siblingList()) {
        const n = normalize(s);
        if (n.length >= 3 && (tokens.has(n) || tokens.has(s.toLowerCase()))) return s;
      }
      return undefined;
    };

    const reportLoop = (
      script: Script,
      probes: readonly Probe[],
      loopStart: number,
      daemon: string | undefined,
      bounded: boolean,
    ): void => {
      const probe = probes.find((p) => p.local === true);
      // A loop nested in another one may find the same probe: reported once.
      if (!probe || reported.has(probe.node.startIndex)) return;
      reported.add(probe.node.startIndex);
      if (isOwn(probe.names, daemon, script, loopStart)) return;
      const dep = siblingFor(probe.names);
      const program = daemon ?? "the daemon";
      if (dep !== undefined) {
        if (declared(dep, script)) return;
        context.report({
          node: probe.node,
          script,
          messageId: "poll",
          data: {
            probe: probe.what,
            dep,
            program,
            down: bounded ? `the loop gives up and \`${program}\` starts without it` : "it waits forever",
            idiom: idiom(dep, script),
          },
        });
        return;
      }
      context.report({
        node: probe.node,
        script,
        messageId: "pollLocal",
        severity: "info",
        certainty: "conditional",
        data: { probe: probe.what, program, idiom: idiom("SERVICE", script) },
      });
    };

    const reportSleep = (script: Script, cmd: Command, secs: number, daemon: string, after: string[]): void => {
      const row = cmd.node.startPosition.row;
      const comments = script.model.comments
        .filter((c) => c.node.startPosition.row >= row - 3 && c.node.startPosition.row <= row)
        .map((c) => c.node.text);
      const dep = namedSibling([...comments, ...after]);
      const data = {
        sleep: cmd.node.text,
        seconds: `${secs} s`,
        program: daemon,
      };
      if (dep !== undefined && !declared(dep, script)) {
        context.report({
          node: cmd.node,
          script,
          messageId: "sleepFor",
          certainty: "conditional",
          data: { ...data, dep, idiom: idiom(dep, script) },
        });
        return;
      }
      if (dep !== undefined) return;
      context.report({
        node: cmd.node,
        script,
        messageId: "sleep",
        severity: "info",
        certainty: "conditional",
        data: { ...data, idiom: idiom("SERVICE", script) },
      });
    };

    const shell = (script: Script): void => {
      const model = script.model;
      const last = model.lastStatement;
      if (!last || /^(while|until|for)_statement$|^(c_style_)?for_statement$/.test(last.type)) return;
      // The command that becomes the service: a top-level `exec prog` (what follows is dead code),
      // else the last command of the last statement.
      const topExec = model.commands.find((c) => c.topLevel && c.name?.value === "exec" && c.args.length > 0);
      let final: Command | undefined = topExec;
      if (!final) {
        const inLast = model.commands.filter((c) => !c.inSubstitution && within(c.node, last));
        // `daemon 2>&1 | logger`: the daemon is the pipeline's first program.
        final = inLast.find((c) => c.feedsPipe) ?? inLast[inLast.length - 1];
      }
      if (!final) return;
      let daemon = finalProgram(execChain(final))?.name;
      // `silent exec app`: a wrapper function that runs its arguments.
      if (final.args[0]?.value === "exec" && final.args[1]) daemon = programName(final.args[1]);
      if (daemon === undefined || NO_DAEMON.has(daemon) || SUITE_WAITS.has(daemon)) return;
      // A function of the script (`main "$@"`): what it starts is not read.
      const escaped = daemon.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
      if (new RegExp(`^[ \\t]*(function[ \\t]+${escaped}\\b|${escaped}[ \\t]*\\(\\s*\\))`, "m").test(model.text))
        return;
      const boundary = topExec ? topExec.statement.startIndex : last.startIndex;

      for (const loop of model.loops ?? []) {
        if (loop.detached || loop.node.endIndex > boundary) continue;
        const inLoop = model.commands.filter((c) => within(c.node, loop.node));
        if (!inLoop.some(isSleeper) || inLoop.some(usesSuiteWait)) continue;
        const inCondition = inLoop.filter((c) => within(c.node, loop.condition));
        let probes = [
          ...inCondition.map(probeOf).filter((p): p is Probe => p !== undefined),
          ...textProbes(loop.condition),
        ];
        if (probes.length === 0 && /\bbreak\b/.test(loop.body.text))
          probes = inLoop.filter((c) => within(c.node, loop.body)).flatMap((c) => probeOf(c) ?? []);
        if (probes.length > 0) reportLoop(script, probes, loop.node.startIndex, daemon, BOUNDED.test(loop.node.text));
      }

      if (model.commands.some(usesSuiteWait)) return;
      const text = model.text;
      for (const cmd of model.commands) {
        if (!cmd.topLevel || cmd.statement.endIndex > boundary || !isSleeper(cmd)) continue;
        // `sleep 5 &`: not a wait.
        if (/^[ \t]*&(?!&)/.test(text.slice(cmd.statement.endIndex))) continue;
        const secs = seconds(cmd);
        if (secs === undefined || secs < 1 || secs > MAX_WAIT_SECONDS) continue;
        // `nginx -g 'daemon on;'; sleep 2`: it waits for the daemon this script started itself.
        if (startedBefore(script, daemon, cmd)) continue;
        reportSleep(script, cmd, secs, daemon, words(final));
      }
    };

    const execline = (script: Script): void => {
      const model = script.model;
      const main = model.commands.find((c) => c.topLevel);
      const daemon = main && finalProgram(execChain(main))?.name;
      if (!main || daemon === undefined || NO_DAEMON.has(daemon) || SUITE_WAITS.has(daemon)) return;
      if (model.commands.some(usesSuiteWait)) return;
      const text = model.text;
      const onPath = (index: number): boolean => {
        const openers = execlineOpeners(text, index);
        return openers.length > 0 && openers.every((o) => ON_PATH.has(o.opener));
      };
      // loopwhilex inside `foreground { }` / `if { }` of the main chain.
      for (const m of text.matchAll(/(^|\s)loopwhilex(?=\s)/g)) {
        const at = m.index + m[1]!.length;
        const lineStart = text.lastIndexOf("\n", at) + 1;
        if (text.slice(lineStart, at).includes("#") || !onPath(at)) continue;
        const openers = execlineOpeners(text, at);
        const end = execlineBlockEnd(text, openers[openers.length - 1]!.open);
        const inside = model.commands.filter((c) => c.node.startIndex > at && c.node.endIndex <= end);
        if (!inside.some(isSleeper)) continue;
        const probes = inside.map(probeOf).filter((p): p is Probe => p !== undefined);
        if (probes.length > 0) reportLoop(script, probes, at, daemon, false);
      }
      for (const cmd of model.commands) {
        if (cmd.topLevel || !isSleeper(cmd) || !onPath(cmd.node.startIndex)) continue;
        if (execlineOpeners(text, cmd.node.startIndex).length !== 1) continue;
        const secs = seconds(cmd);
        if (secs === undefined || secs < 1 || secs > MAX_WAIT_SECONDS) continue;
        reportSleep(script, cmd, secs, daemon, words(main));
      }
    };

    return {
      script(script: Script) {
        // Only the service's own start: finish, check and the logger's scripts wait for nothing.
        if (script.rel !== "run") return;
        if (script.model.language === "execline") execline(script);
        else shell(script);
      },
    };
  },
});
