// @ts-check
// npm run bench: times svlint, ShellCheck (Debian package; every script named run, one batch) and
// the floor (reading every file once with cat) on synthetic trees of 1,000 and 10,000 services,
// in the same run, and prints wall time, CPU time, peak RSS and the ratios. Also the cold start of
// one service against `node -e 0`. Needs /usr/bin/time and shellcheck (apt-get install time shellcheck).
// `npm run bench -- --write` also puts what it prints, with the machine and the date, between the
// bench:start and bench:end markers of docs/performance.md, where the project keeps its figures.
// Then the language server (`svlint --lsp`): 10,000 edits of one run script, each timed from the
// didChange sent to the diagnostics received, and the server's RSS; written between the
// bench-lsp:start and bench-lsp:end markers. `-- --lsp` runs that part alone (no ShellCheck).
import { execFileSync, spawn, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const SVLINT = path.join(ROOT, "bin/svlint.js");
const DOC = path.join(ROOT, "docs/performance.md");
const START = "<!-- bench:start -->";
const END = "<!-- bench:end -->";

const LSP_START = "<!-- bench-lsp:start -->";
const LSP_END = "<!-- bench-lsp:end -->";
/** Edits sent to the language server; RSS is read after LSP_RSS_AT of them and after all. */
const LSP_EDITS = 10_000;
const LSP_RSS_AT = 1_000;

const args = process.argv.slice(2);
const write = args.includes("--write");
const lspOnly = args.includes("--lsp");
if (args.some((a) => a !== "--write" && a !== "--lsp")) {
  console.error("usage: npm run bench [-- [--write] [--lsp]]");
  process.exit(2);
}

/** docs/performance.md split around a generated block; an error message when it has no such block. */
function splitDoc(start = START, end = END) {
  let doc;
  try {
    doc = fs.readFileSync(DOC, "utf8");
  } catch (e) {
    return `cannot read ${DOC}: ${e instanceof Error ? e.message : e}`;
  }
  const a = doc.indexOf(start);
  const b = doc.indexOf(end);
  if (a === -1 || b < a) return `${DOC} has no ${start} … ${end} block to replace`;
  return { before: doc.slice(0, a + start.length), after: doc.slice(b) };
}
// Checked before the run, not after minutes of it.
if (write) {
  for (const doc of [lspOnly ? "" : splitDoc(), splitDoc(LSP_START, LSP_END)]) {
    if (typeof doc === "string" && doc !== "") {
      console.error(`bench --write: ${doc}`);
      process.exit(2);
    }
  }
}

/** The machine and the date, for a block --write writes. */
function machineLine() {
  const cpu = os.cpus()[0]?.model.trim() ?? "unknown CPU";
  const date = new Date().toISOString().slice(0, 10);
  return `Written by \`npm run bench -- --write${lspOnly ? " --lsp" : ""}\` on ${date}: ${os.cpus().length} cores (${cpu}), node ${process.version}, ${os.type()} ${os.release()}.`;
}

/** Replaces a generated block of docs/performance.md with `lines`. */
function writeBlock(start, end, lines) {
  const doc = splitDoc(start, end);
  if (typeof doc === "string") {
    console.error(`bench --write: ${doc}`);
    process.exitCode = 1;
    return;
  }
  fs.writeFileSync(DOC, `${doc.before}\n${machineLine()}\n\n${lines.join("\n")}\n${doc.after}`);
  console.error(`\nwrote ${path.relative(ROOT, DOC)} (${start})`);
}

const pct = (sorted, q) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))];

/**
 * The language server as an editor drives it: `svlint --lsp` spawned, one run script opened, then
 * LSP_EDITS didChange notifications one after the other, each timed from sending it to receiving
 * the diagnostics of that version. The debounce is set to 0 so that the time is the server's,
 * not the pause an editor waits for. RSS is the server's VmRSS (/proc/<pid>/status).
 */
async function lspLatency(run) {
  const { createMessageConnection, StreamMessageReader, StreamMessageWriter } = await import("vscode-jsonrpc/node");
  const child = spawn(process.execPath, [SVLINT, "--lsp"], { stdio: ["pipe", "pipe", "inherit"] });
  const conn = createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  /** @type {{ version: number, resolve: () => void } | undefined} */
  let waiting;
  conn.onNotification("textDocument/publishDiagnostics", (/** @type {{ version?: number }} */ p) => {
    if (waiting && p.version === waiting.version) waiting.resolve();
  });
  conn.listen();
  const published = (/** @type {number} */ version) =>
    new Promise((resolve) => (waiting = { version, resolve: () => resolve(undefined) }));
  await conn.sendRequest("initialize", {
    processId: process.pid,
    rootUri: null,
    capabilities: {},
    initializationOptions: { debounce: 0 },
  });
  await conn.sendNotification("initialized", {});
  const uri = pathToFileURL(run).href;
  const text = fs.readFileSync(run, "utf8");
  let next = published(1);
  await conn.sendNotification("textDocument/didOpen", { textDocument: { uri, languageId: "sh", version: 1, text } });
  await next;
  const rss = () => Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${child.pid}/status`, "utf8"))?.[1]) / 1024;
  const rssOpen = rss();
  const times = [];
  let rssAt = 0;
  for (let i = 1; i <= LSP_EDITS; i++) {
    const version = i + 1;
    next = published(version);
    const t0 = performance.now();
    await conn.sendNotification("textDocument/didChange", {
      textDocument: { uri, version },
      contentChanges: [{ text: `${text}# edit ${i}\n` }],
    });
    await next;
    times.push(performance.now() - t0);
    if (i === LSP_RSS_AT) rssAt = rss();
  }
  const rssEnd = rss();
  const exited = new Promise((resolve) => child.on("exit", resolve));
  await conn.sendRequest("shutdown");
  await conn.sendNotification("exit");
  await exited;
  conn.dispose();
  times.sort((a, b) => a - b);
  return {
    n: times.length,
    p50: pct(times, 0.5),
    p95: pct(times, 0.95),
    p99: pct(times, 0.99),
    rssOpen,
    rssAt,
    rssEnd,
  };
}

/**
 * The run script the language server bench edits: the first service of a generated tree of 1,000
 * inside a git work tree, as a checkout is (the repository's file index is then in play).
 */
async function lspSection(work) {
  const repo = path.join(work, "lsp-repo");
  execFileSync(process.execPath, [path.join(ROOT, "scripts/gen-tree.mjs"), repo, "1000"]);
  fs.mkdirSync(path.join(repo, ".git"));
  const m = await lspLatency(path.join(repo, "svc00000", "run"));
  const f = (x, d = 2) => x.toFixed(d);
  return [
    `language server (\`svlint --lsp\`, debounce 0): ${m.n} edits of one run script in a checkout of 1,000 services, each from didChange sent to its diagnostics received (target p95 ≤ 10 ms):`,
    "",
    "| p50 ms | p95 ms | p99 ms | RSS MB after open | after 1,000 edits | after 10,000 edits |",
    "|---:|---:|---:|---:|---:|---:|",
    `| ${f(m.p50)} | ${f(m.p95)} | ${f(m.p99)} | ${f(m.rssOpen, 0)} | ${f(m.rssAt, 0)} | ${f(m.rssEnd, 0)} |`,
  ];
}

if (lspOnly) {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "svlint-bench-"));
  try {
    const lines = await lspSection(work);
    console.log(lines.join("\n"));
    if (write) writeBlock(LSP_START, LSP_END, lines);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
  process.exit();
}
for (const tool of ["/usr/bin/time", "shellcheck"]) {
  if (spawnSync("sh", ["-c", `command -v ${tool}`]).status !== 0) {
    console.error(`bench needs ${tool}: apt-get install time shellcheck`);
    process.exit(2);
  }
}
const sizes = (process.env.BENCH_SIZES ?? "1000,10000").split(",").map(Number);
const work = fs.mkdtempSync(path.join(os.tmpdir(), "svlint-bench-"));

/** Runs a shell command under GNU time; returns wall and CPU seconds and peak RSS in MB. */
function measure(cmd) {
  const r = spawnSync("/usr/bin/time", ["-f", "%e %U %S %M", "sh", "-c", `${cmd} > /dev/null`], { encoding: "utf8" });
  const last = (r.stderr.trim().split("\n").pop() ?? "").split(" ").map(Number);
  return { wall: last[0], cpu: last[1] + last[2], rss: last[3] / 1024 };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/**
 * What an editor waits for: one service's run script changed as text (never written), linted
 * again by a warm Engine (src/engine/engine.ts), timed per edit in this process.
 */
async function editLatency(dir) {
  const { Engine } = await import(path.join(ROOT, "dist/index.js"));
  const engine = new Engine();
  const run = path.join(dir, "run");
  const text = fs.readFileSync(run, "utf8");
  const times = [];
  for (let i = 0; i < 550; i++) {
    engine.setFile(run, `${text}# edit ${i}\n`);
    const t0 = performance.now();
    engine.lintService(dir);
    if (i >= 50) times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return { n: times.length, p50: times[Math.floor(times.length * 0.5)], p95: times[Math.floor(times.length * 0.95)] };
}
const rows = [];
try {
  for (const n of sizes) {
    const dir = path.join(work, `t${n}`);
    execFileSync(process.execPath, [path.join(ROOT, "scripts/gen-tree.mjs"), dir, String(n)]);
    const floor = measure(`find ${dir} -type f -print0 | xargs -0 cat`);
    const sv = measure(`${process.execPath} ${SVLINT} -f json ${dir}`);
    const sc = measure(`find ${dir} -name run -type f -print0 | xargs -0 shellcheck -f json`);
    rows.push({ n, floor, sv, sc });
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const one = path.join(work, "one");
  execFileSync(process.execPath, [path.join(ROOT, "scripts/gen-tree.mjs"), one, "1"]);
  // Timed here to the microsecond (GNU time's %e has 10 ms steps, a sixth of node's start-up),
  // alternating the two commands so that both see the same machine; median of 21 each.
  const spawnTime = (args) => {
    const t0 = performance.now();
    spawnSync(process.execPath, args, { stdio: "ignore" });
    return (performance.now() - t0) / 1000;
  };
  const node0s = [];
  const svOnes = [];
  for (let i = 0; i < 21; i++) {
    node0s.push(spawnTime(["-e", "0"]));
    svOnes.push(spawnTime([SVLINT, path.join(one, "svc00000")]));
  }
  const node0 = median(node0s);
  const svOne = median(svOnes);
  const edits = await editLatency(path.join(one, "svc00000"));

  const f = (x, d = 2) => x.toFixed(d);
  /** What is printed after the heading: the tables and lines that --write puts in the doc. */
  const lines = [];
  const say = (/** @type {string} */ line) => {
    console.log(line);
    lines.push(line);
  };
  console.log(`svlint benchmark — ${os.cpus().length} cores, node ${process.version}\n`);
  say("| services | tool | wall s | cpu s | peak RSS MB |");
  say("|---:|---|---:|---:|---:|");
  for (const { n, floor, sv, sc } of rows) {
    /** @type {Array<[string, { wall: number, cpu: number, rss: number }]>} */
    const tools = [
      ["svlint", sv],
      ["shellcheck", sc],
      ["read floor (cat)", floor],
    ];
    for (const [name, m] of tools) {
      say(`| ${n} | ${name} | ${f(m.wall)} | ${f(m.cpu)} | ${f(m.rss, 0)} |`);
    }
  }
  say("\n| services | svlint / shellcheck (target ≤ 0.10) | svlint / floor (target ≤ 3) | ms per service |");
  say("|---:|---:|---:|---:|");
  for (const { n, floor, sv, sc } of rows)
    say(`| ${n} | ${f(sv.wall / sc.wall, 3)} | ${f(sv.wall / floor.wall, 1)} | ${f((sv.wall * 1000) / n, 2)} |`);
  if (rows.length >= 2) {
    const [a, b] = [rows[0], rows[rows.length - 1]];
    say(`\nlinearity: ${b.n / a.n}x the services took ${f(b.sv.wall / a.sv.wall, 1)}x the time`);
  }
  say(
    `\ncold start, one service (median of 21): svlint ${f(svOne, 3)} s, node -e 0 ${f(node0, 3)} s, ratio ${f(svOne / node0, 2)} (target ≤ 1.6)`,
  );
  say(
    `\none edited run script on a warm engine (${edits.n} edits, Engine.lintService): p50 ${f(edits.p50, 2)} ms, p95 ${f(edits.p95, 2)} ms`,
  );
  console.log("");
  const lsp = await lspSection(work);
  console.log(lsp.join("\n"));

  if (write) {
    writeBlock(START, END, lines);
    writeBlock(LSP_START, LSP_END, lsp);
  }
} finally {
  fs.rmSync(work, { recursive: true, force: true });
}
