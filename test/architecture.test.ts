// The shape of the code: no import cycles (type-only imports count too: a cycle of types is a
// tangle of modules all the same), and no rule or model code imports the file system. The
// runtime half of the second check is in host.test.ts (every rule over a host with no disk).
import * as fs from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";

const SRC = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../src");

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? sources(p) : e.name.endsWith(".ts") ? [p] : [];
  });
}

/** Every module specifier a file imports or re-exports (static and dynamic). */
function specifiers(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/(?:^|\n)\s*(?:import|export)\b[^;]*?\bfrom\s*"([^"]+)"|\bimport\(\s*"([^"]+)"\s*\)/g))
    out.push((m[1] ?? m[2])!);
  return out;
}

const files = sources(SRC);
const graph = new Map<string, string[]>();
for (const f of files) {
  const deps = specifiers(fs.readFileSync(f, "utf8"))
    .filter((s) => s.startsWith("."))
    .map((s) => path.resolve(path.dirname(f), s).replace(/\.js$/, ".ts"));
  graph.set(f, deps);
}
const rel = (f: string): string => path.relative(SRC, f);

it("reads the imports it checks (the graph is not empty)", () => {
  expect(files.length).toBeGreaterThan(50);
  expect(graph.get(path.join(SRC, "engine/lint.ts"))).toContain(path.join(SRC, "engine/rule.ts"));
});

it("has no import cycles", () => {
  const cycles: string[] = [];
  const state = new Map<string, "open" | "done">();
  const stack: string[] = [];
  const visit = (f: string): void => {
    state.set(f, "open");
    stack.push(f);
    for (const d of graph.get(f) ?? []) {
      if (state.get(d) === "open") cycles.push([...stack.slice(stack.indexOf(d)), d].map(rel).join(" → "));
      else if (!state.has(d)) visit(d);
    }
    stack.pop();
    state.set(f, "done");
  };
  for (const f of files) if (!state.has(f)) visit(f);
  expect(cycles).toEqual([]);
});

it("rules, the model, the parsers and the knowledge tables import no file-system module", () => {
  const pure = files.filter((f) => /^(rules|model|parse|knowledge)\//.test(rel(f)) || rel(f) === "engine/rule.ts");
  expect(pure.length).toBeGreaterThan(30);
  const offenders = pure.filter((f) =>
    specifiers(fs.readFileSync(f, "utf8")).some((s) => /^(node:)?fs(\/promises)?$/.test(s) || s.endsWith("/fsutil.js")),
  );
  expect(offenders.map(rel)).toEqual([]);
});

it("the README's How it works names every folder of src/ and no folder that is gone", () => {
  const readme = fs.readFileSync(path.join(SRC, "../README.md"), "utf8");
  const section = readme.slice(
    readme.indexOf("## How it works"),
    readme.indexOf("\n## ", readme.indexOf("## How it works") + 1),
  );
  const folders = fs
    .readdirSync(SRC, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => `src/${e.name}/`)
    .sort();
  const named = [...new Set([...section.matchAll(/`(src\/[\w-]+\/)/g)].map((m) => m[1]!))].sort();
  expect(named).toEqual(folders);
});
