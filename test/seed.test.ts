// The article's scripts as fixture services, compared with hand-written expectations.
import * as fs from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { lint } from "../src/index.js";

const SEED = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../fixtures/seed");
const cases = fs
  .readdirSync(SEED)
  .filter((n) => fs.existsSync(path.join(SEED, n, "run")))
  .sort();

describe("seed fixtures", () => {
  it("has every case of the article", () => {
    expect(cases).toHaveLength(6);
  });

  it.each(cases)("%s", async (name) => {
    const dir = path.join(SEED, name);
    const expected = fs
      .readFileSync(path.join(SEED, `${name}.expected`), "utf8")
      .split("\n")
      .filter(Boolean);
    const report = await lint([dir], { noConfig: true });
    const got = report.results.flatMap((r) =>
      r.messages.map((m) => `${path.relative(dir, r.filePath)}:${m.line}:${m.column} ${m.severity} ${m.ruleId}`),
    );
    expect(got).toEqual(expected);
  });

  it("the article's final script is flagged by chown-target", async () => {
    const report = await lint([path.join(SEED, "5-stderr-and-chown")], { noConfig: true });
    expect(report.results.flatMap((r) => r.messages.map((m) => m.ruleId))).toContain("chown-target");
    expect(report.errorCount).toBeGreaterThan(0);
  });
});
