// @ts-check
// npm run new-rule -- <id>: writes a new rule, its test and its doc from templates. Every TODO
// must be filled in before `npm test` passes (the meta test checks the description and the doc);
// `npm run build` then adds the rule to src/rules/index.ts and to the README's rule table.
import * as fs from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

const rule = (id) => `// TODO: one or two lines on what goes wrong on a real machine, and how the script shows it.
import { defineRule } from "../engine/rule.js";
import { finalOf } from "../model/fileops.js";

export default defineRule({
  meta: {
    id: "${id}",
    type: "problem",
    severity: "error",
    // "Require …" or "Disallow …", one sentence without a full stop (the README and --list-rules show it).
    docs: { description: "TODO" },
    messages: {
      // What is wrong, what happens on the machine, and what to write instead, in the suite's programs.
      found: "TODO \`{{program}}\` …",
    },
  },
  create(context) {
    return {
      command(cmd) {
        const program = finalOf(cmd);
        if (program?.name !== "TODO") return;
        context.report({ node: cmd.node, messageId: "found", data: { program: program.name } });
      },
    };
  },
});
`;

const test = (id) => `import rule from "../../src/rules/${id}.js";
import { runRuleTests } from "../helpers.js";

// Each case is a service directory written to disk: \`run\`, \`logRun\`, or \`files\` for the whole tree.
runRuleTests(rule, {
  valid: [{ name: "TODO: a service the rule must accept", run: "#!/bin/sh\\nexec TODO-good\\n" }],
  invalid: [
    {
      name: "TODO: a service the rule must report",
      run: "#!/bin/sh\\nexec TODO\\n",
      errors: [{ messageId: "found", line: 2, column: 1, data: { program: "TODO" } }],
    },
  ],
});
`;

const doc = (id) => `# ${id}

TODO (the rule's description, with a full stop).

- Type: problem · Default severity: **error** · Context: any

## What it finds

TODO: the commands and files the rule reads, and what it reports.

## Why

TODO: what happens on a real machine, shown with the real supervisor where you can (test/truth).

## Incorrect

\`\`\`sh file=run
#!/bin/sh
exec TODO
\`\`\`

## Correct

\`\`\`sh file=run
#!/bin/sh
exec TODO-good
\`\`\`

## Fixing

TODO: "No automatic fix: …" and why; or how \`--fix\` corrects it (meta.fixable: "code"), or the suggestions it offers (meta.hasSuggestions).

## When not to use it

TODO
`;

/** Writes the three files under `root` (the repository; a test passes a scratch directory). */
export function main(args = process.argv.slice(2), root = ROOT) {
  const id = args[0];
  if (!id || !/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(id)) {
    console.error("usage: npm run new-rule -- <id>   (lower-case words joined by hyphens, e.g. no-sudo)");
    return 2;
  }
  const files = [
    [path.join(root, "src/rules", `${id}.ts`), rule(id)],
    [path.join(root, "test/rules", `${id}.test.ts`), test(id)],
    [path.join(root, "docs/rules", `${id}.md`), doc(id)],
  ];
  const existing = files.filter(([f]) => fs.existsSync(f)).map(([f]) => path.relative(root, f));
  if (existing.length > 0) {
    console.error(`new-rule: ${existing.join(", ")} already exist; nothing written`);
    return 1;
  }
  for (const [f, text] of files) {
    fs.mkdirSync(path.dirname(f), { recursive: true });
    fs.writeFileSync(f, text, { flag: "wx" });
    console.log(`wrote ${path.relative(root, f)}`);
  }
  console.log(
    "Fill in every TODO, then `npm run format && npm test` (its build adds the rule to the registry and the README).",
  );
  return 0;
}

if (process.argv[1] && fs.realpathSync(process.argv[1]) === fileURLToPath(import.meta.url)) process.exitCode = main();
