// How a service is deployed, and the facts around it that its own directory does not hold: the
// repository's packaging and image files, the s6-rc definitions it depends on, the daemon config
// files it names. Read once per repository (or directory), bounded, read-only, never outside the
// work tree; rules ask through RuleContext and never read the disk themselves.
//
// Kinds, and what each means for the rules (docs/deployment.md):
// - service: a plain service directory, used as it stands (live, or copied from a checkout).
// - s6-rc-source: an s6-rc source definition; s6-rc-compile copies it and sets the modes.
// - s6-overlay-v2 / s6-overlay-v3: a container's services (services.d; s6-rc.d under
//   /etc/s6-overlay). Output goes to the container's log; modes are set at build or boot.
// - container: a service in an image built from a Dockerfile of the repository (runit or
//   daemontools images); output goes to the container's log.
// - appliance: an add-on of a firmware whose services all run as root (Venus OS: its installers
//   name /opt/victronenergy or /data/rc.local).
// - packaging: a template a package installs (xbps-src's vsv, dh-runit, PKGBUILD, an installer):
//   the package sets modes, may add log/run and create directories.
// - per-user: a tree a user's own runsvdir or s6-svscan supervises (under a home directory).
import * as path from "node:path";
import { gitWorkTreeRoot, type FileInfo, type Host } from "./host/host.js";
import type { ServiceDir } from "./service.js";

export type DeploymentKind =
  "service" | "s6-rc-source" | "s6-overlay-v2" | "s6-overlay-v3" | "container" | "appliance" | "packaging" | "per-user";
export const DEPLOYMENT_KINDS: readonly DeploymentKind[] = [
  "service",
  "s6-rc-source",
  "s6-overlay-v2",
  "s6-overlay-v3",
  "container",
  "appliance",
  "packaging",
  "per-user",
];

export interface Deployment {
  kind: DeploymentKind;
  /** `forced` by the config's `deployment:`, else `detected`. */
  source: "forced" | "detected";
  /** What decided it, for messages: `srcpkgs/foo/template (vsv)`. */
  evidence: string | undefined;
}

/** A file of the repository read as evidence, by repository-relative path. */
export interface EvidenceFile {
  rel: string;
  text: string;
}

const MAX_EVIDENCE_BYTES = 256 * 1024;

/**
 * A file of the repository as evidence: a regular file reached without a symbolic link in its
 * last component (a `Dockerfile -> /etc/shadow` in an untrusted checkout is not read), bounded.
 */
function readEvidence(host: Host, abs: string, limit = MAX_EVIDENCE_BYTES): string | undefined {
  return host.lstat(abs)?.kind === "file" ? host.readFile(abs, limit).text : undefined;
}
const MAX_ANCESTORS = 10;
/** Files that install services: packaging recipes, image builds, installers. */
const INSTALLER =
  /^(template|PKGBUILD|APKBUILD|Makefile|GNUmakefile|makefile|.*\.mk|.*\.ebuild|.*\.spec|.*\.bb|.*\.bbappend|.*\.bbclass|Dockerfile.*|Containerfile.*|.*\.dockerfile|.*\.sh|.*\.install|rules|postinst|.*\.postinst)$/;
const IMAGE = /^(Dockerfile.*|Containerfile.*|.*\.dockerfile)$/;

/** Each directory's installer files, read once per host. */
function installersIn(host: Host, dir: string, root: string): EvidenceFile[] {
  return host.memo("installers", dir, () => readInstallers(host, dir, root));
}

function readInstallers(host: Host, dir: string, root: string): EvidenceFile[] {
  const files: EvidenceFile[] = [];
  let names: string[] = [];
  try {
    names = host.readdir(dir).sort();
  } catch {
    // unlistable: no evidence here
  }
  const consider = (abs: string): void => {
    const text = readEvidence(host, abs);
    if (text !== undefined) files.push({ rel: path.relative(root, abs), text });
  };
  for (const n of names) if (INSTALLER.test(n)) consider(path.join(dir, n));
  // Debian packaging: debian/rules, debian/*.install, debian/*.runit, postinst.
  if (names.includes("debian")) {
    try {
      for (const n of host.readdir(path.join(dir, "debian")).sort()) {
        if (INSTALLER.test(n) || n.endsWith(".runit") || n.endsWith(".links")) consider(path.join(dir, "debian", n));
      }
    } catch {
      // not a directory
    }
  }
  return files;
}

/** The installer files from the service's parent up to the repository root, nearest first. */
export function installersOf(host: Host, svcAbs: string, root: string): EvidenceFile[] {
  const out: EvidenceFile[] = [];
  // The service's own directory first: a `newUser.sh` beside run that chmods it.
  let dir = svcAbs;
  for (let i = 0; i < MAX_ANCESTORS && (dir === root || dir.startsWith(root + path.sep)); i++) {
    out.push(...installersIn(host, dir, root));
    if (dir === root) break;
    dir = path.dirname(dir);
  }
  return out;
}

/**
 * A repository's files by name (absolute paths), for config files the scripts name, and its
 * directories, repository-relative with `/` (an image layout ships `var/log/x/`). Bounded.
 */
interface RepoIndex {
  files: Map<string, string[]>;
  dirs: string[];
}
const MAX_INDEX_ENTRIES = 200_000;
const SKIP = new Set([".git", "node_modules", "supervise", "event"]);

function repoIndex(host: Host, root: string): RepoIndex {
  return host.memo("repo-index", root, () => readRepoIndex(host, root));
}

function readRepoIndex(host: Host, root: string): RepoIndex {
  const index = new Map<string, string[]>();
  const dirs: string[] = [];
  const stack = [root];
  let seen = 0;
  while (stack.length > 0 && seen < MAX_INDEX_ENTRIES) {
    const dir = stack.pop()!;
    let entries: Array<[string, string]>;
    try {
      entries = host.readdirKinds(dir);
    } catch {
      continue;
    }
    for (const [name, kind] of entries) {
      if (++seen > MAX_INDEX_ENTRIES) break;
      const abs = path.join(dir, name);
      // Links are not followed: they could lead out of the work tree or loop.
      if (kind === "dir") {
        if (!SKIP.has(name)) {
          stack.push(abs);
          dirs.push(path.relative(root, abs).split(path.sep).join("/"));
        }
      } else if (kind === "file") {
        let list = index.get(name);
        if (!list) index.set(name, (list = []));
        list.push(abs);
      }
    }
  }
  return { files: index, dirs };
}

/**
 * Repository files whose path ends like `absPath` (its last two components), then those of its
 * name; each group nearest to `near` first (a repository of several images has one nginx.conf
 * per image: the service's own image's is the one that counts).
 */
function filesLike(host: Host, root: string, absPath: string, near = root): string[] {
  const candidates = repoIndex(host, root).files.get(path.basename(absPath)) ?? [];
  const tail = absPath.split("/").slice(-2).join("/");
  const ends = (c: string): boolean => c.split(path.sep).join("/").endsWith(tail);
  const shared = (c: string): number => {
    let i = 0;
    while (i < c.length && i < near.length && c[i] === near[i]) i++;
    return c.lastIndexOf(path.sep, i);
  };
  // More trailing components in common with the deployed path first (`root/etc/nginx/nginx.conf`
  // before a template's `conf.d/nginx/nginx.conf`), then nearer to the service.
  const want = absPath.split("/").filter(Boolean).reverse();
  const trailing = (c: string): number => {
    const have = c.split(path.sep).reverse();
    let i = 0;
    while (i < want.length && have[i] === want[i]) i++;
    return i;
  };
  const nearest = (a: string, b: string): number =>
    trailing(b) - trailing(a) || shared(b) - shared(a) || (a < b ? -1 : a > b ? 1 : 0);
  return [...candidates.filter(ends).sort(nearest), ...candidates.filter((c) => !ends(c)).sort(nearest)];
}

const MAX_SIBLINGS = 2000;

/** The `run` modes of the services in a directory (service name to mode), read once per directory. */
function runModesIn(host: Host, dir: string): Map<string, number> {
  return host.memo("run-modes", dir, () => {
    const modes = new Map<string, number>();
    let names: string[] = [];
    try {
      names = host.readdir(dir).sort().slice(0, MAX_SIBLINGS);
    } catch {
      // unlistable: no siblings known
    }
    for (const n of names) {
      const st = host.lstat(path.join(dir, n, "run"));
      if (st?.kind === "file") modes.set(n, st.mode);
    }
    return modes;
  });
}

/**
 * A class or include of the build system elsewhere in the repository that sets run scripts'
 * modes (meta-runit's runit.bbclass: `chmod u+x …/run`), looked for once per repository.
 */
function repositoryModeSetter(host: Host, root: string): string | undefined {
  return host.memo("mode-setter", root, () => {
    for (const [name, paths] of repoIndex(host, root).files) {
      if (!MODE_CLASSES.test(name)) continue;
      for (const p of paths.slice(0, 20)) {
        const text = readEvidence(host, p);
        if (text && SETS_MODE.test(text) && /\brun\b/.test(text)) return path.relative(root, p);
      }
    }
    return undefined;
  });
}

/** How many entries of a directory outside the service are looked at (an env dir holds a few). */
const MAX_LISTED = 256;

/** The facts around one service that rules may ask for. */
export interface Surroundings {
  deployment: Deployment;
  /** The repository root in repo context, else undefined. */
  repoRoot: string | undefined;
  /** Installer files (packaging, image builds) that may install this service, nearest first. */
  installers(): readonly EvidenceFile[];
  /** The file (repository-relative) whose text creates directory `dir`, if any. */
  dirCreatedBy(dir: string): string | undefined;
  /** The file that sets the executable bit of the service's scripts, or the kind that does. */
  modesSetBy(): string | undefined;
  /**
   * Config files by absolute path on the deployed system (`/etc/nginx/nginx.conf`): in a checkout,
   * the repository files whose path ends the same way (or, failing that, have its name); in live
   * context the file itself. Bounded reads.
   */
  configFiles(absPath: string): readonly EvidenceFile[];
  /** The `run` modes of the sibling services (same parent directory). */
  siblingRunModes(): readonly number[];
  /** The names of the sibling services (directories of the same parent that hold a `run`), sorted. */
  siblingServices(): readonly string[];
  /** The s6-rc definitions this one depends on, transitively, by name (none when it is no s6-rc definition). */
  s6rcDependencyNames(): readonly string[];
  /**
   * In live context, whether the absolute path is a directory on this system (a stat, nothing
   * read); undefined in a checkout, where the disk is not the deployed system.
   */
  isDirOnDisk(absPath: string): boolean | undefined;
  /**
   * In live context, what the absolute path is on this system, links followed (a stat, nothing
   * read): null when there is nothing there; undefined in a checkout.
   */
  onDisk(absPath: string): FileInfo | null | undefined;
  /**
   * In live context, a directory's entries on this system with what each is (links followed; at
   * most the first 256 names, sorted); undefined in a checkout or when it cannot be listed.
   */
  listOnDisk(absDir: string): ReadonlyArray<{ name: string; info: FileInfo | undefined }> | undefined;
  /** A file of another s6-rc definition beside this one (`consumer/run`), bounded; undefined when absent. */
  siblingDefinitionFile(name: string, file: string): string | undefined;
}

/** `mkdir -p DIR`, `install -d DIR`, `s6-mkdir DIR`, Dockerfile `RUN mkdir`, PKGBUILD `install -dm755 "$pkgdir/DIR"`. */
const CREATES = /\b(mkdir|install\s+(-\S+\s+)*-\S*d|s6-mkdir|mkdir -p|vmkdir|install -d)\b/;

function lineCreates(raw: string, dir: string): boolean {
  // A Dockerfile's `RUN mkdir -p \` continues on the next lines: one logical line.
  const text = raw.includes("\\\n") ? raw.replace(/\\\n/g, " ") : raw;
  let from = 0;
  for (;;) {
    const i = text.indexOf(dir, from);
    if (i === -1) return false;
    const after = text[i + dir.length];
    // `/var/log/foo` must not match `/var/log/foobar`.
    if (after === undefined || !/[\w.-]/.test(after)) {
      const start = text.lastIndexOf("\n", i) + 1;
      const end = text.indexOf("\n", i);
      const line = text.slice(start, end === -1 ? undefined : end);
      if (CREATES.test(line)) return true;
    }
    from = i + dir.length;
  }
}

/** `chmod +x`, `chmod -v a+x` (as `xargs` runs it), `chmod 755`, `install -m 755`, `install -Dm755`, vsv, fix-attrs. */
const SETS_MODE =
  /\bchmod\s+(-[A-Za-z]+\s+)*([ugoa]*\+x|[0-7]?7[0-7][0-7])\b|\binstall\s+(-\S+\s+)*-\S*m\s*=?0?7[0-7][0-7]|\bvsv\b|fix-attrs|--chmod=[0-7]?7|\bchmod\s+-R\s+[0-7]?7|\binstall\s+-[A-LN-Za-ln-z]*[DZ][A-LN-Za-ln-z]*\s(?![^\n]*\s-m)/;
/** Build files elsewhere in the repository that install services with their modes (Yocto's `inherit runit` class, a template PKGBUILD). */
const MODE_CLASSES = /^(.*\.(bbclass|mk|eclass|spec)|PKGBUILD|APKBUILD|Makefile|GNUmakefile)$/;

/** The s6-rc definitions `def` depends on, transitively (dependencies.d, dependencies, bundles' contents). */
function s6rcDependencies(host: Host, defDir: string): string[] {
  const parent = path.dirname(defDir);
  const out: string[] = [];
  const seen = new Set<string>([path.basename(defDir)]);
  const queue = [defDir];
  while (queue.length > 0 && out.length < 200) {
    const d = queue.shift()!;
    const names: string[] = [];
    for (const sub of ["dependencies.d", "contents.d"]) {
      try {
        names.push(...host.readdir(path.join(d, sub)));
      } catch {
        // none
      }
    }
    for (const f of ["dependencies", "contents"]) {
      const t = readEvidence(host, path.join(d, f), 65536);
      if (t)
        names.push(
          ...t
            .split("\n")
            .map((l) => l.trim())
            .filter((l) => l && !l.startsWith("#")),
        );
    }
    for (const n of names) {
      if (seen.has(n) || n.includes("/")) continue;
      seen.add(n);
      const dep = path.join(parent, n);
      // A definition that is a link could lead anywhere: not followed.
      if (host.lstat(dep)?.kind !== "dir") continue;
      out.push(dep);
      queue.push(dep);
    }
  }
  return out;
}

function detect(
  svc: ServiceDir,
  root: string | undefined,
  installers: () => readonly EvidenceFile[],
  shebangs: readonly (string | undefined)[],
): Deployment {
  const p = svc.abs.split(path.sep).join("/");
  const d = (kind: DeploymentKind, evidence: string): Deployment => ({ kind, source: "detected", evidence });
  if (p.includes("/s6-overlay/s6-rc.d/")) return d("s6-overlay-v3", "the s6-overlay/s6-rc.d directory");
  if (/\/(etc\/)?services\.d\//.test(p)) return d("s6-overlay-v2", "the services.d directory");
  const contenv = shebangs.find((s) => s !== undefined && s.includes("with-contenv"));
  if (contenv !== undefined)
    return d(svc.s6rc || contenv.startsWith("/command/") ? "s6-overlay-v3" : "s6-overlay-v2", `\`${contenv}\``);
  if (svc.s6rc) return d("s6-rc-source", "the `type` file");
  if (svc.entries.has(".meta")) return d("packaging", "dh-runit's `.meta` directory");
  if (root === undefined) {
    if (p.startsWith("/usr/share/runit/sv/")) return d("packaging", "/usr/share/runit/sv (dh-runit templates)");
    if (/^\/(home\/[^/]+|root)\//.test(p)) return d("per-user", "a home directory");
    return d("service", "");
  }
  const rel = path.relative(root, svc.abs).split(path.sep);
  if (rel.includes("debian")) return d("packaging", "the debian/ directory");
  const files = installers();
  const image = files.find((f) => IMAGE.test(path.basename(f.rel)));
  const recipe = files.find(
    (f) =>
      !IMAGE.test(path.basename(f.rel)) &&
      /^(template|PKGBUILD|APKBUILD|.*\.ebuild|.*\.spec|.*\.bb|rules)$/.test(path.basename(f.rel)),
  );
  if (recipe) return d("packaging", recipe.rel);
  const venus = files.find((f) => /\/opt\/victronenergy\b|\/data\/rc\.local\b/.test(f.text));
  if (venus) return d("appliance", `${venus.rel} (Venus OS)`);
  if (image) return d("container", image.rel);
  // `dot-config` is GNU stow's spelling of `.config`.
  if (rel.some((c) => /^(\.|dot-)(config|local|runit|sv|service|services)$/.test(c)))
    return d("per-user", "a dot directory of a home");
  return d("service", "");
}

/** The facts around `svc`. `shebangs`: the interpreter path of each script's #! line. */
export function surroundingsOf(
  host: Host,
  svc: ServiceDir,
  shebangs: readonly (string | undefined)[],
  forced?: DeploymentKind,
): Surroundings {
  const repoRoot = svc.where === "repo" ? (gitWorkTreeRoot(host, svc.abs) ?? undefined) : undefined;
  let installers: EvidenceFile[] | undefined;
  const getInstallers = (): readonly EvidenceFile[] =>
    (installers ??= repoRoot ? installersOf(host, svc.abs, repoRoot) : []);
  const deployment: Deployment = forced
    ? { kind: forced, source: "forced", evidence: undefined }
    : detect(svc, repoRoot, getInstallers, shebangs);
  let s6rcScripts: EvidenceFile[] | undefined;
  const dependencyScripts = (): EvidenceFile[] => {
    if (s6rcScripts) return s6rcScripts;
    s6rcScripts = [];
    if (!svc.s6rc) return s6rcScripts;
    const base = repoRoot ?? path.dirname(svc.abs);
    for (const dep of s6rcDependencies(host, svc.abs)) {
      for (const f of ["up", "run", "down"]) {
        const text = readEvidence(host, path.join(dep, f));
        if (text === undefined) continue;
        s6rcScripts.push({ rel: path.relative(base, path.join(dep, f)), text });
        // s6-overlay v3's `up` names a script by its installed path: read that script too.
        if (f !== "up" || !repoRoot) continue;
        for (const p of text.match(/(?<![\w$])\/[\w./-]+/g) ?? []) {
          const found = filesLike(host, repoRoot, p).find((c) =>
            c.split(path.sep).join("/").endsWith(p.split("/").slice(-2).join("/")),
          );
          const script = found && readEvidence(host, found);
          if (script) s6rcScripts.push({ rel: path.relative(repoRoot, found), text: script });
        }
      }
    }
    return s6rcScripts;
  };
  return {
    deployment,
    repoRoot,
    installers: getInstallers,
    dirCreatedBy(dir) {
      const norm = dir.replace(/\/+$/, "");
      for (const f of [...dependencyScripts(), ...getInstallers()]) if (lineCreates(f.text, norm)) return f.rel;
      // An image layout in the repository ships the directory itself (`layout/rwfs/var/log/x/.empty`).
      if (repoRoot && norm.startsWith("/") && norm.split("/").length > 3) {
        const shipped = repoIndex(host, repoRoot).dirs.find((d) => ("/" + d).endsWith(norm));
        if (shipped) return shipped;
      }
      return undefined;
    },
    modesSetBy() {
      const k = deployment.kind;
      if (k === "s6-rc-source") return "s6-rc-compile";
      if (k === "s6-overlay-v2" || k === "s6-overlay-v3") return "s6-overlay";
      const near = getInstallers().find((f) => SETS_MODE.test(f.text))?.rel;
      return near ?? (repoRoot ? repositoryModeSetter(host, repoRoot) : undefined);
    },
    configFiles(absPath) {
      if (!repoRoot) {
        const text = svc.where === "live" ? host.readFile(absPath, MAX_EVIDENCE_BYTES).text : undefined;
        return text === undefined ? [] : [{ rel: absPath, text }];
      }
      // Files whose path ends like the deployed one (`root/etc/nginx/nginx.conf`) first.
      const out: EvidenceFile[] = [];
      for (const c of filesLike(host, repoRoot, absPath, svc.abs).slice(0, 20)) {
        const text = readEvidence(host, c);
        if (text !== undefined) out.push({ rel: path.relative(repoRoot, c), text });
      }
      return out;
    },
    siblingDefinitionFile(name, file) {
      if (name.includes("/") || name.startsWith(".") || file.includes("/")) return undefined;
      const dir = path.join(path.dirname(svc.abs), name);
      return host.lstat(dir)?.kind === "dir" ? readEvidence(host, path.join(dir, file)) : undefined;
    },
    isDirOnDisk(absPath) {
      if (svc.where !== "live" || !path.isAbsolute(absPath)) return undefined;
      return host.stat(absPath)?.kind === "dir";
    },
    onDisk(absPath) {
      if (svc.where !== "live" || !path.isAbsolute(absPath)) return undefined;
      return host.stat(absPath) ?? null;
    },
    listOnDisk(absDir) {
      if (svc.where !== "live" || !path.isAbsolute(absDir)) return undefined;
      let names: string[];
      try {
        names = host.readdir(absDir).sort().slice(0, MAX_LISTED);
      } catch {
        return undefined;
      }
      return names.map((name) => ({ name, info: host.stat(path.join(absDir, name)) }));
    },
    siblingRunModes() {
      const parent = path.dirname(svc.abs);
      const self = path.basename(svc.abs);
      return [...runModesIn(host, parent)].filter(([name]) => name !== self).map(([, mode]) => mode);
    },
    s6rcDependencyNames() {
      return svc.s6rc ? s6rcDependencies(host, svc.abs).map((d) => path.basename(d)) : [];
    },
    siblingServices() {
      const self = path.basename(svc.abs);
      return [...runModesIn(host, path.dirname(svc.abs)).keys()].filter((name) => name !== self);
    },
  };
}
