// @ts-check
// Part of `npm run corpus`: fixing real trees. For each source with something to fix, the patch
// that `svlint -f diff --fix-unsafe` prints must apply with `git apply` to a copy of the tree, and
// svlint run again on the patched copy must find nothing left to fix (fixing is idempotent).
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

/**
 * @typedef {{ name: string, root: string, paths: string[], copy: string[] }} FixPart
 * `paths` are linted from `root`; `copy` are the directories (relative to `root`) a copy needs.
 */

/** @param {string} bin @param {string} cwd @param {string[]} paths */
function diffOf(bin, cwd, paths) {
  const r = spawnSync(
    process.execPath,
    [bin, "--no-config", "--fix-unsafe", "-f", "diff", ...paths.map((p) => path.relative(cwd, p) || ".")],
    { cwd, encoding: "utf8", maxBuffer: 1 << 30 },
  );
  return { code: r.status, patch: r.stdout, stderr: r.stderr };
}

/**
 * @param {FixPart[]} parts
 * @param {string} bin
 */
export function fixCheck(parts, bin) {
  const problems = [];
  const dropped = [];
  let patched = 0;
  let files = 0;
  let hunks = 0;
  for (const part of parts) {
    const first = diffOf(bin, part.root, part.paths);
    if (first.code === 2) {
      problems.push(`${part.name}: svlint -f diff failed: ${first.stderr.trim()}`);
      continue;
    }
    dropped.push(...first.stderr.split("\n").filter((l) => l.startsWith("svlint: fix not applied")));
    if (first.patch === "") continue;
    patched++;
    files += (first.patch.match(/^diff --git /gm) ?? []).length;
    hunks += (first.patch.match(/^@@ /gm) ?? []).length;
    const copy = fs.mkdtempSync(path.join(os.tmpdir(), "svlint-fixcheck-"));
    try {
      for (const rel of part.copy) {
        fs.mkdirSync(path.dirname(path.join(copy, rel)), { recursive: true });
        fs.cpSync(path.join(part.root, rel), path.join(copy, rel), { recursive: true, verbatimSymlinks: true });
      }
      const apply = spawnSync("git", ["apply", "--whitespace=nowarn", "-"], {
        cwd: copy,
        input: first.patch,
        encoding: "utf8",
      });
      if (apply.status !== 0) {
        problems.push(`${part.name}: git apply failed: ${apply.stderr.trim().split("\n").slice(0, 3).join("; ")}`);
        continue;
      }
      const paths = part.paths.map((p) => path.join(copy, path.relative(part.root, p)));
      const second = diffOf(bin, copy, paths);
      if (second.patch !== "")
        problems.push(`${part.name}: a second fix changes more:\n${second.patch.split("\n").slice(0, 20).join("\n")}`);
    } finally {
      fs.rmSync(copy, { recursive: true, force: true });
    }
  }
  return { problems, dropped, patched, files, hunks };
}
