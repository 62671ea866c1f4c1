// A supervised daemon must stay in the foreground. One that forks exits at once as far as the
// supervisor can tell: it is restarted in a loop while the forked copy runs unsupervised. Which
// daemons fork, and which options or config settings stop them, is the table in
// src/knowledge/daemons.ts. When the config file decides and the tree does not hold it, the finding is
// conditional and worded as such; when the tree holds it, the file decides.
import { defineRule, type FixDescriptor, type RuleContext } from "../engine/rule.js";
import { type Program, type Script } from "../model/model.js";
import { configTexts, serviceDaemon } from "../model/service-daemon.js";
import { debugModeOf } from "../knowledge/debug-modes.js";
import {
  configPaths,
  daemonEntry,
  hasOption,
  type ConfigVerdict,
  type DaemonConfig,
  type DaemonEntry,
  type OptionMatch,
} from "../knowledge/daemons.js";

const show = (m: OptionMatch): string => (typeof m === "string" ? m : `${m.option} '${m.contains};'`);

/**
 * Names shared by daemons that take other options: BusyBox's httpd knows no `-D` and Apache 1.3's
 * wants `-F`, so `-DFOREGROUND` may stop the one installed from starting.
 */
const OTHER_IMPLEMENTATIONS = new Set(["httpd"]);

/**
 * The edit that adds the daemon's no-fork option to its command, as the table's advice writes it
 * (`clamd --foreground`, `nginx -g 'daemon off;'`), or undefined when adding it is not certain to
 * be right. It goes right after the program word, or after the config file that must come first
 * (redis-server's operand).
 */
function addForegroundOption(p: Program, entry: DaemonEntry, script: Script): FixDescriptor | undefined {
  const options = entry.foreground ?? [];
  const advised = entry.fix.split(/\s+/);
  const m = options.find((o) => typeof o === "string" && advised.includes(o)) ?? options[0];
  if (m === undefined) return undefined;
  const q = script.model.language === "execline" ? '"' : "'";
  const text = typeof m === "string" ? m : `${m.option} ${q}${m.contains};${q}`;
  // An option already given with another value would be given twice: nginx takes only the last `-g`.
  const flag = typeof m === "string" ? m.split(" ")[0]! : m.option;
  if (
    p.args.some(
      (a) =>
        a.value === flag ||
        (a.value ?? "").startsWith(`${flag}=`) ||
        (typeof m !== "string" && (a.value ?? "").startsWith(flag)),
    )
  )
    return undefined;
  const first = p.args[0];
  const after = entry.config?.operand && first && !(first.value ?? "-").startsWith("-") ? first : p.word;
  // The table names two implementations with different options (`crond -f (BusyBox) or crond -n (cronie)`).
  const unsure = entry.fix.includes(" or ") || OTHER_IMPLEMENTATIONS.has(p.name!);
  return {
    edits: { range: [after.node.endIndex, after.node.endIndex], text: ` ${text}` },
    ...(unsure ? { applicability: "unsafe" as const } : {}),
  };
}

interface ConfigLookup {
  /** What the files found say, all agreeing; undefined when none was found or they disagree. */
  verdict: ConfigVerdict | undefined;
  /** The file that decided (repository-relative, or the live path). */
  file: string | undefined;
  /** The paths looked for, for messages. */
  paths: readonly string[];
}

function lookUpConfig(config: DaemonConfig, paths: readonly string[], context: RuleContext): ConfigLookup {
  const verdicts = configTexts(paths, context).map(({ text, file }) => ({ v: config.read(text), file }));
  const first = verdicts[0];
  if (!first || verdicts.some((x) => x.v.mode !== first.v.mode)) return { verdict: undefined, file: undefined, paths };
  return { verdict: first.v, file: first.file, paths };
}

export default defineRule({
  meta: {
    id: "foreground-daemon",
    type: "problem",
    severity: "error",
    fixable: "code",
    docs: {
      severities: "error / warning / info",
      description: "Require daemons started by run to stay in the foreground, with their no-fork option",
    },
    messages: {
      daemonizes:
        "`{{program}}` is started with `{{option}}`, which makes it fork into the background: the supervisor sees it exit " +
        "and restarts it in a loop while the forked copy runs unsupervised. Write `{{fix}}` ({{manual}}).",
      forks:
        "`{{program}}` forks into the background unless started with {{options}}: the supervisor sees it exit and " +
        "restarts it in a loop while the forked copy runs unsupervised. Write `{{fix}}` ({{manual}}).",
      configForks:
        "`{{program}}` forks into the background: its config {{file}} {{says}}, and it is started without {{options}}. " +
        "The supervisor sees it exit and restarts it in a loop while the forked copy runs unsupervised. {{fix}} ({{manual}}).",
      config:
        "`{{program}}` forks if its config ({{paths}}, which svlint could not read here) {{condition}}, and it is started " +
        "without {{options}}: then the supervisor sees it exit and restarts it in a loop. {{fix}} ({{manual}}).",
    },
  },
  create(context) {
    const judge = (p: Program, entry: DaemonEntry, script: Script): void => {
      const args = p.args.map((w) => w.value);
      // Run-time words (`$DAEMON_OPTS`) may hold the option: not judged.
      const dynamic = args.includes(undefined);
      const options = (entry.foreground ?? []).map((m) => `\`${show(m)}\``).join(" or ");
      const data = { program: p.name!, fix: entry.fix, manual: entry.manual, options };
      const bad = entry.daemonize?.find((m) => hasOption(args, m));
      if (bad) {
        context.report({ node: p.word.node, messageId: "daemonizes", data: { ...data, option: show(bad) } });
        return;
      }
      // A debug mode (sshd -d, apache2 -X) does not fork: debug-mode reports it.
      if (debugModeOf(p.name!, args)) return;
      if (dynamic || entry.foreground?.some((m) => hasOption(args, m))) return;
      // Daemons that fork only in daemon mode (freshclam -d).
      if (entry.forksWith && !entry.forksWith.some((m) => hasOption(args, m))) return;
      if (entry.default === "foreground" && !entry.forksWith) return;

      const fix = addForegroundOption(p, entry, script);
      const withFix = fix ? { fix } : {};
      const config = entry.config;
      if (!config) {
        context.report({ node: p.word.node, messageId: "forks", data, ...withFix });
        return;
      }
      const paths = configPaths(config, args);
      if (paths === undefined) return;
      if (paths.length === 0) {
        // No config file is read: the built-in default decides.
        if (config.withoutConfig === "forks")
          context.report({ node: p.word.node, messageId: "forks", data, ...withFix });
        return;
      }
      const { verdict, file } = lookUpConfig(config, paths, context);
      if (verdict?.mode === "foreground") return;
      if (verdict?.mode === "forks") {
        const says = verdict.set !== undefined ? `says \`${verdict.set}\`` : config.forksIf.replace(/ \(.*\)$/, "");
        // nginx refuses `-g 'daemon off;'` when its config sets `daemon` too: advise the config then.
        const where = `\`${file}\``;
        const conflicts = verdict.set !== undefined && config.flagConflicts;
        const advice = conflicts
          ? `Change \`${verdict.set}\` to \`${config.foregroundSetting}\` in ${where}`
          : `Write \`${entry.fix}\`, or ${config.configFix.replace("{file}", where)}`;
        context.report({
          node: p.word.node,
          messageId: "configForks",
          data: { ...data, file: where, says, fix: advice },
          // The flag would repeat the config's directive; otherwise it overrides the config's setting.
          ...(conflicts ? {} : withFix),
        });
        return;
      }
      // Not in the tree (or files disagree, or an include may decide): a condition, not a fact.
      const advice = config.flagConflicts
        ? `Make sure it says \`${config.foregroundSetting}\`; only if it has no such directive at all, \`${entry.fix}\` works too (the flag repeating a directive of the config stops it from starting)`
        : `If so, write \`${entry.fix}\`, or ${config.configFix.replace("{file}", "it")}`;
      context.report({
        node: p.word.node,
        messageId: "config",
        // A note: on the real-world corpus, the config svlint could not read kept the daemon in the
        // foreground in 5 of 7 cases (rendered from a template, edited by a start-up script).
        severity: "info",
        certainty: "conditional",
        data: { ...data, paths: paths.map((x) => `\`${x}\``).join(", "), condition: config.forksIf, fix: advice },
        // The unread config may already say it (nginx then refuses a repeated directive); where the
        // flag overrides the config it is right either way, and the engine makes it unsafe.
        ...(config.flagConflicts ? {} : withFix),
      });
    };
    return {
      command(cmd, script) {
        // Under a TCP server, the program serves one connection per process (publicfile's httpd,
        // `sshd -i`): the server is the daemon. Only the command that becomes the service counts.
        const p = serviceDaemon(cmd, script, context.service)?.program;
        const entry = p?.name === undefined ? undefined : daemonEntry(p.name);
        if (!p || !entry) return;
        judge(p, entry, script);
      },
    };
  },
});
