import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import rule from "../../src/rules/env-dir-permissions.js";
import { fixServices } from "../../src/fix/run.js";
import { lintWith, makeService, runRuleTests, TEST_PASSWD, type TreeSpec } from "../helpers.js";

const RUN = "#!/bin/sh\nexec envdir ./env setuidgid app /usr/bin/app\n";
const SECRET = "s3cr3t-marker-value";
const priv = { dir: true, mode: 0o700 } as const;

// Env dirs outside the service, on this machine's disk: one private, one that others can read.
const outsideRoot = fs.mkdtempSync(path.join(os.tmpdir(), "svlint-outside-env-"));
const outside = (name: string, dirMode: number, fileMode: number): string => {
  const dir = path.join(outsideRoot, name);
  fs.mkdirSync(dir);
  fs.writeFileSync(path.join(dir, "DB_PASSWORD"), SECRET);
  fs.chmodSync(path.join(dir, "DB_PASSWORD"), fileMode);
  fs.chmodSync(dir, dirMode);
  return dir;
};
const privateOutside = outside("private", 0o700, 0o600);
const openOutside = outside("open", 0o755, 0o644);

runRuleTests(rule, {
  valid: [
    {
      name: "an env dir outside the service, private on this machine",
      run: `#!/bin/sh\nexec envdir ${privateOutside} setuidgid app /usr/bin/app\n`,
    },
    {
      name: "an env dir outside the service in a checkout: the disk is not the machine",
      run: `#!/bin/sh\nexec envdir ${openOutside} setuidgid app /usr/bin/app\n`,
      context: "repo",
    },
    {
      name: "0700 directory, 0600 files",
      files: { run: RUN, "env/PASS": { content: SECRET, mode: 0o600 }, env: priv },
    },
    {
      name: "djbdns' env: an address and a directory, no secret, readable by everyone",
      files: {
        run: RUN,
        "env/IP": { content: "127.0.0.1\n", mode: 0o644 },
        "env/ROOT": { content: "/etc/tinydns/root\n", mode: 0o644 },
        env: { dir: true, mode: 0o755 },
      },
    },
    { name: "0400 files", files: { run: RUN, "env/PASS": { content: SECRET, mode: 0o400 }, env: priv } },
    { name: "no env directory", run: "#!/bin/sh\nexec app\n" },
    {
      name: "dot files are skipped by envdir",
      files: { run: RUN, "env/.keep": { content: "", mode: 0o644 }, env: priv },
    },
    {
      name: "in a checkout, modes mean nothing",
      context: "repo",
      files: { run: RUN, "env/PASS": { content: SECRET, mode: 0o644 }, env: { dir: true, mode: 0o755 } },
    },
  ],
  invalid: [
    {
      name: "an env dir outside the service that others can read, holding a secret",
      run: `#!/bin/sh\nexec envdir ${openOutside} setuidgid app /usr/bin/app\n`,
      errors: [
        {
          messageId: "outsideDir",
          file: "run",
          line: 2,
          column: 13,
          endColumn: 13 + openOutside.length,
          data: {
            dir: openOutside,
            mode: "0755",
            who: "group and others can read it",
            secrets: "secrets (`DB_PASSWORD`)",
          },
        },
        {
          messageId: "outsideFile",
          file: "run",
          line: 2,
          column: 13,
          data: {
            file: path.join(openOutside, "DB_PASSWORD"),
            mode: "0644",
            who: "group and others can read it",
            why: "Its name says it holds a secret; make it private",
          },
        },
      ],
    },
    {
      name: "world-readable file in a private directory",
      files: { run: RUN, "env/PASS": { content: SECRET, mode: 0o644 }, env: priv },
      errors: [
        {
          messageId: "file",
          // A file of the tree, not a line of a script: reported at its start.
          file: "env/PASS",
          line: 1,
          column: 1,
          endLine: 1,
          endColumn: 1,
          data: {
            file: "env/PASS",
            mode: "0644",
            who: "group and others can read it",
            why: "Its name says it holds a secret; make it private",
          },
        },
      ],
    },
    {
      name: "open directory, named by envdir: reported where envdir reads it",
      files: { run: RUN, "env/PASS": { content: SECRET, mode: 0o600 }, env: { dir: true, mode: 0o755 } },
      errors: [
        {
          messageId: "dir",
          // At the `envdir` that reads it.
          file: "run",
          line: 2,
          column: 6,
          endLine: 2,
          endColumn: 12,
          includes: "`chmod 0700 env`",
          data: { dir: "env", mode: "0755", who: "group and others can read it", secrets: "secrets (`PASS`)" },
        },
      ],
    },
    {
      name: "group-readable file",
      files: { run: RUN, "env/PASS": { content: SECRET, mode: 0o640 }, env: priv },
      errors: [{ messageId: "file", includes: "its group can read it" }],
    },
    {
      name: "world-writable file",
      files: { run: RUN, "env/PATH": { content: "/bin", mode: 0o602 }, env: priv },
      errors: [{ messageId: "file", includes: "others can write it" }],
    },
    {
      name: "chpst -e directory",
      files: {
        run: "#!/bin/sh\nexec chpst -u app -e ./secrets app\n",
        "secrets/TOKEN": { content: SECRET, mode: 0o644 },
        secrets: priv,
      },
      errors: [{ messageId: "file", file: "secrets/TOKEN" }],
    },
    {
      name: "s6-envdir directory, relative to log/ for the logger",
      files: {
        run: "#!/bin/sh\nexec app\n",
        "log/run": "#!/bin/sh\nexec s6-envdir ../env s6-log t ./main\n",
        "env/TOKEN": { content: SECRET, mode: 0o600 },
        env: { dir: true, mode: 0o750 },
      },
      errors: [
        {
          messageId: "dir",
          file: "log/run",
          line: 2,
          column: 6,
          endLine: 2,
          endColumn: 15,
          data: { dir: "env", mode: "0750", who: "its group can read it", secrets: "secrets (`TOKEN`)" },
        },
      ],
    },
    {
      name: "env/ by convention, not referenced: reported on run line 1",
      files: {
        run: "#!/bin/sh\nexec app\n",
        "env/API_KEY": { content: "x", mode: 0o600 },
        env: { dir: true, mode: 0o711 },
      },
      errors: [{ messageId: "dir", file: "run", line: 1, includes: "group or others can enter it" }],
    },
  ],
});

describe("env-dir-permissions never shows a secret", () => {
  it("reports the file by name only, and the value appears in no message", () => {
    const dir = makeService({
      run: RUN,
      "log/run": "#!/bin/sh\nexec setuidgid nobody multilog t ./main\n",
      "env/DB_PASSWORD": { content: SECRET, mode: 0o644 },
      env: { dir: true, mode: 0o755 },
    });
    const results = lintWith(dir, [rule]);
    const text = JSON.stringify(results);
    expect(results.flatMap((r) => r.messages)).toHaveLength(2);
    expect(text).toContain("env/DB_PASSWORD");
    expect(text).not.toContain(SECRET);
    // Nothing was changed on disk either.
    expect(fs.statSync(path.join(dir, "env/DB_PASSWORD")).mode & 0o777).toBe(0o644);
  });
});

describe("env-dir-permissions' mode fix", () => {
  const modeFixes = (spec: TreeSpec) => {
    const dir = makeService(spec);
    return lintWith(dir, [rule]).flatMap((r) => r.messages.map((m) => m.modeFix));
  };

  it("takes group and others out, keeping the owner's bits", () => {
    expect(
      modeFixes({
        run: RUN,
        env: { dir: true, mode: 0o750 },
        "env/PASS": { content: SECRET, mode: 0o640 },
        "env/TOKEN": { content: SECRET, mode: 0o444 },
        "env/PATH": { content: "/bin", mode: 0o602 },
      }),
    ).toEqual([
      { file: "env/PASS", mode: 0o600 },
      { file: "env/PATH", mode: 0o600 },
      { file: "env/TOKEN", mode: 0o400 },
      // The directory's finding, at the envdir in run.
      { file: "env", mode: 0o700 },
    ]);
  });

  it("for chpst -e, which reads its directory before -u drops root", () => {
    expect(
      modeFixes({
        run: "#!/bin/sh\nexec chpst -u app -e ./secrets app\n",
        secrets: { dir: true, mode: 0o755 },
        "secrets/TOKEN": { content: SECRET, mode: 0o644 },
      }),
    ).toEqual([
      { file: "secrets", mode: 0o700 },
      { file: "secrets/TOKEN", mode: 0o600 },
    ]);
  });

  it("on what a link leads to, inside the service", () => {
    expect(
      modeFixes({ run: RUN, private: { dir: true, mode: 0o755 }, env: { symlink: "private" }, "private/PASS": "x" }),
    ).toEqual([
      { file: "env/PASS", mode: 0o600 },
      { file: "private", mode: 0o700 },
    ]);
  });

  // Private to root, a directory read after the drop could no longer be read at all.
  it.each<[string, TreeSpec]>([
    ["read after the drop", { run: "#!/bin/sh\nexec setuidgid app envdir ./env app\n" }],
    [
      "read as root by run but after the drop by log/run",
      {
        run: RUN,
        "log/run": "#!/bin/sh\nexec s6-setuidgid log s6-envdir ../env s6-log t ./main\n",
      },
    ],
    [
      "a directory named at run time after the drop",
      { run: '#!/bin/sh\nenvdir ./env true\nexec setuidgid app envdir "$1" app\n' },
    ],
    // Nothing names it: the daemon may read it itself, as its own account.
    ["env/ by convention, named by no script", { run: "#!/bin/sh\nexec setuidgid app app\n" }],
  ])("none when %s", (_n, spec) => {
    const got = modeFixes({
      ...spec,
      env: { dir: true, mode: 0o755 },
      "env/PASS": { content: SECRET, mode: 0o644 },
    });
    expect(got).toEqual([undefined, undefined]);
  });

  it("--fix-modes sets the modes, and the findings are gone", () => {
    const dir = makeService({
      run: RUN,
      env: { dir: true, mode: 0o755 },
      "env/DB_PASSWORD": { content: SECRET, mode: 0o644 },
    });
    let results = lintWith(dir, [rule]);
    expect(results.flatMap((r) => r.messages)).toHaveLength(2);
    const summary = fixServices(
      [{ dir, results, replace: (r) => (results = r), options: { passwd: TEST_PASSWD } }],
      [rule],
      { write: true, modes: true },
    );
    expect(summary.notWritten).toEqual([]);
    expect(fs.statSync(path.join(dir, "env")).mode & 0o7777).toBe(0o700);
    expect(fs.statSync(path.join(dir, "env/DB_PASSWORD")).mode & 0o7777).toBe(0o600);
    expect(fs.readFileSync(path.join(dir, "env/DB_PASSWORD"), "utf8")).toBe(SECRET);
    expect(results.flatMap((r) => r.messages)).toEqual([]);
    expect(lintWith(dir, [rule]).flatMap((r) => r.messages)).toEqual([]);
  });
});
