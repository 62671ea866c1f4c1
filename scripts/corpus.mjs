// npm run corpus: lints the service directories that Debian packages ship (runit's and
// runit-services' run scripts) and fails on any crash, parse error or unread script. As root it
// installs the packages first (apt-get); otherwise it lints whatever is installed.
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const PACKAGES = ["runit", "runit-services"];
const DIRS = ["/etc/sv", "/usr/share/runit/sv", "/etc/runit"];

if (process.getuid?.() === 0 && !process.env.CORPUS_NO_INSTALL) {
  const r = spawnSync("apt-get", ["install", "-y", "-qq", "--no-install-recommends", ...PACKAGES], { stdio: "inherit", env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" } });
  if (r.status !== 0) console.error("corpus: apt-get install failed; linting what is installed");
}
const dirs = DIRS.filter((d) => fs.existsSync(d));
if (dirs.length === 0) {
  console.error(`corpus: none of ${DIRS.join(", ")} exists; install ${PACKAGES.join(" ")}`);
  process.exit(2);
}
const t0 = performance.now();
const r = spawnSync(process.execPath, [path.join(ROOT, "bin/svlint.js"), "--no-config", "-f", "json", ...dirs], { encoding: "utf8", maxBuffer: 1 << 28 });
const seconds = (performance.now() - t0) / 1000;
if (r.status === 2 || r.stdout.trim() === "") {
  console.error(`corpus: svlint failed (exit ${r.status}): ${r.stderr}`);
  process.exit(1);
}
const results = JSON.parse(r.stdout);
const byRule = {};
for (const f of results) for (const m of f.messages) byRule[m.ruleId] = (byRule[m.ruleId] ?? 0) + 1;
const services = new Set(results.map((f) => f.service)).size;
console.log(`corpus: ${services} services, ${results.length} files from ${dirs.join(", ")} in ${seconds.toFixed(2)} s`);
console.log("findings by rule:", JSON.stringify(byRule));
const bad = results.flatMap((f) => f.messages.filter((m) => ["rule-error", "parse-error", "unreadable-file"].includes(m.ruleId)).map((m) => `${f.filePath}:${m.line}:${m.column} ${m.ruleId}: ${m.message}`));
if (bad.length > 0) {
  console.error(`corpus: ${bad.length} crash/parse/read problems:\n${bad.join("\n")}`);
  process.exit(1);
}
console.log("corpus: 0 crashes, 0 parse errors, 0 unread scripts");
