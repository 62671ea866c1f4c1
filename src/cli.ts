// The svlint command: parse arguments, lint, print, and choose the exit code
// (0 clean, 1 at least one error-severity finding, 2 usage or internal error).
import { writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { FORMATS, loadFormatter, type FormatName } from "./formatters/index.js";
import { lint, type LintContext } from "./index.js";
import { version } from "./version.js";

const HELP = `Usage: svlint [options] [path…]

Lint daemontools, runit and s6 service directories. Each path may be a service
directory, a scan directory such as /service, a repository, or a file inside a
service. With no path, svlint lints the current directory.

Options:
  -f, --format NAME        stylish (default), json or sarif
  -o, --output-file FILE   write the report to FILE instead of standard output
      --context NAME       live (a deployed tree: modes and owners matter) or
                           repo (a checkout); default: repo inside a git work tree
      --color, --no-color  force colour on or off (NO_COLOR and FORCE_COLOR work too)
  -h, --help               show this help
  -v, --version            show the version

Exit codes: 0 no errors, 1 at least one error, 2 usage or internal error.

Examples:
  svlint /service               lint every service svscan supervises
  svlint -f sarif -o svlint.sarif .
`;

class UsageError extends Error {}

function write(text: string): void {
  process.stdout.write(text);
}

export async function main(argv: string[]): Promise<number> {
  try {
    let parsed;
    try {
      parsed = parseArgs({
        args: argv,
        allowPositionals: true,
        options: {
          format: { type: "string", short: "f" },
          "output-file": { type: "string", short: "o" },
          context: { type: "string" },
          color: { type: "boolean" },
          "no-color": { type: "boolean" },
          help: { type: "boolean", short: "h" },
          version: { type: "boolean", short: "v" },
        },
      });
    } catch (err) {
      throw new UsageError((err as Error).message.replace(/\. To specify a positional argument.*$/s, "."));
    }
    const { values, positionals } = parsed;
    if (values.help) {
      write(HELP);
      return 0;
    }
    if (values.version) {
      write(version() + "\n");
      return 0;
    }
    const format = (values.format ?? "stylish") as FormatName;
    if (!FORMATS.includes(format)) throw new UsageError(`unknown format '${values.format}'; use one of: ${FORMATS.join(", ")}`);
    const context = values.context as LintContext | undefined;
    if (context !== undefined && context !== "live" && context !== "repo") {
      throw new UsageError(`unknown context '${values.context}'; use live or repo`);
    }

    const report = lint(positionals.length > 0 ? positionals : ["."], context ? { context } : {});
    for (const f of report.fatal) process.stderr.write(`svlint: ${f.path}: ${f.message}\n`);
    if (report.fatal.length > 0) return 2;
    for (const w of report.warnings) process.stderr.write(`svlint: warning: ${w.path}: ${w.message}\n`);
    if (report.services.length === 0) process.stderr.write("svlint: warning: no service directories found (a service is a directory with a run file)\n");

    const color = values["no-color"] ? false : values.color ? true : undefined;
    const formatter = await loadFormatter(format);
    const outFile = values["output-file"];
    const text = formatter(report, { cwd: process.cwd(), color: outFile ? false : color });
    if (outFile) writeFileSync(outFile, text);
    else write(text);

    if (report.ruleErrorCount > 0) return 2;
    return report.errorCount > 0 ? 1 : 0;
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`svlint: ${err.message}\nTry 'svlint --help'.\n`);
      return 2;
    }
    process.stderr.write(`svlint: internal error: ${(err as Error)?.message ?? String(err)}\n`);
    if (process.env.SVLINT_DEBUG) process.stderr.write(`${(err as Error)?.stack ?? ""}\n`);
    return 2;
  }
}
