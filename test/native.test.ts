// The native parser addon against tree-sitter's JS binding: the same flat tree, node for node, for
// every script the project holds, generated bench scripts, fuzzed scripts and hostile text. The
// model and every rule read only the flat tree, so equal trees mean equal findings.
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import fc from "fast-check";
import { flattenNative, flattenTree, type FlatTree } from "../src/parse/flat.js";
import { nativeParser } from "../src/parse/native.js";
import { parserBackend, parseShell } from "../src/parse/shell.js";
// @ts-expect-error: plain JavaScript shared with `npm run fuzz`
import { brokenShell, randomText, shellScript } from "../scripts/fuzz-lib.mjs";

import { ROOT, svlint } from "./cli-helpers.js";

/** A plain copy of the live part of a flat tree (flatten* reuse their arrays). */
function snapshot(t: FlatTree) {
  const n = t.size;
  return {
    size: n,
    hasError: t.hasError,
    type: t.type.slice(0, n),
    field: t.field.slice(0, n),
    named: Array.from(t.named.subarray(0, n)),
    missing: Array.from(t.missing.subarray(0, n)),
    start: Array.from(t.start.subarray(0, n)),
    end: Array.from(t.end.subarray(0, n)),
    parent: Array.from(t.parent.subarray(0, n)),
    next: Array.from(t.next.subarray(0, n)),
  };
}

const viaNative = (text: string) => snapshot(flattenNative(nativeParser()!, text));
const viaJs = (text: string) => snapshot(flattenTree(parseShell(text)));

function scriptsUnder(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile() && /^(run|finish|check|up|down)$/.test(e.name)) out.push(p);
    }
  };
  walk(dir);
  return out;
}

describe("native parser addon", () => {
  it("is the parser in use (npm ci builds it; a failed build would silently halve the speed)", () => {
    expect(parserBackend()).toBe("native");
  });

  it("gives the JS binding's tree for every script in fixtures/ and examples/", () => {
    const files = [...scriptsUnder(path.join(ROOT, "fixtures")), ...scriptsUnder(path.join(ROOT, "examples"))];
    expect(files.length).toBeGreaterThan(10);
    for (const f of files) {
      const text = fs.readFileSync(f, "utf8");
      expect({ f, tree: viaNative(text) }).toEqual({ f, tree: viaJs(text) });
    }
  });

  it("gives the JS binding's tree for 200 generated bench services", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "svlint-native-"));
    try {
      execFileSync(process.execPath, [path.join(ROOT, "scripts/gen-tree.mjs"), dir, "200"]);
      const files = scriptsUnder(dir);
      expect(files.length).toBeGreaterThanOrEqual(200);
      for (const f of files) {
        const text = fs.readFileSync(f, "utf8");
        expect({ f, tree: viaNative(text) }).toEqual({ f, tree: viaJs(text) });
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("gives the JS binding's tree on hostile text: offsets in UTF-16 units, errors, MISSING nodes, deep nesting", () => {
    const cases = [
      "",
      "#!/bin/sh\r\nexec app 2>&1\r\n",
      "#!/bin/sh\necho 'héllo wörld' \"😀😀\" && exec ünïcode --opt=🎉 > /var/log/ß\n",
      "#!/bin/sh\nx=\u0000\u0001\u0002 exec a\u0000b\n",
      Buffer.from([0x23, 0x21, 0xff, 0xfe, 0x0a, 0x65, 0x78, 0x65, 0x63, 0x20, 0xc3, 0x28]).toString("utf8"),
      "#!/bin/sh\nif true; then\n  exec a\n", // missing fi
      '#!/bin/sh\necho "unterminated\nexec b\n',
      "#!/bin/sh\ncat <<EOF\n$(x)\nEOF\nexec multilog t ./main\n",
      "#!/bin/sh\n" + "if a; then ".repeat(3000) + "exec x" + "; fi".repeat(3000) + "\n",
      "#!/bin/sh\necho " + "$(".repeat(2000) + "x" + ")".repeat(2000) + "\n",
      "a=(1 2 3); exec ${a[@]} 2>&1 >f\n",
    ];
    for (const text of cases) expect(viaNative(text)).toEqual(viaJs(text));
  });

  it("gives the JS binding's tree for 2,000 fuzzed scripts (generated shell, glued fragments, random bytes)", () => {
    fc.assert(
      fc.property(fc.oneof(shellScript, brokenShell, randomText), (text: string) => {
        expect(viaNative(text)).toEqual(viaJs(text));
      }),
      { numRuns: 2000 },
    );
  });

  it("parses batches on libuv's thread pool into parse()'s very arrays, several batches in flight at once", async () => {
    const native = nativeParser()!;
    const hostile = [
      "",
      "#!/bin/sh\r\nexec app 2>&1\r\n",
      "#!/bin/sh\necho 'héllo' \"😀\" > /var/log/ß\n",
      "#!/bin/sh\nx=\u0000\u0001 exec a\u0000b\n",
      "#!/bin/sh\nif true; then\n  exec a\n",
      "#!/bin/sh\n" + "if a; then ".repeat(3000) + "exec x" + "; fi".repeat(3000) + "\n",
      "#!/bin/sh\necho " + "$(".repeat(2000) + "x" + ")".repeat(2000) + "\n",
    ];
    const generated = fc.sample(fc.oneof(shellScript, brokenShell, randomText), { numRuns: 600, seed: 7 }) as string[];
    const texts = [...hostile, ...generated];
    const batches: string[][] = [];
    for (let i = 0; i < texts.length; i += 25) batches.push(texts.slice(i, i + 25));
    batches.push([]);
    // Every batch queued before any is awaited: the pool's threads parse them side by side.
    const results = await Promise.all(batches.map((b) => native.parseBatch(b)));
    const flat = results.flat();
    expect(flat).toHaveLength(texts.length);
    texts.forEach((t, i) =>
      expect({ i, tree: Array.from(flat[i]!) }).toEqual({ i, tree: Array.from(native.parse(t)) }),
    );
    expect(() => native.parseBatch("#!/bin/sh" as unknown as string[])).toThrow(/array of strings/);
    expect(() => native.parseBatch(["ok", 42] as unknown as string[])).toThrow(/array of strings/);
  });

  it("the command gives the same report through the JS fallback (SVLINT_PARSER=js), in-process and in workers", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "svlint-native-"));
    try {
      // The examples and fixtures in-process; 320 generated services in-process (13 batches through
      // the parse thread) and in two worker threads.
      execFileSync(process.execPath, [path.join(ROOT, "scripts/gen-tree.mjs"), dir, "320"]);
      const runs = [[path.join(ROOT, "examples")], [path.join(ROOT, "fixtures")], [dir], ["--concurrency", "2", dir]];
      for (const target of runs) {
        const native = svlint(["--no-config", "-f", "json", ...target]);
        const js = svlint(["--no-config", "-f", "json", ...target], { env: { SVLINT_PARSER: "js" } });
        expect(js.stderr).toBe("");
        expect(native.stdout.length).toBeGreaterThan(100);
        expect(js.stdout).toBe(native.stdout);
        expect(js.code).toBe(native.code);
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);

  it("keeps one parser per thread: worker threads parse at the same time without sharing state", async () => {
    const { Worker } = await import("node:worker_threads");
    const addon = path.join(ROOT, "native/build/Release/svlint_parser.node");
    const code = `
      const { parentPort } = require("node:worker_threads");
      const m = require(${JSON.stringify(addon)});
      let sum = 0;
      for (let i = 0; i < 300; i++) sum += m.parse("#!/bin/sh\\nexec envdir ./env setuidgid app daemon -f " + "x ".repeat(i % 50) + "\\n")[0];
      parentPort.postMessage(sum);`;
    const run = () =>
      new Promise<number>((resolve, reject) => {
        const w = new Worker(code, { eval: true });
        w.once("message", resolve);
        w.once("error", reject);
      });
    const sums = await Promise.all([run(), run(), run()]);
    let expected = 0;
    for (let i = 0; i < 300; i++)
      expected += nativeParser()!.parse(
        "#!/bin/sh\nexec envdir ./env setuidgid app daemon -f " + "x ".repeat(i % 50) + "\n",
      )[0]!;
    expect(sums).toEqual([expected, expected, expected]);
  });
});
