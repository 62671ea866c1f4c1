// @ts-check
// Maintainer script: re-gathers the real-world corpus from corpus/manifest/*.json. Each source is
// a public GitHub repository at a pinned commit; its mirror must already be on this machine (the
// workplace's `fetch` puts it at /work/.mirror/<owner>+<name>/repo, or set SVLINT_MIRRORS). The
// commit's tree is written to the cache (SVLINT_CORPUS_CACHE, default ../svlint-corpus) with
// `git archive`, which keeps modes and symlinks as a checkout would, and gets an empty `.git`
// so that svlint sees a repository checkout. Nothing of it is committed.
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const CACHE = path.resolve(process.env.SVLINT_CORPUS_CACHE ?? path.join(ROOT, "..", "svlint-corpus"));
const MIRRORS = process.env.SVLINT_MIRRORS ?? "/work/.mirror";

/** Every source of corpus/manifest/*.json, sorted by repository. */
export function readManifest() {
  const dir = path.join(ROOT, "corpus", "manifest");
  const sources = [];
  for (const f of fs
    .readdirSync(dir)
    .filter((n) => n.endsWith(".json"))
    .sort()) {
    for (const s of JSON.parse(fs.readFileSync(path.join(dir, f), "utf8")).sources)
      sources.push({ ...s, part: f.replace(/\.json$/, "") });
  }
  return sources.sort((a, b) => (a.repo < b.repo ? -1 : a.repo > b.repo ? 1 : 0));
}

/** Where a source's tree lives in the cache. */
export const treeOf = (source) => path.join(CACHE, source.repo.replace("/", "+"));

function gather(source) {
  const dest = treeOf(source);
  const stamp = path.join(dest, ".git", "corpus-commit");
  if (fs.existsSync(stamp) && fs.readFileSync(stamp, "utf8").trim() === source.commit) return "cached";
  let mirror = path.join(MIRRORS, source.repo.replace("/", "+"), "repo");
  if (!fs.existsSync(mirror)) return `no mirror at ${mirror} (fetch github:${source.repo} first)`;
  // Some snapshots arrive as a work tree: its git directory is inside.
  if (fs.existsSync(path.join(mirror, ".git"))) mirror = path.join(mirror, ".git");
  fs.rmSync(dest, { recursive: true, force: true });
  fs.mkdirSync(dest, { recursive: true });
  const paths = source.extract ?? [];
  const archive = spawnSync("git", ["--git-dir", mirror, "archive", "--format=tar", source.commit, ...paths], {
    maxBuffer: 2 ** 31 - 1,
  });
  if (archive.status !== 0) return `git archive failed: ${archive.stderr.toString().trim()}`;
  const tar = spawnSync("tar", ["-x", "-C", dest], { input: archive.stdout, maxBuffer: 1 << 20 });
  if (tar.status !== 0) return `tar failed: ${tar.stderr.toString().trim()}`;
  fs.mkdirSync(path.join(dest, ".git"), { recursive: true });
  fs.writeFileSync(stamp, source.commit + "\n");
  return "gathered";
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  let failed = 0;
  for (const source of readManifest()) {
    const r = gather(source);
    if (r !== "cached" && r !== "gathered") failed++;
    console.log(`${source.repo}@${source.commit.slice(0, 12)}: ${r}`);
  }
  console.log(`corpus-gather: ${CACHE}${failed ? `, ${failed} sources missing` : ""}`);
}
