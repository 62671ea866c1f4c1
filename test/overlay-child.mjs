// @ts-check
// Run by host.test.ts in a process of its own: lints each service from disk, then lints the same
// files laid as text over an empty host with every function of node:fs made to throw, and prints
// both results. (jest's module registry would keep the real fs functions in the modules it
// loaded; a plain node process lets syncBuiltinESMExports reach every import of node:fs.)
import fs from "node:fs";
import { syncBuiltinESMExports } from "node:module";
import * as path from "node:path";
import { pathToFileURL } from "node:url";

const [dist, input] = process.argv.slice(2);
const { Engine, emptyHost, RULES } = await import(pathToFileURL(path.join(dist, "index.js")).href);
const { lintService } = await import(pathToFileURL(path.join(dist, "engine/lint.js")).href);
const { readService } = await import(pathToFileURL(path.join(dist, "service.js")).href);
/** @type {{ passwd: string, services: Array<{ dir: string, files: Array<{ rel: string, text?: string, mode: number, dir?: boolean }> }> }} */
const job = JSON.parse(fs.readFileSync(String(input), "utf8"));
const passwdText = fs.readFileSync(job.passwd, "utf8");
// Off-by-default rules are turned on at their severity: every rule is checked.
/** @type {Record<string, string>} */
const on = Object.fromEntries(
  RULES.filter((/** @type {any} */ r) => r.meta.defaultOff).map((/** @type {any} */ r) => [r.meta.id, r.meta.severity]),
);
const fromDisk = job.services.map((s) =>
  lintService(readService(s.dir, { context: "live" }), {
    rules: RULES,
    passwdFile: job.passwd,
    severities: new Map(Object.entries(on)),
  }),
);

const real = new Map();
for (const [k, v] of Object.entries(fs)) if (typeof v === "function" && /^[a-z]/.test(k)) real.set(k, v);
const touched = new Set();
for (const k of real.keys())
  /** @type {any} */ (fs)[k] = (/** @type {unknown[]} */ ...args) => {
    touched.add(`${k}(${String(args[0])})`);
    throw new Error(`disk access: fs.${k}`);
  };
syncBuiltinESMExports();
let fromOverlay;
try {
  fromOverlay = job.services.map((s) => {
    const engine = new Engine({ base: emptyHost });
    engine.setFile(job.passwd, passwdText);
    for (const f of s.files) {
      const abs = path.join(s.dir, f.rel);
      if (f.dir) engine.host.mkdir(abs, f.mode);
      else engine.setFile(abs, { text: f.text ?? "", mode: f.mode });
    }
    return engine.lintService(s.dir, { context: "live", passwd: job.passwd, severities: on });
  });
} finally {
  for (const [k, v] of real) /** @type {any} */ (fs)[k] = v;
  syncBuiltinESMExports();
}
process.stdout.write(JSON.stringify({ fromDisk, fromOverlay, touched: [...touched] }));
