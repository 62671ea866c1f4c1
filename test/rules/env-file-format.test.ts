import * as fs from "node:fs";
import * as path from "node:path";
import rule from "../../src/rules/env-file-format.js";
import { findings, lintWith, makeService } from "../helpers.js";
import { runRuleTests } from "../helpers.js";

const RUN = "#!/bin/sh\nexec envdir ./env setuidgid app app\n";
const SECRET = "hunter2-do-not-print";

runRuleTests(rule, {
  valid: [
    { name: "one value on one line", files: { run: RUN, "env/PORT": "8080\n" } },
    { name: "no trailing newline", files: { run: RUN, "env/PORT": "8080" } },
    { name: "an empty file (unsets the variable)", files: { run: RUN, "env/UNSET": "" } },
    { name: "a .gitkeep placeholder", files: { run: RUN, "env/.gitkeep": "" } },
    { name: "trailing blank lines are harmless", files: { run: RUN, "env/PORT": "8080\n\n" } },
    {
      name: "s6-envdir cuts a carriage return",
      files: { run: "#!/command/execlineb -P\ns6-envdir ./env app\n", "env/HOST": "db.local\r\n" },
    },
    {
      name: "runit: chpst -e with a clean file",
      files: { run: "#!/bin/sh\nexec chpst -e ./env app\n", "env/HOST": "db.local\n" },
    },
  ],
  invalid: [
    {
      name: "two lines: only the first is used",
      files: { run: RUN, "env/KEY": "-----BEGIN KEY-----\nabc\n" },
      errors: [
        {
          messageId: "extraLines",
          // The file as a whole: at its start.
          file: "env/KEY",
          line: 1,
          column: 1,
          endLine: 1,
          endColumn: 1,
          includes: "envdir sets KEY",
          data: { file: "env/KEY", name: "KEY", reader: "envdir" },
        },
      ],
    },
    {
      name: "trailing spaces are cut",
      files: { run: RUN, "env/USER": "app  \n" },
      errors: [{ messageId: "trailingBlank", file: "env/USER", severity: "info" }],
    },
    {
      name: "CRLF: envdir keeps the \\r",
      files: { run: RUN, "env/HOST": "db.local\r\n" },
      errors: [{ messageId: "carriageReturn", severity: "error" }],
    },
    {
      name: "runit: chpst -e keeps the \\r",
      files: { run: "#!/bin/sh\nexec chpst -e ./env app\n", "env/HOST": "db.local\r\n" },
      errors: [
        {
          messageId: "carriageReturn",
          severity: "error",
          includes: "chpst -e keeps it",
          data: { file: "env/HOST", name: "HOST", reader: "chpst -e" },
        },
      ],
    },
    {
      name: "a name with =",
      files: { run: RUN, "env/A=B": "x\n" },
      errors: [
        {
          messageId: "equalsName",
          severity: "error",
          includes: "set `A` to a value that starts with `B=`",
          data: { file: "env/A=B", before: "A", after: "B" },
        },
      ],
    },
    {
      name: "a dot name is skipped",
      files: { run: RUN, "env/.TOKEN": "x\n" },
      errors: [{ messageId: "dotName", includes: "TOKEN is never set" }],
    },
    {
      name: "a macOS AppleDouble file is junk to delete, not a variable to rename",
      files: {
        run: RUN,
        "env/PORT": "8080\n",
        "env/._PORT": { content: "\u0000\u0005\u0016\u0007\u0000\u0002\u0000\u0000Mac OS X        \n\u0000\u0001" },
      },
      errors: [{ messageId: "macosJunk", file: "env/._PORT", severity: "info", includes: "Delete it" }],
    },
    {
      name: ".DS_Store in an env dir",
      files: { run: RUN, "env/.DS_Store": "\u0000\u0000\u0000\u0001Bud1" },
      errors: [{ messageId: "macosJunk", severity: "info" }],
    },
    {
      name: "s6: a multi-line file under s6-envdir",
      files: { run: "#!/command/execlineb -P\ns6-envdir ./env app\n", "env/MOTD": "a\nb\n" },
      errors: [{ messageId: "extraLines", includes: "s6-envdir" }],
    },
    {
      name: "the conventional env/ unnamed by any script",
      files: { run: "#!/bin/sh\nexec app\n", "env/X": "a\nb\n" },
      errors: [{ messageId: "extraLines" }],
    },
  ],
});

describe("env-file-format never shows a value", () => {
  it("reports the file but not what it holds, in any message", () => {
    const dir = makeService({ run: RUN, "env/PASSWORD": `${SECRET}\n${SECRET}\r\n`, "env/TOKEN": `${SECRET}  \n` });
    const f = findings(dir, lintWith(dir, [rule]));
    expect(f.map((x) => [x.file, x.ruleId])).toEqual([
      ["env/PASSWORD", "env-file-format"],
      ["env/TOKEN", "env-file-format"],
    ]);
    for (const x of f) expect(x.message).not.toContain(SECRET);
  });

  it("does not open a FIFO in an env dir", () => {
    const dir = makeService({ run: RUN, "env/PIPE": { fifo: true }, "env/PORT": "1\n2\n" });
    // A blocking open of the FIFO would hang the test; the O_NONBLOCK open and the kind check prevent it.
    const f = findings(dir, lintWith(dir, [rule]));
    expect(f.map((x) => x.file)).toEqual(["env/PORT"]);
    expect(fs.statSync(path.join(dir, "env/PIPE")).isFIFO()).toBe(true);
  });
});
