// @ts-check
// npm run corpus: lints the real-world corpus and measures svlint's precision against the
// committed verdicts (corpus/verdicts.tsv: one judged finding a line, TP / FP / convention and why).
//
// Two parts:
// - Debian: the service directories Debian packages ship (runit, runit-services, socklog-run) and
//   those djbdns-conf's programs generate. As root the packages are installed first. Runs in CI.
// - GitHub: the sources of corpus/manifest/*.json, gathered into the cache by
//   scripts/corpus-gather.mjs (a maintainer step: it needs the mirrors). Linted when present.
//
// Fails when: a finding judged TP is no longer reported (at any severity); a warning or error
// judged FP or convention, that the baseline (corpus/baseline.txt) no longer had, is reported
// again; a warning or error has no verdict; svlint crashes, or a parse error or unread script
// appears in the Debian part; the patch `svlint -f diff --fix-unsafe` prints does not apply with
// git apply to a copy of a tree, or a second fix changes more (scripts/fix-check.mjs; skipped
// with `--no-fix-check`). `--update` rewrites the baseline from this run; `--docs` writes
// each rule's measured precision into its doc page.
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import { CACHE, readManifest, ROOT, treeOf } from "./corpus-gather.mjs";
import { fixCheck } from "./fix-check.mjs";

const args = new Set(process.argv.slice(2));
/**
 * Every Debian package that ships service directories: runit-services and the packages that use
 * runit-helper (`apt-cache rdepends runit-helper`), socklog-run, and djbdns-conf, whose programs
 * generate them. daemontools-run ships none (and conflicts with runit).
 */
const PACKAGES = [
  "runit",
  "runit-services",
  "socklog-run",
  "djbdns-conf",
  "acpid",
  "axfrdns",
  "bcron",
  "dnscache",
  "dnsmasq",
  "getty-run",
  "irqbalance",
  "mini-httpd-run",
  "opendnssec-enforcer",
  "opendnssec-signer",
  "openssh-server",
  "rbldns",
  "tinydns",
  "tor",
  "walldns",
];
const DEBIAN_DIRS = ["/etc/sv", "/usr/share/runit/sv"];
const DJB = path.join(os.tmpdir(), "svlint-corpus-djbdns");
/** djbdns-conf's programs, each run with accounts every Debian system has. */
const DJB_CONF = [
  ["tinydns-conf", "nobody", "daemon", `${DJB}/tinydns`, "127.0.0.1"],
  ["axfrdns-conf", "nobody", "daemon", `${DJB}/axfrdns`, `${DJB}/tinydns`, "127.0.0.1"],
  ["rbldns-conf", "nobody", "daemon", `${DJB}/rbldns`, "127.0.0.2", "rbl.example"],
  ["walldns-conf", "nobody", "daemon", `${DJB}/walldns`, "127.0.0.3"],
  ["dnscache-conf", "nobody", "daemon", `${DJB}/dnscache`, "127.0.0.4"],
];
const VERDICTS = path.join(ROOT, "corpus", "verdicts.tsv");
const BASELINE = path.join(ROOT, "corpus", "baseline.txt");

function debianPart() {
  if (process.getuid?.() === 0 && !process.env.CORPUS_NO_INSTALL) {
    // Debian's policy-rc.d (exit 101) keeps the packages' daemons from being started on install.
    const policy = "/usr/sbin/policy-rc.d";
    const own = !fs.existsSync(policy);
    if (own) fs.writeFileSync(policy, "#!/bin/sh\nexit 101\n", { mode: 0o755 });
    try {
      const r = spawnSync("apt-get", ["install", "-y", "-qq", "--no-install-recommends", ...PACKAGES], {
        stdio: "inherit",
        env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
      });
      if (r.status !== 0) console.error("corpus: apt-get install failed; linting what is installed");
    } finally {
      if (own) fs.rmSync(policy, { force: true });
    }
  }
  fs.rmSync(DJB, { recursive: true, force: true });
  fs.mkdirSync(DJB);
  const made = [];
  for (const [prog, ...rest] of DJB_CONF) {
    const r = spawnSync(`/usr/sbin/${prog}`, rest, { encoding: "utf8" });
    if (r.status === 0) made.push(rest[2]);
    else
      console.error(`corpus: ${prog} failed (${(r.stderr || r.error?.message || "").trim()}); its service is left out`);
  }
  const dirs = DEBIAN_DIRS.filter((d) => fs.existsSync(d));
  if (dirs.length === 0) {
    console.error(`corpus: none of ${DEBIAN_DIRS.join(", ")} exists; install ${PACKAGES.join(" ")}`);
    process.exit(2);
  }
  // Keys name the generated services by a stable path, not the temp dir.
  return {
    paths: [...dirs, ...made],
    root: "/",
    copy: [...dirs, ...made].map((d) => d.slice(1)),
    key: (file) => (file.startsWith(DJB + "/") ? `debian:djbdns/${file.slice(DJB.length + 1)}` : `debian:${file}`),
  };
}

function githubPart() {
  const parts = [];
  for (const source of readManifest()) {
    const tree = treeOf(source);
    if (!fs.existsSync(path.join(tree, ".git", "corpus-commit"))) continue;
    parts.push({
      source,
      paths: source.roots.map((r) => path.join(tree, r)),
      root: tree,
      copy: ["."],
      key: (file) => `${source.repo}:${path.relative(tree, file)}`,
    });
  }
  return parts;
}

/** The rules that are off by default: the corpus turns them on to measure them (and counts them apart). */
const { RULES } = await import(pathToFileURL(path.join(ROOT, "dist/index.js")).href);
const OFF = new Set(RULES.filter((r) => r.meta.defaultOff).map((r) => r.meta.id));
const ON_FLAGS = RULES.filter((r) => r.meta.defaultOff).flatMap((r) => ["--rule", `${r.meta.id}:${r.meta.severity}`]);

function lint(paths) {
  const args = ["--no-config", ...ON_FLAGS, "-f", "json", ...paths];
  const r = spawnSync(process.execPath, [path.join(ROOT, "bin/svlint.js"), ...args], {
    encoding: "utf8",
    maxBuffer: 1 << 30,
  });
  if (r.status === 2 || r.stdout.trim() === "") {
    console.error(`corpus: svlint failed (exit ${r.status}): ${r.stderr}`);
    process.exit(1);
  }
  return JSON.parse(r.stdout);
}

function readVerdicts() {
  const out = new Map();
  if (!fs.existsSync(VERDICTS)) return out;
  for (const line of fs.readFileSync(VERDICTS, "utf8").split("\n")) {
    if (line === "" || line.startsWith("#")) continue;
    const [key, verdict, reason] = line.split("\t");
    if (!["TP", "FP", "convention"].includes(verdict))
      throw new Error(`corpus/verdicts.tsv: bad verdict '${verdict}' for ${key}`);
    out.set(key, { verdict, reason });
  }
  return out;
}

const t0 = performance.now();
const deb = debianPart();
const gh = args.has("--debian-only") ? [] : githubPart();
const findings = []; // { key, part, ruleId, level, message, certainty }
let services = 0;
const deploymentKinds = {};
const crashes = [];
/** Findings with a fix (by rule and applicability) and with suggestions (by rule). */
const fixable = new Map();
/** Findings that carry a fix, to weigh fixes against the verdicts. */
const fixedFindings = [];
for (const part of [{ source: { repo: "debian" }, ...deb }, ...gh]) {
  const results = lint(part.paths);
  const svcs = new Map(results.map((f) => [f.service, f.deployment]));
  services += svcs.size;
  for (const k of svcs.values()) deploymentKinds[k] = (deploymentKinds[k] ?? 0) + 1;
  for (const f of results) {
    for (const m of f.messages) {
      const key = `${part.key(f.filePath)}:${m.line}:${m.column}:${m.ruleId}`;
      findings.push({
        key,
        part: part.source.part ?? "debian",
        ruleId: m.ruleId,
        level: m.level,
        message: m.message,
        certainty: m.certainty,
      });
      if (part.source.repo === "debian" && ["rule-error", "parse-error"].includes(m.ruleId))
        crashes.push(`${key}: ${m.message}`);
      if (m.ruleId === "rule-error") crashes.push(`${key}: ${m.message}`);
      if (m.fix) fixedFindings.push({ key, ruleId: m.ruleId, level: m.level, applicability: m.fix.applicability });
      const kinds = [...(m.fix ? [m.fix.applicability] : []), ...(m.suggestions ? ["suggestion"] : [])];
      for (const k of kinds) fixable.set(`${m.ruleId}\t${k}`, (fixable.get(`${m.ruleId}\t${k}`) ?? 0) + 1);
    }
  }
}
const seconds = (performance.now() - t0) / 1000;
const gathered = gh.map((p) => p.source.repo);
console.log(
  `corpus: ${services} services from ${gathered.length + 1} sources (debian${gathered.length ? ` + ${gathered.length} GitHub repositories in ${CACHE}` : ""}) in ${seconds.toFixed(1)} s`,
);
console.log(`deployment kinds: ${JSON.stringify(deploymentKinds)}`);

const verdicts = readVerdicts();
const baseline = new Set(fs.existsSync(BASELINE) ? fs.readFileSync(BASELINE, "utf8").split("\n").filter(Boolean) : []);
// Keys outside this run's scope (sources not gathered here) keep their baseline lines.
const inScope = (key) => key.startsWith("debian:") || gathered.some((r) => key.startsWith(r + ":"));
const reported = new Set(findings.map((f) => f.key));
const counted = findings.filter((f) => f.level === "error" || f.level === "warning");

// Precision per rule over warnings and errors.
const perRule = new Map();
for (const f of counted) {
  const r = perRule.get(f.ruleId) ?? { findings: 0, TP: 0, FP: 0, convention: 0, unjudged: 0 };
  const v = verdicts.get(f.key)?.verdict;
  r.findings++;
  if (v) r[v]++;
  else r.unjudged++;
  perRule.set(f.ruleId, r);
}
const info = findings.filter((f) => f.level === "info").length;
const rows = [...perRule.entries()].sort((a, b) => b[1].findings - a[1].findings);
const pct = (r) =>
  r.TP + r.FP + r.convention === 0 ? "-" : `${((100 * r.TP) / (r.TP + r.FP + r.convention)).toFixed(0)}%`;
console.log("\nrule                      findings   TP   FP  conv  unjudged  precision");
for (const [id, r] of rows)
  console.log(
    `${id.padEnd(26)}${String(r.findings).padStart(8)}${String(r.TP).padStart(5)}${String(r.FP).padStart(5)}${String(r.convention).padStart(6)}${String(r.unjudged).padStart(10)}  ${pct(r).padStart(9)}`,
  );
const all = rows
  .filter(([id]) => !OFF.has(id))
  .reduce(
    (a, [, r]) => ({
      findings: a.findings + r.findings,
      TP: a.TP + r.TP,
      FP: a.FP + r.FP,
      convention: a.convention + r.convention,
      unjudged: a.unjudged + r.unjudged,
    }),
    { findings: 0, TP: 0, FP: 0, convention: 0, unjudged: 0 },
  );
console.log(
  `${"all warnings and errors".padEnd(26)}${String(all.findings).padStart(8)}${String(all.TP).padStart(5)}${String(all.FP).padStart(5)}${String(all.convention).padStart(6)}${String(all.unjudged).padStart(10)}  ${pct(all).padStart(9)}`,
);
console.log(`(and ${info} notes at info severity, not counted)`);
if (OFF.size > 0)
  console.log(`off by default, turned on here and left out of the total: ${[...OFF].sort().join(", ")}`);
// The same per part of the manifest: the tuning sources and each validation round.
const byPart = new Map();
for (const f of counted.filter((c) => !OFF.has(c.ruleId))) {
  const p = byPart.get(f.part) ?? { n: 0, TP: 0 };
  p.n++;
  if (verdicts.get(f.key)?.verdict === "TP") p.TP++;
  byPart.set(f.part, p);
}
console.log(
  `by part: ${[...byPart]
    .sort()
    .map(([k, p]) => `${k} ${p.TP}/${p.n}`)
    .join(", ")}`,
);

if (args.has("--unjudged")) {
  for (const f of counted) if (!verdicts.has(f.key)) console.log(`UNJUDGED\t${f.key}\t${f.level}\t${f.message}`);
}
if (args.has("--update")) {
  const kept = [...baseline].filter((k) => !inScope(k));
  baseline.clear();
  for (const k of [...kept, ...counted.map((f) => f.key)]) baseline.add(k);
  fs.writeFileSync(BASELINE, [...baseline].sort().join("\n") + "\n");
  console.log(`corpus: wrote ${path.relative(ROOT, BASELINE)}`);
}
if (args.has("--docs")) writeDocs(rows, services, gathered.length + 1);

// A fix is as right as the finding it corrects: safe fixes of warnings and errors by verdict.
const fixVerdicts = new Map();
for (const f of fixedFindings) {
  const v = f.level === "info" ? "note" : (verdicts.get(f.key)?.verdict ?? "unjudged");
  const k = `${f.ruleId} ${f.applicability}`;
  const row = fixVerdicts.get(k) ?? {};
  row[v] = (row[v] ?? 0) + 1;
  fixVerdicts.set(k, row);
}
console.log(
  `fixes by the verdict on their finding: ${[...fixVerdicts]
    .sort()
    .map(([k, r]) => `${k} ${JSON.stringify(r)}`)
    .join(", ")}`,
);
const wrongSafe = fixedFindings.filter(
  (f) => f.applicability === "safe" && ["FP", "convention"].includes(verdicts.get(f.key)?.verdict ?? ""),
);
for (const f of wrongSafe) console.log(`  safe fix on a finding judged ${verdicts.get(f.key).verdict}: ${f.key}`);

// Fixing the corpus: the diff applies to a copy, and a second fix changes nothing.
const t1 = performance.now();
const fixed = args.has("--no-fix-check")
  ? { problems: [], dropped: [], patched: 0, files: 0, hunks: 0 }
  : fixCheck(
      [{ source: { repo: "debian" }, ...deb }, ...gh].map((p) => ({
        name: p.source.repo,
        root: p.root,
        paths: p.paths,
        copy: p.copy,
      })),
      path.join(ROOT, "bin/svlint.js"),
    );
console.log(
  `\nfixes offered (rule, applicability, findings): ${[...fixable]
    .sort()
    .map(([k, n]) => `${k.replace("\t", " ")} ${n}`)
    .join(", ")}`,
);
console.log(
  `fix check: --fix-unsafe changes ${fixed.files} files (${fixed.hunks} hunks) in ${fixed.patched} sources; ` +
    `each patch applied with git apply to a copy, and a second fix changed nothing in ${fixed.patched - fixed.problems.length}; ` +
    `${fixed.dropped.length} fixes dropped by the fixer's check (${((performance.now() - t1) / 1000).toFixed(1)} s)`,
);
for (const d of fixed.dropped.slice(0, 20)) console.log(`  ${d}`);
const problems = [...crashes, ...fixed.problems];
for (const [key, v] of verdicts) {
  if (inScope(key) && v.verdict === "TP" && !reported.has(key))
    problems.push(`judged TP, no longer reported: ${key} (${v.reason})`);
}
for (const f of counted) {
  const v = verdicts.get(f.key);
  if (!v) problems.push(`no verdict: ${f.key} ${f.level}: ${f.message}`);
  else if (v.verdict !== "TP" && !baseline.has(f.key))
    problems.push(`judged ${v.verdict}, reported again: ${f.key} (${v.reason})`);
}
if (problems.length > 0) {
  console.error(`\ncorpus: ${problems.length} problems:\n${problems.slice(0, 200).join("\n")}`);
  process.exit(1);
}
console.log("\ncorpus: every judged TP still reported, no judged FP back, 0 crashes");

function writeDocs(ruleRows, serviceCount, sourceCount) {
  const date = new Date().toISOString().slice(0, 10);
  const byId = new Map(ruleRows);
  const notes = new Map();
  for (const f of findings) if (f.level === "info") notes.set(f.ruleId, (notes.get(f.ruleId) ?? 0) + 1);
  const corpus = `${serviceCount.toLocaleString("en-US")} services from ${sourceCount} sources, ${date}`;
  for (const f of fs.readdirSync(path.join(ROOT, "docs", "rules"))) {
    const id = f.replace(/\.md$/, "");
    const r = byId.get(id);
    const counted = r
      ? `${r.findings} warnings and errors, ${r.TP} judged true: precision ${pct(r)}`
      : "no warnings or errors";
    const n = notes.get(id) ?? 0;
    const line = `Measured on the real-world corpus (${corpus}; \`npm run corpus\`): ${counted}${n ? `; ${n} notes (info), not judged` : ""}.`;
    const p = path.join(ROOT, "docs", "rules", f);
    const text = fs.readFileSync(p, "utf8");
    const marked = /<!-- corpus -->[\s\S]*?<!-- \/corpus -->/;
    const block = `<!-- corpus -->\n${line}\n<!-- /corpus -->`;
    fs.writeFileSync(
      p,
      marked.test(text) ? text.replace(marked, block) : text.replace(/\n+$/, "") + `\n\n## Precision\n\n${block}\n`,
    );
  }
}
