// `cat > file` as a logger: the file grows without bound, nothing rotates it, and cat killed
// mid-line loses the partial line. multilog/svlogd/s6-log rotate and write whole lines.
import { defineRule } from "../engine/rule.js";
import { finalOf } from "../model/fileops.js";

/** Redirect targets that are not log files. */
const NOT_A_FILE = /^\/dev\/(null|stdout|stderr|tty|console|fd\/\d+)$|^\/proc\/self\/fd\/\d+$/;

export default defineRule({
  meta: {
    id: "no-cat-logging",
    type: "problem",
    severity: "warning",
    docs: { description: "Disallow logging with cat redirected to a file instead of a rotating logger" },
    messages: {
      catToFile:
        "`cat` copies the log into `{{file}}`, which grows without bound (nothing rotates it) and loses a partial " +
        "line when cat is stopped. Use a logger that rotates, e.g. `exec multilog t ./main` (daemontools), " +
        "`exec svlogd -tt ./main` (runit) or `exec s6-log t ./main` (s6).",
    },
  },
  create(context) {
    return {
      command(cmd) {
        const p = finalOf(cmd);
        if (!p || p.name !== "cat") return;
        // cat with file operands copies files; with a stdin redirect (`<<EOF`, `<f`) it writes a file once.
        const readsStdin = p.args.every((a) => (a.value ?? a.text).startsWith("-")); // options or `-` only
        if (!readsStdin || cmd.redirects.some((r) => r.fd === 0)) return;
        for (const r of cmd.redirects) {
          if (r.fd !== 1 || !/^(>|>>|>\||&>|&>>)$/.test(r.op) || !r.target) continue;
          const target = r.target.value ?? r.target.text;
          if (NOT_A_FILE.test(target)) continue;
          context.report({ node: cmd.statement, messageId: "catToFile", data: { file: r.target.text } });
          return;
        }
      },
    };
  },
});
