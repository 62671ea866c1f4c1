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
      errors: [{ messageId: "trailingBlank", file: "env/USER", severity: "info", fix: "safe" }],
      output: "app\n",
    },
    {
      name: "CRLF: envdir keeps the \\r",
      files: { run: RUN, "env/HOST": "db.local\r\n" },
      errors: [{ messageId: "carriageReturn", severity: "error", fix: "safe" }],
      output: "db.local\n",
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
          fix: "safe",
        },
      ],
      output: "db.local\n",
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
    // The fix cuts the run of blanks and carriage returns that ends the first line, and nothing else.
    {
      name: "fix: blanks before the \\r go with it",
      files: { run: RUN, "env/HOST": "db.local \t\r\n" },
      errors: [{ messageId: "carriageReturn", severity: "error", fix: "safe" }],
      output: "db.local\n",
    },
    // envdir cuts the blanks, then the \r ends the value: as much a CRLF as one at the very end.
    {
      name: "a \\r before trailing blanks: envdir keeps it",
      files: { run: RUN, "env/HOST": "db.local\r \n" },
      errors: [{ messageId: "carriageReturn", severity: "error", fix: "safe" }],
      output: "db.local\n",
    },
    {
      name: "s6: blanks and a \\r, all cut by s6-envdir",
      files: { run: "#!/command/execlineb -P\ns6-envdir ./env app\n", "env/HOST": "db.local \r\n" },
      errors: [{ messageId: "trailingBlank", severity: "info", fix: "safe" }],
      output: "db.local\n",
    },
    {
      name: "fix: the first line of a multi-line file only; its other lines are not dropped",
      files: { run: RUN, "env/KEY": "abc \ndef\r\n" },
      errors: [
        { messageId: "extraLines", fix: "none" },
        { messageId: "trailingBlank", severity: "info", fix: "safe" },
      ],
      output: "abc\ndef\r\n",
    },
    {
      name: "fix: offsets count UTF-16 code units, past a BOM and characters outside the BMP",
      files: { run: RUN, "env/GREETING": "\ufeffh\u00e9\u20ac\ud83d\ude00 \t\nnext\n" },
      errors: [{ messageId: "extraLines" }, { messageId: "trailingBlank", severity: "info", fix: "safe" }],
      output: "\ufeffh\u00e9\u20ac\ud83d\ude00\nnext\n",
    },
    {
      name: "fix: no trailing newline",
      files: { run: RUN, "env/PORT": "8080\t" },
      errors: [{ messageId: "trailingBlank", severity: "info", fix: "safe" }],
      output: "8080",
    },
    // Emptied, the file would unset the variable, which the blanks set to the empty string.
    {
      name: "no fix: a file of blanks alone",
      files: { run: RUN, "env/EMPTY": "  " },
      errors: [{ messageId: "trailingBlank", severity: "info", fix: "none" }],
    },
    {
      name: "no fix: a link to the file (the fixer writes no file through a link)",
      files: { run: RUN, "env/USER": { symlink: "../shared/USER" }, "shared/USER": "app \n" },
      errors: [{ messageId: "trailingBlank", severity: "info", file: "env/USER", fix: "none" }],
    },
    {
      name: "no fix: the extra lines of a multi-line file",
      files: { run: RUN, "env/KEY": "-----BEGIN KEY-----\nabc\n" },
      errors: [{ messageId: "extraLines", fix: "none" }],
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
    // The fix of TOKEN's blanks is offsets and no text.
    expect(f[1]!.fix?.edits).toEqual([{ range: [SECRET.length, SECRET.length + 2], text: "" }]);
    expect(JSON.stringify(f)).not.toContain(SECRET);
  });

  it("gives no fix for a file that is not UTF-8, which the fixer could not write back unchanged", () => {
    const dir = makeService({ run: RUN });
    fs.mkdirSync(path.join(dir, "env"));
    fs.writeFileSync(path.join(dir, "env/NAME"), Buffer.from([0x72, 0xe9, 0x20, 0x0a]));
    const f = findings(dir, lintWith(dir, [rule]));
    expect(f.map((x) => [x.file, x.message.slice(0, 9), x.fix])).toEqual([["env/NAME", "The first", undefined]]);
  });

  it("gives no fix for a file longer than what it reads of it", () => {
    const dir = makeService({ run: RUN, "env/BIG": `x \n${"y".repeat(70 * 1024)}\n` });
    const f = findings(dir, lintWith(dir, [rule]));
    expect(f.map((x) => [x.message.slice(0, 9), x.fix])).toEqual([
      ["`env/BIG`", undefined],
      ["The first", undefined],
    ]);
  });

  it("does not open a FIFO in an env dir", () => {
    const dir = makeService({ run: RUN, "env/PIPE": { fifo: true }, "env/PORT": "1\n2\n" });
    // A blocking open of the FIFO would hang the test; the O_NONBLOCK open and the kind check prevent it.
    const f = findings(dir, lintWith(dir, [rule]));
    expect(f.map((x) => x.file)).toEqual(["env/PORT"]);
    expect(fs.statSync(path.join(dir, "env/PIPE")).isFIFO()).toBe(true);
  });
});
