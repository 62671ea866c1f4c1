// The host (src/host): every rule runs over services that exist only as text laid over an empty
// host, with the disk switched off, and finds exactly what it finds in the same files on disk.
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { RULES } from "../src/rules/index.js";
import { CORE_RULES } from "../src/engine/core-rules.js";
import { Engine, lintServiceText } from "../src/engine/engine.js";
import { emptyHost, OverlayHost } from "../src/host/overlay.js";
import { diskHost } from "../src/host/disk.js";
import { MemoStore, type Host } from "../src/host/host.js";
import { ROOT } from "./cli-helpers.js";
import { docExamples, findings, lintWith, makeService, TEST_PASSWD, tempDir, type TreeSpec } from "./helpers.js";

interface Job {
  dir: string;
  files: Array<{ rel: string; text?: string; mode: number; dir?: boolean }>;
}

/** The regular files and directories of a tree on disk, as the child lays them over the empty host. */
function filesOf(dir: string, rel = ""): Job["files"] {
  return fs.readdirSync(path.join(dir, rel), { withFileTypes: true }).flatMap((e) => {
    const r = rel ? `${rel}/${e.name}` : e.name;
    const st = fs.lstatSync(path.join(dir, r));
    if (e.isDirectory()) return [{ rel: r, mode: st.mode & 0o7777, dir: true }, ...filesOf(dir, r)];
    if (e.isFile()) return [{ rel: r, text: fs.readFileSync(path.join(dir, r), "utf8"), mode: st.mode & 0o7777 }];
    return [];
  });
}

describe("every rule over an overlay-only host with the disk switched off", () => {
  const services: Job[] = [];
  for (const meta of [...RULES.map((r) => r.meta), ...CORE_RULES]) {
    const doc = fs.readFileSync(path.join(ROOT, "docs/rules", `${meta.id}.md`), "utf8");
    for (const ex of docExamples(doc)) {
      const dir = makeService(ex.spec as TreeSpec);
      services.push({ dir, files: filesOf(dir) });
    }
  }
  for (const base of ["fixtures/seed", "examples/service"]) {
    for (const name of fs.readdirSync(path.join(ROOT, base))) {
      const src = path.join(ROOT, base, name);
      if (!fs.statSync(src).isDirectory()) continue;
      const dir = path.join(tempDir(), name);
      fs.cpSync(src, dir, { recursive: true });
      services.push({ dir, files: filesOf(dir) });
    }
  }
  const input = path.join(tempDir(), "job.json");
  fs.writeFileSync(input, JSON.stringify({ passwd: TEST_PASSWD, services }));
  const child = spawnSync(
    process.execPath,
    [path.join(ROOT, "test/overlay-child.mjs"), path.join(ROOT, "dist"), input],
    {
      encoding: "utf8",
      maxBuffer: 64 * 1024 * 1024,
    },
  );

  it("runs, and touches no file", () => {
    expect(child.stderr).toBe("");
    expect(child.status).toBe(0);
    expect(JSON.parse(child.stdout).touched).toEqual([]);
  });

  it("finds the same as on disk, and every rule finds something", () => {
    const { fromDisk, fromOverlay } = JSON.parse(child.stdout) as { fromDisk: unknown[]; fromOverlay: unknown[] };
    expect(fromOverlay).toEqual(fromDisk);
    const ids = new Set(
      (fromDisk as Array<Array<{ messages: Array<{ ruleId: string }> }>>)
        .flat()
        .flatMap((r) => r.messages.map((m) => m.ruleId)),
    );
    // A failure is in a running supervisor's state, which text cannot lay over: test/live-failing.test.ts.
    for (const rule of RULES.filter((r) => !r.meta.failure))
      expect([rule.meta.id, ids.has(rule.meta.id)]).toEqual([rule.meta.id, true]);
  });
});

describe("text in, findings out", () => {
  const LOG = "#!/bin/sh\nexec setuidgid log multilog t ./main\n";
  const RUN = "#!/bin/sh\nexec setuidgid app envdir ./env app\n2>&1\n";

  it("a run that exists only as text gets the findings of the same run on disk", () => {
    const onDisk = makeService({ run: RUN, "log/run": LOG });
    const textOnly = makeService({ "log/run": LOG });
    const want = findings(onDisk, lintWith(onDisk, RULES));
    const got = lintServiceText(textOnly, { run: RUN }, { passwd: TEST_PASSWD });
    expect(want.length).toBeGreaterThan(0);
    expect(findings(textOnly, got)).toEqual(want);
  });

  it("an edit replaces the text on disk; deleting the overlay shows the disk again", () => {
    const dir = makeService({ run: "#!/bin/sh\nexec 2>&1\nexec app\n", "log/run": LOG });
    const engine = new Engine();
    const ids = (): string[] =>
      engine.lintService(dir, { passwd: TEST_PASSWD }).flatMap((r) => r.messages.map((m) => m.ruleId));
    expect(ids()).toEqual([]);
    engine.setFile(path.join(dir, "run"), "#!/bin/sh\nexec 2>&1\napp\n");
    expect(ids()).toEqual(["exec-daemon"]);
    engine.deleteFile(path.join(dir, "run"));
    expect(ids()).toEqual([]);
    // The disk was never written.
    expect(fs.readFileSync(path.join(dir, "run"), "utf8")).toBe("#!/bin/sh\nexec 2>&1\nexec app\n");
  });

  it("keeps facts cached per host until a file they depend on changes", () => {
    const root = tempDir();
    fs.mkdirSync(path.join(root, ".git"));
    const host = new OverlayHost(diskHost);
    let calls = 0;
    const probe = (): number => host.memo("test", root, () => ++calls);
    expect([probe(), probe()]).toEqual([1, 1]);
    host.set(path.join(root, "sv/app/run"), "#!/bin/sh\n");
    expect(probe()).toBe(2);
    // An empty host lists nothing and reads nothing.
    expect(emptyHost.lstat("/")).toBeUndefined();
    expect(() => emptyHost.readdir("/")).toThrow(/no such file/);
  });

  it("findings carry exact ranges, and a fix as data that corrects the script", () => {
    const dir = makeService({ "log/run": LOG });
    const run = "#!/bin/sh\nexec 2>&1\ncd /srv && ./app -uapp\n";
    const [result] = lintServiceText(dir, { run }, { passwd: TEST_PASSWD }).filter(
      (r) => r.filePath === path.join(dir, "run"),
    );
    const m = result!.messages.find((d) => d.ruleId === "exec-daemon")!;
    expect(run.slice(...m.range!)).toBe("./app -uapp");
    expect([m.line, m.column, m.endLine, m.endColumn]).toEqual([3, 12, 3, 23]);
    expect(m.fix).toEqual({
      applicability: "safe",
      edits: [{ range: [run.indexOf("./app"), run.indexOf("./app")], text: "exec " }],
    });
    const { range, text } = m.fix!.edits[0]!;
    const fixed = run.slice(0, range[0]) + text + run.slice(range[1]);
    expect(fixed).toBe("#!/bin/sh\nexec 2>&1\ncd /srv && exec ./app -uapp\n");
    const again = lintServiceText(dir, { run: fixed }, { passwd: TEST_PASSWD });
    expect(again.flatMap((r) => r.messages)).toEqual([]);
  });

  it("an option's value is a word of its own, with the value's range (-uapp, --owner=)", () => {
    const dir = makeService({ run: "#!/bin/sh\nexec 2>&1\nexec app\n" });
    const log = "#!/bin/sh\ninstall -d --owner=nosuchacct /var/log/x\nexec chpst -unosuchacct svlogd /var/log/x\n";
    const got = lintServiceText(dir, { "log/run": log }, { passwd: TEST_PASSWD })
      .flatMap((r) => r.messages)
      .filter((d) => d.ruleId === "unknown-account");
    expect(got.map((d) => log.slice(...d.range!))).toEqual(["nosuchacct", "nosuchacct"]);
    expect(got.map((d) => [d.line, d.column])).toEqual([
      [2, 20],
      [3, 14],
    ]);
  });
});

describe("an edit of a file's text forgets only what its text decides", () => {
  it("the memo store keeps facts about names and modes, and forgets those keyed by the file or read under a directory above it", () => {
    const store = new MemoStore();
    const calls: string[] = [];
    const fill = (): void => {
      for (const [space, key] of [
        ["repo-index", "/r"],
        ["git-root", "/r/sv/web"],
        ["run-modes", "/r/sv"],
        ["installers", "/r/sv/web"],
        ["installers", "/r/sv"],
        ["mode-setter", "/r"],
        ["passwd", "/r/sv/web/run"],
        ["installers", "/r/sv/other"],
      ] as const)
        store.get(space, key, () => calls.push(`${space} ${key}`));
    };
    fill();
    calls.length = 0;
    store.invalidate("/r/sv/web/run", "content");
    fill();
    expect(calls).toEqual(["installers /r/sv/web", "installers /r/sv", "mode-setter /r", "passwd /r/sv/web/run"]);
    calls.length = 0;
    // A new or removed file, or a new mode: everything above it and beside it goes.
    store.invalidate("/r/sv/web/run", "structure");
    fill();
    expect(calls).toEqual([
      "repo-index /r",
      "git-root /r/sv/web",
      "run-modes /r/sv",
      "installers /r/sv/web",
      "installers /r/sv",
      "mode-setter /r",
      "passwd /r/sv/web/run",
    ]);
  });

  it("the overlay tells new text of a file that was there from a new file or a new mode", () => {
    const dir = makeService({ run: "#!/bin/sh\nexec app\n" });
    const host = new OverlayHost(diskHost);
    let walks = 0;
    const index = (): number => host.memo("repo-index", dir, () => ++walks);
    index();
    host.set(path.join(dir, "run"), "#!/bin/sh\nexec app -f\n");
    host.set(path.join(dir, "run"), "#!/bin/sh\nexec app -v\n");
    expect(index()).toBe(1);
    host.set(path.join(dir, "run"), { text: "#!/bin/sh\nexec app\n", mode: 0o644 });
    expect(index()).toBe(2);
    host.set(path.join(dir, "finish"), "#!/bin/sh\n");
    expect(index()).toBe(3);
    host.set(path.join(dir, "finish"), "#!/bin/sh\nexit 0\n");
    expect(index()).toBe(3);
  });

  it("edits of run do not walk the repository again, and the findings still follow every file", () => {
    const root = tempDir();
    fs.mkdirSync(path.join(root, ".git"));
    fs.mkdirSync(path.join(root, "pkgs/a/b"), { recursive: true });
    fs.writeFileSync(path.join(root, "pkgs/a/b/f"), "x\n");
    const dir = path.join(root, "sv/web");
    const run = "#!/bin/sh\nexec 2>&1\nexec nginx\n";
    fs.mkdirSync(path.join(dir, "log"), { recursive: true });
    fs.writeFileSync(path.join(dir, "run"), run, { mode: 0o755 });
    fs.writeFileSync(path.join(dir, "log/run"), "#!/bin/sh\nexec setuidgid log multilog t ./main\n", { mode: 0o755 });
    // The disk, counting how often a directory deep in the repository is listed.
    const deep = path.join(root, "pkgs/a/b");
    let listed = 0;
    const counting: Host = {
      ...diskHost,
      lstat: (p) => diskHost.lstat(p),
      stat: (p) => diskHost.stat(p),
      readdir: (p) => diskHost.readdir(p),
      readdirKinds: (p) => {
        if (p === deep) listed++;
        return diskHost.readdirKinds(p);
      },
      readlink: (p) => diskHost.readlink(p),
      realpath: (p) => diskHost.realpath(p),
      readFile: (p, n) => diskHost.readFile(p, n),
      readHead: (p, n) => diskHost.readHead(p, n),
      readBytes: (p, n) => diskHost.readBytes(p, n),
      fileId: (p) => diskHost.fileId(p),
      memo: (space, key, compute) => diskHost.memo(space, key, compute),
      invalidate: (p, change) => diskHost.invalidate(p, change),
    };
    const engine = new Engine({ base: counting });
    const daemon = (): string[] =>
      engine
        .lintService(dir, { passwd: TEST_PASSWD })
        .flatMap((r) => r.messages)
        .filter((m) => m.ruleId === "foreground-daemon")
        .map((m) => `${m.severity} ${/could not read|says `daemon on;`/.exec(m.message)?.[0]}`);
    expect(daemon()).toEqual(["info could not read"]);
    expect(listed).toBe(1);
    for (let i = 0; i < 20; i++) {
      engine.setFile(path.join(dir, "run"), `${run}# edit ${i}\n`);
      expect(daemon()).toEqual(["info could not read"]);
    }
    expect(listed).toBe(1);
    // A new file in the repository: the index is read again, and the config is found.
    const conf = path.join(root, "etc/nginx/nginx.conf");
    engine.setFile(conf, "daemon on;\n");
    expect(daemon()).toEqual(["error says `daemon on;`"]);
    expect(listed).toBe(2);
    // New text for it: read again, without walking the repository.
    engine.setFile(conf, "daemon off;\n");
    expect(daemon()).toEqual([]);
    expect(listed).toBe(2);
  });
});
