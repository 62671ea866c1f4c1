// Finds service directories under the paths given on the command line.
// A directory holding an entry named `run` is a service; its `log/` is its logger, not a second
// service. Walks iteratively, follows directory symlinks (scan dirs are made of them) but never
// visits the same directory twice, so link loops end.
import * as fs from "node:fs";
import * as path from "node:path";
import { describeFsError, lstatOrUndefined, statOrUndefined } from "./host/fsutil.js";
import { diskHost } from "./host/disk.js";
import { gitWorkTreeRoot, insideDir } from "./host/host.js";
import { CONTROL_FILES, readS6rc } from "./service.js";

export interface DiscoveryProblem {
  path: string;
  message: string;
}

export interface Discovery {
  /** Absolute service directory paths, sorted, each once. */
  services: string[];
  /** The names in each service directory, as listed while walking (saves listing it again). */
  listings: Map<string, string[]>;
  /** Paths given by the user that could not be used at all (usage errors: exit 2). */
  fatal: DiscoveryProblem[];
  /** Things seen on the way that deserve a mention but stop nothing. */
  warnings: DiscoveryProblem[];
}

/** Directories never walked into: package caches, and the supervisors' own state. */
const SKIP_DIRS = new Set(["node_modules", "event"]);
/**
 * A `supervise` directory is supervise's state (control, lock, status) when it holds any of
 * these; otherwise it is a tree of services named so (qmail's /var/qmail/supervise).
 */
const SUPERVISE_STATE = ["control", "lock", "status", "stat", "pid", "ok"];
const MAX_DEPTH = 64;
/** Dot directories of a home that hold a user's own supervision trees: walked in a repository. */
const HOME_DOT_DIRS = new Set([".config", ".local", ".runit", ".sv", ".service", ".services"]);

/** Entries that, beside a `run` directory, still say "this is a service". */
const SERVICE_SIGNS = ["log", "finish", "down", "env", "supervise", "notification-fd", "type"];

/**
 * Whether `dir` is a service: it holds a `run` that is not a directory. A directory named
 * `run` counts only where the rest looks like a service: `/run` and `/var/run` are not services.
 */
function isService(dir: string, names?: readonly string[], runIsPlain = false): boolean {
  if (runIsPlain) return true;
  const st = lstatOrUndefined(path.join(dir, "run"));
  if (!st) return false;
  if (!st.isDirectory()) return true;
  if (path.dirname(dir) === dir) return false;
  const have = names ?? SERVICE_SIGNS.filter((n) => lstatOrUndefined(path.join(dir, n)));
  // `var/` holds `run/` and `log/` too: a log/ counts only with a logger script in it.
  return (
    SERVICE_SIGNS.some((n) => n !== "log" && have.includes(n)) ||
    (have.includes("log") && hasRun(path.join(dir, "log")))
  );
}

/**
 * Files that make a directory a project, whose `run` is a helper script (`./run` starting a
 * container), not a service: looked at only while walking, never for a path given directly.
 */
const PROJECT_SIGNS = [
  "Dockerfile",
  "docker-compose.yml",
  "docker-compose.yaml",
  "compose.yml",
  "compose.yaml",
  "package.json",
  "Cargo.toml",
  "go.mod",
  "pyproject.toml",
  "setup.py",
];

/** Whether `link`, inside a git work tree, resolves outside it. */
function leavesWorkTree(link: string): boolean {
  const root = gitWorkTreeRoot(diskHost, path.dirname(link));
  // A link to the work tree's top stays inside it (the walk's visited set ends the loop).
  if (root === null || insideDir(diskHost, link, root)) return false;
  const [l, r] = [statOrUndefined(link), statOrUndefined(root)];
  return !(l && r && l.dev === r.dev && l.ino === r.ino);
}

/** Directories whose `run` is a project's helper script (`scripts/run`, `bin/run`), not a service. */
const HELPER_DIRS = new Set(["scripts", "script", "bin", "sbin", "tools", "hack", "ci"]);

/** Directories whose children are services whatever else they hold (jlesage's services.d/x/params). */
const SCAN_DIRS = new Set(["sv", "service", "services", "services.d", "s6-rc.d", "runsvdir", "supervise", "service.d"]);

/** Files a service directory holds beside `run`; anything else is the author's own. */
const SERVICE_FILES = new Set<string>([
  ...SERVICE_SIGNS,
  ...CONTROL_FILES,
  "run",
  "check",
  "conf",
  "data",
  "dependencies",
  "dependencies.d",
  "control",
  "template",
]);
/**
 * A directory with no service file beside `run` and at least four other files is a module of a
 * project whose `run` is a launcher (dotfiles' `tmux/run` beside install, setup, update…) or not
 * a script at all (AppArmor's `tunables/run`).
 */
function crowded(dirents: readonly fs.Dirent[]): boolean {
  return dirents.filter((d) => d.isFile() && !SERVICE_FILES.has(d.name)).length >= 4;
}

/** An empty `run` with nothing of a service beside it is a leftover, not a script (rolex86's /etc/stremio/run). */
function strayRun(dir: string): boolean {
  const st = lstatOrUndefined(path.join(dir, "run"));
  return st !== undefined && st.isFile() && st.size === 0;
}

/**
 * Whether a walked directory holding `run` is a project's, not a service: a project's files or
 * helper directory, or, with nothing of a service beside `run`, a crowded module or an empty run.
 */
function notAService(dir: string, names: readonly string[], dirents: readonly fs.Dirent[]): boolean {
  if (PROJECT_SIGNS.some((n) => names.includes(n)) || HELPER_DIRS.has(path.basename(dir))) return true;
  if (names.some((n) => n !== "run" && SERVICE_FILES.has(n))) return false;
  return (crowded(dirents) && !SCAN_DIRS.has(path.basename(path.dirname(dir)))) || strayRun(dir);
}

/** A `run` file (any kind but a directory): what a file path's owner must have. */
function hasRun(dir: string): boolean {
  const st = lstatOrUndefined(path.join(dir, "run"));
  return st !== undefined && !st.isDirectory();
}

/** The service that owns `file` (a path given by a pre-commit hook, say), if any. */
function owningService(file: string): string | undefined {
  let dir = path.dirname(file);
  for (let i = 0; i < 3; i++) {
    if (readS6rc(diskHost, dir) !== undefined) return dir;
    if (hasRun(dir)) {
      // `svc/log/run` belongs to `svc`, whose logger it is.
      const parent = path.dirname(dir);
      if (path.basename(dir) === "log" && hasRun(parent)) return parent;
      return dir;
    }
    const up = path.dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  return undefined;
}

/** `onFound` is told how many services have been found so far, each time one is added. */
export function discover(inputs: string[], onFound?: (count: number) => void): Discovery {
  const found = new Map<string, string>(); // dev:ino -> abs path
  const listings = new Map<string, string[]>();
  const fatal: DiscoveryProblem[] = [];
  const warnings: DiscoveryProblem[] = [];
  const visited = new Set<string>();

  /**
   * Services the walk of the current input reached through a symbolic link (a scan dir's
   * `svc -> ../sv/svc`), by key. Walking one tree, a service reached both through a link and by
   * its own path is named by its own path: a diff or a fix then names the file git and patch see
   * (git apply refuses a path beyond a link). Across inputs, the first named wins.
   */
  const throughLink = new Set<string>();
  const addService = (abs: string, st: fs.Stats, viaLink = false): void => {
    const key = `${st.dev}:${st.ino}`;
    const known = found.get(key);
    if (known !== undefined && !(throughLink.has(key) && !viaLink)) return;
    found.set(key, abs);
    if (viaLink) throughLink.add(key);
    else throughLink.delete(key);
    if (known === undefined) onFound?.(found.size);
  };

  for (const input of inputs) {
    throughLink.clear();
    const abs = path.resolve(input);
    let st: fs.Stats;
    try {
      st = fs.statSync(abs);
    } catch (err) {
      fatal.push({ path: input, message: describeFsError(err) });
      continue;
    }
    if (!st.isDirectory()) {
      const owner = owningService(abs);
      const ost = owner === undefined ? undefined : statOrUndefined(owner);
      if (owner !== undefined && ost) addService(owner, ost);
      else
        warnings.push({ path: input, message: "not inside a service directory (no run file found above it); skipped" });
      continue;
    }
    // A logger directory given directly stands for its service.
    if (path.basename(abs) === "log" && hasRun(abs) && hasRun(path.dirname(abs))) {
      const parent = path.dirname(abs);
      const pst = statOrUndefined(parent);
      if (pst) addService(parent, pst);
      continue;
    }

    // A link's target was stat'ed when its parent was listed: that stat travels with it.
    const stack: Array<{ dir: string; depth: number; st?: fs.Stats; link?: boolean }> = [{ dir: abs, depth: 0, st }];
    while (stack.length > 0) {
      const { dir, depth, st: known, link } = stack.pop()!;
      const dst = known ?? statOrUndefined(dir);
      if (!dst) continue;
      const key = `${dst.dev}:${dst.ino}`;
      // Seen already: walked again only to name a service by its own path rather than a link's.
      if (visited.has(key) && !(throughLink.has(key) && !link)) continue;
      visited.add(key);

      let dirents: fs.Dirent[];
      try {
        dirents = fs.readdirSync(dir, { withFileTypes: true });
      } catch (err) {
        warnings.push({ path: dir, message: `cannot list directory: ${describeFsError(err)}` });
        continue;
      }
      const isS6rc = dirents.some((d) => d.name === "type" && d.isFile()) && readS6rc(diskHost, dir) !== undefined;
      const run = dirents.find((d) => d.name === "run");
      const names = dirents.map((d) => d.name);
      // A `run` listed as a file, FIFO or the like needs no lstat; a link or a directory does.
      const project = depth > 0 && run !== undefined && notAService(dir, names, dirents);
      if (isS6rc || (run && !project && isService(dir, names, !run.isDirectory() && !run.isSymbolicLink()))) {
        const before = found.get(key);
        addService(dir, dst, link === true);
        if (before !== undefined && before !== found.get(key)) listings.delete(before);
        listings.set(found.get(key)!, names);
        continue; // a service's subdirectories (log/, env/, supervise/) are not services
      }
      if (depth >= MAX_DEPTH) {
        warnings.push({ path: dir, message: `deeper than ${MAX_DEPTH} levels; not walked further` });
        continue;
      }
      const children: Array<{ dir: string; depth: number; st?: fs.Stats; link?: boolean }> = [];
      for (const d of dirents) {
        // svscan ignores names starting with a dot; so do we (and that skips .git), but for the
        // home directories where per-user trees live (dotfiles: `.config/sv`, `~/.runit/sv`).
        if ((d.name.startsWith(".") && !HOME_DOT_DIRS.has(d.name)) || SKIP_DIRS.has(d.name)) continue;
        const child = path.join(dir, d.name);
        if (d.name === "supervise" && SUPERVISE_STATE.some((n) => lstatOrUndefined(path.join(child, n)))) continue;
        if (d.isDirectory()) children.push({ dir: child, depth: depth + 1, ...(link ? { link } : {}) });
        else if (d.isSymbolicLink()) {
          const t = statOrUndefined(child);
          // In a checkout, a link out of the work tree (`etc/service -> /etc/runit/runsvdir/current`)
          // names the machine it is installed on: linting this machine's services instead would be wrong.
          if (t?.isDirectory() && leavesWorkTree(child))
            warnings.push({ path: child, message: "symbolic link out of the repository; not followed in a checkout" });
          else if (t?.isDirectory()) children.push({ dir: child, depth: depth + 1, st: t, link: true });
          else if (!t)
            warnings.push({ path: child, message: "symbolic link that leads nowhere (dangling or a loop); skipped" });
        }
      }
      // Reverse so that the stack pops them in name order.
      children.sort((a, b) => (a.dir < b.dir ? 1 : a.dir > b.dir ? -1 : 0));
      for (const c of children) stack.push(c);
    }
  }

  const services = [...found.values()].sort();
  const kept = new Set(services);
  for (const dir of listings.keys()) if (!kept.has(dir)) listings.delete(dir);
  return { services, listings, fatal, warnings };
}
