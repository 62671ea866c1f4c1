// svlogd (runit 2.1.2): `-b` must exceed `-l` or it prints its usage and exits 111; it needs a
// directory; and it silently ignores any line of DIR/config it does not know.
import * as posix from "node:path/posix";
import { defineRule } from "../engine/rule.js";
import { readSvlogdArgs, readSvlogdConfig } from "../knowledge/loggers.js";
import { execChain, finalProgram } from "../model/chains.js";

export default defineRule({
  meta: {
    id: "svlogd-config",
    type: "problem",
    severity: "error",
    docs: { description: "Require svlogd's options and its directories' config files to be ones svlogd accepts" },
    messages: {
      bufferTooSmall:
        "svlogd's buffer (-b {{buffer}}) must be larger than its line length (-l {{line}}): svlogd prints its usage and exits " +
        "111, so the logger restarts every second. Write `-b {{fix}}` or more, or a smaller -l.",
      noDirectory:
        "svlogd is given no log directory: it prints its usage and exits 111. Add one, e.g. `svlogd -tt ./main`.",
      configUnknown:
        "`{{setting}}` is not an svlogd setting, so svlogd silently ignores this line. Settings: sSIZE, nNUM, NMIN, tSECS, " +
        "!processor, uHOST[:PORT], pPREFIX, and + - e E patterns.",
      configNumber:
        "svlogd reads `{{setting}}` as `{{read}}`: it takes only the digits right after `{{letter}}`. Write the number alone.",
      configMinOverMax:
        "`N{{min}}` must be below `n{{max}}`: svlogd cannot keep at least {{min}} old files when it keeps at most {{max}}. Lower N or raise n.",
    },
  },
  create(context) {
    return {
      command(cmd, script) {
        const p = finalProgram(execChain(cmd));
        if (p?.name !== "svlogd") return;
        const a = readSvlogdArgs(p.args);
        if (a.bufferLength.value <= a.lineLength.value) {
          const where = a.bufferLength.word ?? a.lineLength.word ?? p.word;
          context.report({
            node: where.node,
            messageId: "bufferTooSmall",
            data: { buffer: a.bufferLength.value, line: a.lineLength.value, fix: a.lineLength.value + 1 },
          });
        }
        if (a.directories.length === 0 && !a.dynamic) context.report({ node: p.word.node, messageId: "noDirectory" });
        // DIR/config, for directories inside the service (relative to the script's directory).
        for (const d of a.directories) {
          const v = d.value;
          if (v === undefined) continue;
          const svcAbs = context.service.abs;
          let rel: string;
          if (posix.isAbsolute(v)) {
            if (!v.startsWith(svcAbs + "/")) continue;
            rel = v.slice(svcAbs.length + 1);
          } else rel = posix.join(posix.dirname(script.rel), v);
          rel = posix.normalize(posix.join(rel, "config"));
          if (rel.startsWith("..")) continue;
          const config = context.readText(rel);
          if (config === undefined) continue;
          for (const issue of readSvlogdConfig(config))
            context.report({ file: rel, line: issue.line, messageId: issue.id, data: issue.data });
        }
      },
    };
  },
});
