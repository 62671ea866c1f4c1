// The language server (src/lsp/), spawned as built (`node bin/svlint.js --lsp`) and spoken to over
// its stdio with the real protocol (vscode-jsonrpc), on service directories made on disk.
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import type { CodeAction, Diagnostic } from "vscode-languageserver-protocol";
import { BIN, svlint } from "./cli-helpers.js";
import { makeService, tempDir, TEST_PASSWD, writeTree } from "./helpers.js";
import { startClient, uriOf, type CliFile, type Client } from "./lsp-client.js";

const LOG = "#!/bin/sh\nexec setuidgid log multilog t ./main\n";
/** The last command not exec'd: exec-daemon, with a safe fix (`exec `). */
const BAD = "#!/bin/sh\nexec 2>&1\nsetuidgid app /usr/bin/app\n";
const GOOD = "#!/bin/sh\nexec 2>&1\nexec setuidgid app /usr/bin/app\n";

const ids = (ds: Diagnostic[]): string[] => ds.map((d) => String(d.code)).sort();
const has = (id: string) => (ds: Diagnostic[]) => ds.some((d) => d.code === id);
const lacks = (id: string) => (ds: Diagnostic[]) => !ds.some((d) => d.code === id);

const clients: Client[] = [];
async function start(options: Record<string, unknown> = {}, folders?: string[]): Promise<Client> {
  const c = await startClient({
    initializationOptions: { passwd: TEST_PASSWD, debounce: 20, ...options },
    ...(folders ? { workspaceFolders: folders } : {}),
  });
  clients.push(c);
  return c;
}
afterAll(async () => {
  for (const c of clients) if (c.child.exitCode === null) c.child.kill();
});

describe("svlint --lsp", () => {
  it("initializes with its capabilities and exits cleanly after shutdown", async () => {
    const c = await start();
    expect(c.init.serverInfo?.name).toBe("svlint");
    expect(c.init.capabilities.hoverProvider).toBe(true);
    expect(c.init.capabilities.codeActionProvider).toEqual({ codeActionKinds: ["quickfix", "source.fixAll.svlint"] });
    expect(c.init.capabilities.textDocumentSync).toMatchObject({ openClose: true, change: 2 });
    expect(await c.stop()).toBe(0);
    expect(c.stderr()).toBe("");
  });

  it("runs as svlint-language-server too, taking the options editors' clients add", async () => {
    const server = path.join(path.dirname(BIN), "svlint-language-server.js");
    const c = await startClient({ argv: [server, "--stdio", `--clientProcessId=${process.pid}`] });
    clients.push(c);
    expect(c.init.serverInfo?.name).toBe("svlint");
    const dir = makeService({ run: BAD, "log/run": LOG });
    await c.open(path.join(dir, "run"), BAD);
    expect(await c.diagnostics(uriOf(path.join(dir, "run")), has("exec-daemon"))).not.toEqual([]);
    expect(await c.stop()).toBe(0);
  });

  it("refuses options other than the ones editors' clients add", () => {
    const r = spawnSync(process.execPath, [BIN, "--lsp", "--format", "json"], { encoding: "utf8", input: "" });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/takes no other option \('--format'\)/);
  });

  it("publishes a bad run's findings with codes, doc links and 0-based ranges; edits update them", async () => {
    const dir = makeService({ run: BAD, "log/run": LOG });
    const run = path.join(dir, "run");
    const c = await start();
    await c.open(run, BAD);
    const first = await c.diagnostics(uriOf(run));
    expect(ids(first)).toEqual(["exec-daemon"]);
    const [d] = first;
    // What `svlint -f json` says of the same file, in the protocol's terms: lines and columns 0-based.
    const cli = (JSON.parse(svlint(["-f", "json", dir]).stdout) as CliFile[]).find((f) => f.filePath === run)!;
    const [m] = cli.messages;
    expect(d).toEqual({
      range: {
        start: { line: m!.line - 1, character: m!.column - 1 },
        end: { line: m!.endLine - 1, character: m!.endColumn - 1 },
      },
      severity: 1,
      code: "exec-daemon",
      codeDescription: { href: expect.stringMatching(/\/docs\/rules\/exec-daemon\.md$/) },
      source: "svlint",
      message: m!.message,
    });
    expect(d!.range).toEqual({ start: { line: 2, character: 0 }, end: { line: 2, character: 26 } });

    // Unsaved edits are linted, never written.
    await c.change(run, GOOD);
    expect(await c.diagnostics(uriOf(run))).toEqual([]);
    await c.change(run, BAD);
    expect(ids(await c.diagnostics(uriOf(run)))).toEqual(["exec-daemon"]);
    expect(fs.readFileSync(run, "utf8")).toBe(BAD);
    expect(await c.stop()).toBe(0);
  });

  it("lints once after a burst of changes (the debounce), and again on save with the disk around it", async () => {
    const dir = makeService({ run: GOOD, "log/run": LOG });
    const run = path.join(dir, "run");
    const c = await start({ debounce: 300 });
    await c.open(run, GOOD);
    expect(await c.diagnostics(uriOf(run))).toEqual([]);
    await c.change(run, BAD);
    await c.change(run, BAD.replace("app\n", "app -v\n"));
    await c.change(run, BAD.replace("app\n", "app -vv\n"));
    expect(ids(await c.diagnostics(uriOf(run)))).toEqual(["exec-daemon"]);
    expect(c.published.map((p) => p.version)).toEqual([1, 4]);
    // Saved: what changed on disk around the file is read again (log/ is gone).
    fs.rmSync(path.join(dir, "log"), { recursive: true });
    await c.save(run);
    expect(ids(await c.diagnostics(uriOf(run)))).toEqual(["exec-daemon", "log-run-present"]);
    await c.stop();
  });

  it("a code action's fix, applied and sent back, clears the finding", async () => {
    const dir = makeService({ run: BAD, "log/run": LOG });
    const run = path.join(dir, "run");
    const c = await start();
    await c.open(run, BAD);
    const [d] = await c.diagnostics(uriOf(run), has("exec-daemon"));
    const actions = await c.codeActions(run, d!.range);
    const fix = actions.find((a) => a.title === "Fix this exec-daemon problem")!;
    expect(fix).toMatchObject({ kind: "quickfix", isPreferred: true });
    expect(fix.diagnostics?.map((x) => x.code)).toEqual(["exec-daemon"]);
    await c.apply(fix.edit!);
    expect(c.text(run)).toBe(GOOD);
    expect(await c.diagnostics(uriOf(run))).toEqual([]);
    // Nothing to fix: no actions at all.
    expect(await c.codeActions(run, d!.range)).toEqual([]);
    await c.stop();
  });

  it("offers an unsafe fix as unsafe and not preferred, suggestions by their words, and leaves both out of fix all", async () => {
    const logRun = "#!/bin/sh\nexec setuidgid log multilog t s10M /var/log/app\n";
    const dir = makeService({ run: GOOD, "log/run": logRun });
    const log = path.join(dir, "log/run");
    const c = await start({ context: "repo" });
    await c.open(log, logRun);
    const ds = await c.diagnostics(uriOf(log));
    expect(ids(ds)).toEqual(["mkdir-before-multilog", "multilog-script"]);
    const whole = { start: { line: 0, character: 0 }, end: { line: 2, character: 0 } };
    const actions = await c.codeActions(log, whole);
    const mkdir = actions.find((a) => a.title === "Fix this mkdir-before-multilog problem (unsafe)")!;
    expect(mkdir.kind).toBe("quickfix");
    expect(mkdir.isPreferred).toBeUndefined();
    expect(actions.filter((a) => a.title.startsWith("Write `s10")).map((a) => a.title)).toEqual([
      "Write `s10485760` (10 MiB)",
      "Write `s10000000` (10 MB)",
    ]);
    expect(actions.some((a) => a.kind === "source.fixAll.svlint")).toBe(false);
    await c.apply(actions.find((a) => a.title === "Write `s10485760` (10 MiB)")!.edit!);
    expect(c.text(log)).toBe(logRun.replace("s10M", "s10485760"));
    expect(ids(await c.diagnostics(uriOf(log)))).toEqual(["mkdir-before-multilog"]);
    await c.stop();
  });

  it("fixes every safe fix of the file at once, through the fixer, with edits of what changed only", async () => {
    const text = "#!/bin/sh\r\nexec 2>&1\nsetuidgid app /usr/bin/app\n";
    const dir = makeService({ run: text, "log/run": LOG });
    const run = path.join(dir, "run");
    const c = await start();
    await c.open(run, text);
    expect(ids(await c.diagnostics(uriOf(run)))).toEqual(["exec-daemon", "shebang"]);
    const whole = { start: { line: 0, character: 0 }, end: { line: 3, character: 0 } };
    const actions = await c.codeActions(run, whole, ["source.fixAll"]);
    expect(actions.map((a) => [a.title, a.kind])).toEqual([
      ["Fix all svlint problems in this file", "source.fixAll.svlint"],
    ]);
    const edits = actions[0]!.edit!.changes![uriOf(run)]!;
    // The `\r` of `\r\n` cannot be addressed alone: its edit replaces the line break with `\n`.
    expect(edits.map((e) => e.newText).sort()).toEqual(["\n", "exec "]);
    await c.apply(actions[0]!.edit!);
    expect(c.text(run)).toBe(GOOD);
    expect(await c.diagnostics(uriOf(run))).toEqual([]);
    await c.stop();
  });

  it("offers a disable comment above the statement, which silences the finding", async () => {
    // The finding is on the continuation line: the comment goes above the statement, not into it.
    const text = "#!/bin/sh\nexec 2>&1\nexec setuidgid app \\\n  envdir ./env /usr/bin/app\n";
    const dir = makeService({ run: text, "log/run": LOG });
    const run = path.join(dir, "run");
    const c = await start();
    await c.open(run, text);
    const [d] = await c.diagnostics(uriOf(run), has("setuidgid-last"));
    expect(d!.range.start.line).toBe(3);
    const actions = await c.codeActions(run, d!.range, ["quickfix"]);
    const disable = actions.find((a) => a.title === "Disable setuidgid-last for this line")!;
    expect(disable.edit!.changes![uriOf(run)]).toEqual([
      {
        range: { start: { line: 2, character: 0 }, end: { line: 2, character: 0 } },
        newText: "# svlint disable=setuidgid-last -- <reason>\n",
      },
    ]);
    await c.apply(disable.edit!);
    expect(await c.diagnostics(uriOf(run), lacks("setuidgid-last"))).toEqual([]);
    await c.stop();
  });

  it("places the disable comment in execline, and a directory-level finding's before the first command", async () => {
    const run = "#!/command/execlineb -P\nfdmove -c 2 1\ns6-setuidgid app\n/usr/bin/app\n";
    const logRun = "#!/command/execlineb -P\ns6-log t /var/log/app\n";
    const dir = makeService({ run, "log/run": logRun });
    const log = path.join(dir, "log/run");
    const c = await start();
    await c.open(log, logRun);
    const [d] = await c.diagnostics(uriOf(log), has("logger-privileges"));
    const disable = (await c.codeActions(log, d!.range)).find((a) => a.title.startsWith("Disable"))!;
    expect(disable.title).toBe("Disable logger-privileges for this line");
    expect(disable.edit!.changes![uriOf(log)]![0]!.range.start).toEqual({ line: 1, character: 0 });
    await c.apply(disable.edit!);
    expect(await c.diagnostics(uriOf(log))).toEqual([]);

    // No log/: log-run-present, about the directory, is shown on run's line 1.
    const bare = makeService({ run: GOOD });
    const bareRun = path.join(bare, "run");
    await c.open(bareRun, GOOD);
    const [dir1] = await c.diagnostics(uriOf(bareRun), has("log-run-present"));
    expect(dir1!.range).toEqual({ start: { line: 0, character: 0 }, end: { line: 0, character: 9 } });
    const fileWide = (await c.codeActions(bareRun, dir1!.range)).find((a) => a.title.startsWith("Disable"))!;
    expect(fileWide.title).toBe("Disable log-run-present for this file");
    expect(fileWide.edit!.changes![uriOf(bareRun)]![0]!.range.start).toEqual({ line: 1, character: 0 });
    await c.apply(fileWide.edit!);
    expect(await c.diagnostics(uriOf(bareRun))).toEqual([]);
    await c.stop();
  });

  it("shows an env file's findings without its value, with no disable comment (env files hold none)", async () => {
    const run = "#!/bin/sh\nexec 2>&1\nexec envdir ./env setuidgid app /usr/bin/app\n";
    const dir = makeService({ run, "log/run": LOG, "env/TOKEN": "s3cr3tvalue \n" });
    const token = path.join(dir, "env/TOKEN");
    const c = await start({ context: "repo" });
    await c.open(token, "s3cr3tvalue \n", "plaintext");
    const ds = await c.diagnostics(uriOf(token));
    expect(ids(ds)).toEqual(["env-file-format"]);
    expect(JSON.stringify(ds)).not.toMatch(/s3cr3t/);
    const actions = await c.codeActions(token, ds[0]!.range);
    expect(actions.some((a) => a.title.startsWith("Disable"))).toBe(false);
    const fix = actions.find((a: CodeAction) => a.kind === "quickfix" && a.title.startsWith("Fix this"))!;
    expect(JSON.stringify(fix)).not.toMatch(/s3cr3t/);
    await c.apply(fix.edit!);
    expect(c.text(token)).toBe("s3cr3tvalue\n");
    expect(await c.diagnostics(uriOf(token))).toEqual([]);
    await c.stop();
  });

  it("hover on a rule id in a disable comment shows its description and doc link", async () => {
    const text =
      "#!/bin/sh\nexec 2>&1\n# svlint disable=inline-secrets,exec-daemon -- wrapper\nsetuidgid app /usr/bin/app\n";
    const dir = makeService({ run: text, "log/run": LOG });
    const run = path.join(dir, "run");
    const c = await start();
    await c.open(run, text);
    expect(await c.diagnostics(uriOf(run))).toEqual([]);
    const at = text.split("\n")[2]!.indexOf("exec-daemon") + 3;
    const h = await c.hover(run, 2, at);
    expect(h?.contents).toMatchObject({ kind: "markdown" });
    const value = (h!.contents as { value: string }).value;
    expect(value).toMatch(
      /^\*\*exec-daemon\*\*: Require the last command of run and log\/run to replace the shell with exec\./,
    );
    expect(value).toMatch(/\/docs\/rules\/exec-daemon\.md\)$/);
    expect(h!.range).toEqual({ start: { line: 2, character: at - 3 }, end: { line: 2, character: at - 3 + 11 } });
    expect(await c.hover(run, 3, 2)).toBeNull();
    await c.stop();
  });

  it("files outside any service, and files of a service svlint does not read, get no diagnostics", async () => {
    const loose = path.join(tempDir(), "notes.sh");
    fs.writeFileSync(loose, BAD);
    const dir = makeService({ run: BAD, "log/run": LOG, README: "x\n" });
    const run = path.join(dir, "run");
    const c = await start();
    await c.open(loose, BAD);
    await c.open(path.join(dir, "README"), "x\n", "markdown");
    await c.open(run, BAD);
    await c.diagnostics(uriOf(run), has("exec-daemon"));
    // Linting is in order of arrival: anything for the earlier files would have come first.
    expect(c.published.map((p) => p.uri)).toEqual([uriOf(run)]);
    await c.stop();
  });

  it("publishes to every open file of the service an edit changes, and clears a closed file's", async () => {
    // conf/ becomes an env dir when run reads it, and then its file's trailing blank is a finding.
    const dir = makeService({ run: GOOD, "log/run": LOG, "conf/PORT": "80 \n" });
    const run = path.join(dir, "run");
    const port = path.join(dir, "conf/PORT");
    const c = await start({ context: "repo" });
    await c.open(run, GOOD);
    await c.open(port, "80 \n", "plaintext");
    expect(await c.diagnostics(uriOf(port))).toEqual([]);
    await c.change(run, GOOD.replace("exec setuidgid", "exec envdir ./conf setuidgid"));
    expect(ids(await c.diagnostics(uriOf(port)))).toEqual(["env-file-format"]);
    await c.close(port);
    expect(await c.diagnostics(uriOf(port))).toEqual([]);
    await c.stop();
  });

  it("lints a run that is not saved yet, with the directory around it", async () => {
    const parent = tempDir();
    const run = path.join(parent, "new/run");
    const c = await start();
    await c.open(run, BAD);
    expect(ids(await c.diagnostics(uriOf(run)))).toEqual(["exec-daemon", "log-run-present"]);
    expect(fs.existsSync(path.join(parent, "new"))).toBe(false);
    await c.stop();
  });

  it("reloads the config when a config file changes; each folder's services take their own", async () => {
    const a = tempDir();
    const b = tempDir();
    writeTree(a, { "svc/run": BAD, "svc/log/run": LOG });
    writeTree(b, { "svc/run": BAD, "svc/log/run": LOG, ".svlintrc.json": '{"rules":{"exec-daemon":"off"}}' });
    const runA = path.join(a, "svc/run");
    const runB = path.join(b, "svc/run");
    const c = await start({}, [a, b]);
    await c.open(runA, BAD);
    await c.open(runB, BAD);
    expect((await c.diagnostics(uriOf(runA))).map((d) => [d.code, d.severity])).toEqual([["exec-daemon", 1]]);
    expect(await c.diagnostics(uriOf(runB))).toEqual([]);
    // The server asked to be told of config files (dynamic registration), right after initialized.
    expect(c.registrations.map((r) => r.method)).toEqual(["workspace/didChangeWatchedFiles"]);
    expect(JSON.stringify(c.registrations[0]!.registerOptions)).toMatch(/\.svlintrc\.yaml/);

    const rc = path.join(a, ".svlintrc.yaml");
    fs.writeFileSync(rc, "rules:\n  exec-daemon: warn\n");
    await c.conn.sendNotification("workspace/didChangeWatchedFiles", { changes: [{ uri: uriOf(rc), type: 1 }] });
    expect((await c.diagnostics(uriOf(runA))).map((d) => [d.code, d.severity])).toEqual([["exec-daemon", 2]]);
    fs.writeFileSync(rc, "rules:\n  exec-daemon: off\n");
    await c.conn.sendNotification("workspace/didChangeWatchedFiles", { changes: [{ uri: uriOf(rc), type: 2 }] });
    expect(await c.diagnostics(uriOf(runA))).toEqual([]);
    // A broken config file is shown once, and the service is linted without it.
    fs.writeFileSync(rc, "rules:\n  exec-demon: off\n");
    await c.conn.sendNotification("workspace/didChangeWatchedFiles", { changes: [{ uri: uriOf(rc), type: 2 }] });
    expect(ids(await c.diagnostics(uriOf(runA)))).toEqual(["exec-daemon"]);
    expect(c.messages.join("\n")).toMatch(/unknown rule 'exec-demon'; did you mean 'exec-daemon'\?/);
    await c.stop();
  });

  it("counts columns in UTF-16 code units, as the protocol does", async () => {
    const line = "setuidgid app /usr/bin/app --name=\u{1d11e}é";
    const text = `#!/bin/sh\nexec 2>&1\n${line}\n`;
    const dir = makeService({ run: text, "log/run": LOG });
    const run = path.join(dir, "run");
    const c = await start();
    await c.open(run, text);
    const [d] = await c.diagnostics(uriOf(run), has("exec-daemon"));
    expect(line.length).toBe(37);
    expect(d!.range).toEqual({ start: { line: 2, character: 0 }, end: { line: 2, character: 37 } });
    await c.stop();
  });

  it("points a finding that names another line at it (related information)", async () => {
    const text = "#!/bin/sh\nexec >/var/log/app.out\nexec setuidgid app /usr/bin/app\nexec 2>&1\n";
    const dir = makeService({ run: text, "log/run": LOG });
    const run = path.join(dir, "run");
    const c = await start();
    await c.open(run, text);
    const [d] = await c.diagnostics(uriOf(run), has("stderr-redirect-order"));
    expect(d!.relatedInformation).toEqual([
      {
        location: { uri: uriOf(run), range: { start: { line: 2, character: 0 }, end: { line: 2, character: 31 } } },
        message: "line 3, named in the finding",
      },
    ]);
    await c.stop();
  });
});
