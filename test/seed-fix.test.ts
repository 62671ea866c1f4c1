// The article's scripts (fixtures/seed) through `svlint --fix`, as a user runs it: on a copy of the
// six cases, every finding whose fix the run applies is gone, no finding appears, and a second
// --fix changes nothing. test/truth/truth.test.ts runs the fixed cases under daemontools.
import * as fs from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { svlint } from "./cli-helpers.js";
import { tempDir, TEST_PASSWD } from "./helpers.js";

const SEED = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../fixtures/seed");
const cases = fs
  .readdirSync(SEED)
  .filter((n) => fs.existsSync(path.join(SEED, n, "run")))
  .sort();

interface JsonMessage {
  ruleId: string;
  message: string;
  fix?: { applicability: "safe" | "unsafe" | "display"; edits: unknown[] };
}
interface JsonFile {
  filePath: string;
  service: string;
  messages: JsonMessage[];
}

/** A finding's identity across a fix, as the fixer counts it: file, rule, message (line numbers set aside). */
const keyOf = (f: JsonFile, m: JsonMessage): string =>
  `${path.relative(f.service, f.filePath)} ${m.ruleId}: ${m.message.replace(/\bline \d+/g, "line N")}`;

/** Every file's mode and text under `root` (the seed has no links, FIFOs or binary files). */
function snapshot(root: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (dir: string): void => {
    for (const name of fs.readdirSync(dir).sort()) {
      const p = path.join(dir, name);
      const st = fs.lstatSync(p);
      if (st.isDirectory()) walk(p);
      else out[path.relative(root, p)] = `${(st.mode & 0o7777).toString(8)} ${fs.readFileSync(p, "utf8")}`;
    }
  };
  walk(root);
  return out;
}

/** The six cases copied into one fresh scan directory. */
function copySeed(): string {
  const root = tempDir("svlint-seed-fix-");
  for (const name of cases) fs.cpSync(path.join(SEED, name), path.join(root, name), { recursive: true });
  return root;
}

// The seed as test/seed.test.ts judges it (a checkout, this machine's accounts), and as deployed
// (live, with the fixtures' accounts, in which `metrics` exists).
const settings = [
  { name: "repo context, /etc/passwd", args: ["--context", "repo"], passwd: null },
  { name: "live context, test accounts", args: ["--context", "live"], passwd: TEST_PASSWD },
] as const;
const modes = [
  { flags: ["--fix"], applied: ["safe"] },
  { flags: ["--fix", "--fix-unsafe"], applied: ["safe", "unsafe"] },
] as const;

describe.each(settings)("svlint --fix on the seed fixtures ($name)", ({ args, passwd }) => {
  describe.each(modes)("$flags", ({ flags, applied }) => {
    const run = (extra: readonly string[], dir: string) => svlint([...extra, "--no-config", ...args, dir], { passwd });
    const json = (extra: readonly string[], dir: string): JsonFile[] => {
      const r = run([...extra, "-f", "json"], dir);
      expect(r.stderr).not.toMatch(/internal error|fix not applied|not written/);
      return JSON.parse(r.stdout) as JsonFile[];
    };
    const root = copySeed();
    let before: JsonFile[] = [];
    let report: JsonFile[] = [];
    let after: JsonFile[] = [];
    let fixedOnce: Record<string, string> = {};
    let again = { code: null as number | null, stderr: "" };

    beforeAll(() => {
      before = json([], root);
      report = json(flags, root);
      after = json([], root);
      fixedOnce = snapshot(root);
      const r = run(flags, root);
      again = { code: r.code, stderr: r.stderr };
    });

    /** A case's findings as keys; `fixable` keeps those whose fix this run applies. */
    const keys = (files: JsonFile[], name: string, fixable?: boolean): string[] =>
      files
        .filter((f) => path.basename(f.service) === name)
        .flatMap((f) =>
          f.messages
            .filter((m) => {
              if (fixable === undefined) return true;
              const has =
                m.fix !== undefined &&
                m.fix.edits.length > 0 &&
                (applied as readonly string[]).includes(m.fix.applicability);
              return has === fixable;
            })
            .map((m) => keyOf(f, m)),
        )
        .sort();

    it.each(cases)("%s: the findings with a fix are gone and none is new", (name) => {
      const left = keys(after, name);
      // Each remaining finding was there before and carried no fix this run applies: as multisets,
      // what is left is contained in the findings without such a fix.
      const pool = keys(before, name, false);
      for (const k of left) {
        const i = pool.indexOf(k);
        expect({ unexpected: i < 0 ? k : undefined }).toEqual({ unexpected: undefined });
        pool.splice(i, 1);
      }
      for (const k of keys(before, name, true)) expect(left).not.toContain(k);
      // The fix run reports what the tree now holds.
      expect(keys(report, name)).toEqual(left);
    });

    it("fixes stderr-to-log the way the article's corrected case does it", () => {
      // Cases 1 to 5 differ from 6-corrected in run only by its missing `exec 2>&1`.
      const corrected = fs.readFileSync(path.join(SEED, "6-corrected/run"), "utf8");
      for (const name of cases)
        expect([name, fs.readFileSync(path.join(root, name, "run"), "utf8")]).toEqual([name, corrected]);
      // Their findings without a fix (no-cat-logging, logger-privileges, chown-target) stay.
      for (const name of cases)
        expect([name, keys(after, name).map((k) => k.split(":")[0])]).toEqual([
          name,
          keys(before, name, false).map((k) => k.split(":")[0]),
        ]);
    });

    it("a second --fix changes nothing", () => {
      expect(again.stderr).toBe("");
      expect(again.code).not.toBe(2);
      expect(snapshot(root)).toEqual(fixedOnce);
    });
  });
});
