// Writing fixes to disk, the only place svlint changes a file. A fixed text replaces its file
// atomically (a temporary file in the same directory, renamed over it) with the file's mode and
// owner, and only when the file is still what was read: a regular file, not a link, with one
// name, inside the service. Modes change only with --fix-modes.
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { describeFsError, lstatOrUndefined } from "../host/fsutil.js";

const MAX_TEXT = 1 << 20;

/** The real path of a directory, or undefined. */
function real(p: string): string | undefined {
  try {
    return fs.realpathSync(p);
  } catch {
    return undefined;
  }
}

const inside = (p: string, root: string): boolean =>
  p === root || p.startsWith(root.endsWith(path.sep) ? root : root + path.sep);

/** Why `abs` must not be written (a link, a FIFO, another name of the file, outside `root`), or undefined. */
function refusal(
  abs: string,
  root: string,
  st: fs.Stats | undefined,
  want: "file" | "file-or-dir",
): string | undefined {
  if (!st) return "it is gone";
  if (st.isSymbolicLink()) return "it is a symbolic link";
  if (!(st.isFile() || (want === "file-or-dir" && st.isDirectory()))) return "it is not a regular file";
  if (st.isFile() && st.nlink > 1) return "it has other hard links, which a new file would split from it";
  const dir = real(path.dirname(abs));
  const top = real(root);
  if (dir === undefined || top === undefined || !inside(dir, top)) return `it lies outside ${root}`;
  return undefined;
}

/**
 * Why a fix of `abs` would not be written (a link, a FIFO, another name of the file, outside
 * `root`), or undefined: what a dry run (`--fix-dry-run`, `-f diff`) says instead of writing.
 */
export function unwritable(abs: string, root: string, want: "file" | "file-or-dir" = "file"): string | undefined {
  return refusal(abs, root, lstatOrUndefined(abs), want);
}

/** The text of a regular file, read without following a link or blocking on a FIFO. */
function readRegular(abs: string): string | undefined {
  let fd: number | undefined;
  try {
    fd = fs.openSync(abs, fs.constants.O_RDONLY | fs.constants.O_NOFOLLOW | fs.constants.O_NONBLOCK);
    const st = fs.fstatSync(fd);
    if (!st.isFile() || st.size > MAX_TEXT) return undefined;
    return fs.readFileSync(fd, "utf8");
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/**
 * Replaces the file `abs`, inside `root`, whose text is `before` with `after`. Returns why it was
 * not written, or undefined once it is.
 */
export function writeFixed(abs: string, before: string, after: string, root: string): string | undefined {
  const st = lstatOrUndefined(abs);
  const refused = refusal(abs, root, st, "file");
  if (refused) return refused;
  if (readRegular(abs) !== before) return "it changed since svlint read it";
  const dir = path.dirname(abs);
  const tmp = path.join(dir, `.${path.basename(abs)}.svlint-${process.pid}-${randomBytes(4).toString("hex")}`);
  const mode = st!.mode & 0o7777;
  let fd: number | undefined;
  try {
    fd = fs.openSync(
      tmp,
      fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_EXCL | fs.constants.O_NOFOLLOW,
      0o600,
    );
    const bytes = Buffer.from(after);
    for (let off = 0; off < bytes.length;) off += fs.writeSync(fd, bytes, off);
    if (st!.uid !== process.getuid?.() || st!.gid !== process.getgid?.()) fs.fchownSync(fd, st!.uid, st!.gid);
    // After the chown, which clears set-id bits.
    fs.fchmodSync(fd, mode);
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    fd = undefined;
    fs.renameSync(tmp, abs);
    return undefined;
  } catch (err) {
    if (fd !== undefined) fs.closeSync(fd);
    fs.rmSync(tmp, { force: true });
    return describeFsError(err) === "permission denied" && st!.uid !== process.getuid?.()
      ? "svlint cannot give a new file its owner (run as the file's owner or root)"
      : describeFsError(err);
  }
}

/**
 * git, with the settings through which a checkout's own config could run a program turned off:
 * svlint never runs what it reads.
 */
function git(args: string[]) {
  return spawnSync("git", ["-c", "core.fsmonitor=false", "-c", "core.hooksPath=/dev/null", ...args], {
    encoding: "utf8",
  });
}

/** The top of the git work tree `abs` lies in, asked of git itself. */
function gitTop(abs: string): string | undefined {
  const r = git(["-C", path.dirname(abs), "rev-parse", "--show-toplevel"]);
  return r.status === 0 ? r.stdout.trim() : undefined;
}

/**
 * Sets the mode of `abs` (a file or directory inside `root`). In a checkout the executable bit
 * lives in git's index, which a clone uses: a tracked file gets `git update-index --chmod` too.
 */
export function writeMode(abs: string, mode: number, root: string): string | undefined {
  const st = lstatOrUndefined(abs);
  const refused = refusal(abs, root, st, "file-or-dir");
  if (refused) return refused;
  try {
    fs.chmodSync(abs, mode);
  } catch (err) {
    return describeFsError(err);
  }
  if (!st!.isFile()) return undefined;
  const top = gitTop(abs);
  if (top === undefined) return undefined;
  const rel = path.relative(top, abs);
  if (git(["-C", top, "ls-files", "--error-unmatch", "--", rel]).status !== 0) return undefined;
  const r = git(["-C", top, "update-index", `--chmod=${mode & 0o111 ? "+x" : "-x"}`, "--", rel]);
  return r.status === 0 ? undefined : `git update-index failed: ${r.stderr.trim()}`;
}
