import * as fs from "node:fs";
import * as path from "node:path";
import { discover } from "../src/discover.js";
import { tempDir, writeTree } from "./helpers.js";

const RUN = "#!/bin/sh\nexec app\n";

describe("discover", () => {
  it("finds services in a scan dir of symlinks, each once, and not their log/", () => {
    const root = tempDir();
    writeTree(root, {
      "sv/a/run": RUN,
      "sv/a/log/run": RUN,
      "sv/b/run": RUN,
      "service/a": { symlink: "../sv/a" },
      "service/b": { symlink: "../sv/b" },
    });
    const d = discover([path.join(root, "service"), path.join(root, "sv")]);
    expect(d.services.map((s) => path.relative(root, s))).toEqual(["service/a", "service/b"]);
    expect(d.fatal).toEqual([]);
  });

  it("walking one tree, names a service by its own path rather than a link to it (git apply refuses paths beyond a link)", () => {
    const root = tempDir();
    writeTree(root, {
      "paranoid/a": { symlink: "../sv/a" },
      "sv/a/run": RUN,
      "sv/b/run": RUN,
      "only/c": { symlink: "../elsewhere/c" },
      "elsewhere/c/run": RUN,
    });
    const d = discover([root]);
    expect(d.services.map((s) => path.relative(root, s))).toEqual(["elsewhere/c", "sv/a", "sv/b"]);
    expect([...d.listings.keys()].map((s) => path.relative(root, s)).sort()).toEqual(["elsewhere/c", "sv/a", "sv/b"]);
    // Only through the link: named by the link.
    expect(discover([path.join(root, "paranoid")]).services.map((s) => path.relative(root, s))).toEqual(["paranoid/a"]);
  });

  it("walks a repository, skipping .git, node_modules, supervise state and dot dirs but a home's (.config, .local, .runit)", () => {
    const root = tempDir();
    writeTree(root, {
      "etc/sv/web/run": RUN,
      "deep/er/still/svc/run": RUN,
      ".git/x/run": RUN,
      "node_modules/p/run": RUN,
      ".hidden/run": RUN,
      "x/supervise/run": RUN,
      "x/supervise/lock": "",
      ".config/sv/mpd/run": RUN,
      // qmail keeps its services in a directory named supervise: not supervise's state.
      "var/qmail/supervise/qmail-send/run": RUN,
    });
    expect(discover([root]).services.map((s) => path.relative(root, s))).toEqual([
      ".config/sv/mpd",
      "deep/er/still/svc",
      "etc/sv/web",
      "var/qmail/supervise/qmail-send",
    ]);
  });

  it("in a checkout, does not follow a directory link out of the work tree (it names this machine's services)", () => {
    const outside = tempDir();
    writeTree(outside, { "hostsvc/run": RUN });
    const root = tempDir();
    writeTree(root, {
      ".git/HEAD": "ref: refs/heads/main\n",
      "etc/sv/web/run": RUN,
      "etc/service": { symlink: outside },
      "etc/inside": { symlink: "sv" },
    });
    const d = discover([root]);
    // A link inside the work tree is followed (reached first by name, the service is listed once).
    expect(d.services.map((s) => path.relative(root, s))).toEqual(["etc/inside/web"]);
    expect(d.warnings.map((w) => [path.relative(root, w.path), w.message])).toEqual([
      ["etc/service", "symbolic link out of the repository; not followed in a checkout"],
    ]);
  });

  it("ends on symlink loops and reports dangling links", () => {
    const root = tempDir();
    writeTree(root, {
      "a/b/loop": { symlink: ".." },
      "a/self": { symlink: "." },
      "a/dangling": { symlink: "nowhere" },
      "a/c/svc/run": RUN,
    });
    const d = discover([root]);
    expect(d.services.map((s) => path.relative(root, s))).toEqual(["a/c/svc"]);
    expect(d.warnings.map((w) => path.relative(root, w.path))).toEqual(["a/dangling"]);
  });

  it("maps a file inside a service (a pre-commit file name) to its service", () => {
    const root = tempDir();
    writeTree(root, { "svc/run": RUN, "svc/log/run": RUN, "svc/env/X": "1", README: "x" });
    const d = discover([
      path.join(root, "svc/log/run"),
      path.join(root, "svc/env/X"),
      path.join(root, "svc/run"),
      path.join(root, "README"),
    ]);
    expect(d.services).toEqual([path.join(root, "svc")]);
    expect(d.warnings.map((w) => w.message)).toEqual([expect.stringContaining("not inside a service")]);
  });

  it("treats a logger directory given directly as its service", () => {
    const root = tempDir();
    writeTree(root, { "svc/run": RUN, "svc/log/run": RUN });
    expect(discover([path.join(root, "svc/log")]).services).toEqual([path.join(root, "svc")]);
  });

  it("reports a path that does not exist as fatal", () => {
    const d = discover(["/nonexistent/svlint/path"]);
    expect(d.fatal).toEqual([{ path: "/nonexistent/svlint/path", message: "no such file or directory" }]);
  });

  it("a directory named run makes a service only where the rest looks like one", () => {
    const root = tempDir();
    fs.mkdirSync(path.join(root, "svc/run"), { recursive: true });
    writeTree(root, { "svc/log/run": RUN });
    fs.mkdirSync(path.join(root, "var/run/x"), { recursive: true });
    // A root filesystem's /var holds run/ and log/ too (skarnet's lh-bootstrap layout): not a service.
    writeTree(root, { "var/sv/a/run": RUN, "var/log/wtmp": "" });
    expect(discover([root]).services).toEqual([path.join(root, "svc"), path.join(root, "var/sv/a")]);
  });

  it("a project directory's run script (beside a Dockerfile) is not a service, but services below it are", () => {
    const root = tempDir();
    writeTree(root, {
      "example/Dockerfile": "FROM alpine\n",
      "example/run": "docker run --rm example\n",
      "example/root/etc/services.d/app/run": RUN,
    });
    expect(discover([root]).services).toEqual([path.join(root, "example/root/etc/services.d/app")]);
    expect(discover([path.join(root, "example")]).services).toEqual([path.join(root, "example")]);
    // A helper named run in a project's scripts/ or bin/ is no service either.
    const helpers = tempDir();
    writeTree(helpers, {
      "scripts/run": '#!/bin/bash\ntask "$@"\n',
      "bin/run": "#!/bin/sh\nexec make\n",
      "sv/app/run": RUN,
    });
    expect(discover([helpers]).services).toEqual([path.join(helpers, "sv/app")]);
    // A project's module whose run is a launcher, among its own files, is no service.
    const modules = tempDir();
    writeTree(modules, {
      "tmux/run": "#!/bin/sh\ntmux new\n",
      "tmux/install": "",
      "tmux/setup": "",
      "tmux/update": "",
      "tmux/tmux.conf": "",
      "sv/tmux/run": RUN,
      "sv/tmux/conf": "",
      "sv/tmux/a": "",
      "sv/tmux/b": "",
      "sv/tmux/c": "",
      "sv/tmux/d": "",
    });
    expect(discover([modules]).services).toEqual([path.join(modules, "sv/tmux")]);
    // An empty run with nothing of a service beside it is a leftover.
    const stray = tempDir();
    writeTree(stray, { "etc/stremio/run": "", "etc/stremio/config.json": "{}", "sv/app/run": RUN });
    expect(discover([stray]).services).toEqual([path.join(stray, "sv/app")]);
  });
});
