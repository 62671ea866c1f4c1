// Deployment kinds and repository evidence (src/deployment.ts), read from real trees on disk, and
// how JSON and SARIF carry them.
import * as path from "node:path";
import { surroundingsOf, type DeploymentKind } from "../src/deployment.js";
import { readService } from "../src/service.js";
import { diskHost } from "../src/host/disk.js";
import { svlint } from "./cli-helpers.js";
import { makeRepoService, makeService, tempDir, writeTree, type TreeSpec } from "./helpers.js";

const RUN = "#!/bin/sh\nexec 2>&1\nexec app\n";

function kindOf(dir: string, shebangs: string[] = []): DeploymentKind {
  return surroundingsOf(diskHost, readService(dir), shebangs).deployment.kind;
}

describe("deployment kinds", () => {
  it.each<[string, TreeSpec, TreeSpec, string, DeploymentKind]>([
    [
      "s6-overlay v3 by its directory",
      { run: RUN, type: "longrun\n" },
      {},
      "root/etc/s6-overlay/s6-rc.d/app",
      "s6-overlay-v3",
    ],
    ["s6-overlay v2 by services.d", { run: RUN }, {}, "rootfs/etc/services.d/app", "s6-overlay-v2"],
    ["an s6-rc source definition", { run: RUN, type: "longrun\n" }, {}, "s6-rc/app", "s6-rc-source"],
    [
      "xbps-src packaging",
      { run: RUN },
      { "srcpkgs/app/template": "pkgname=app\n" },
      "srcpkgs/app/files/app",
      "packaging",
    ],
    ["Debian packaging", { run: RUN }, {}, "debian/app.runit/app", "packaging"],
    ["a container image", { run: RUN }, { Dockerfile: "FROM alpine\n" }, "etc/service/app", "container"],
    [
      "a Venus OS add-on",
      { run: RUN },
      { "setup.sh": "ln -s /data/app/service /service/app\necho /data/app/setup >> /data/rc.local\n" },
      "service",
      "appliance",
    ],
    ["a per-user tree in dotfiles", { run: RUN }, {}, ".config/sv/app", "per-user"],
    ["GNU stow's dot-config", { run: RUN }, {}, "dot-config/sv/app", "per-user"],
    ["a plain service", { run: RUN }, { "README.md": "copy to /etc/sv\n" }, "sv/app", "service"],
  ])("%s", (_name, spec, repo, at, kind) => {
    expect(kindOf(makeRepoService(spec, repo, at))).toBe(kind);
  });

  it("a with-contenv #! line means s6-overlay", () => {
    expect(kindOf(makeRepoService({ run: RUN }, {}, "app"), ["/usr/bin/with-contenv"])).toBe("s6-overlay-v2");
    expect(kindOf(makeRepoService({ run: RUN }, {}, "app"), ["/command/with-contenv"])).toBe("s6-overlay-v3");
  });

  it("a live tree: dh-runit templates are packaging, the rest a plain service", () => {
    expect(kindOf(makeService({ run: RUN, ".meta/pkg": "x\n" }))).toBe("packaging");
    expect(kindOf(makeService({ run: RUN }))).toBe("service");
  });

  it("forced by the config's deployment key", () => {
    const dir = makeRepoService(
      { run: RUN, ".svlintrc.json": JSON.stringify({ deployment: "container" }) },
      {},
      "sv/app",
    );
    const r = svlint(["-f", "json", dir]);
    expect((JSON.parse(r.stdout) as Array<{ deployment: string }>)[0]!.deployment).toBe("container");
    const bad = makeRepoService({ run: RUN, ".svlintrc.json": JSON.stringify({ deployment: "cloud" }) }, {}, "sv/app");
    const e = svlint([bad]);
    expect(e.code).toBe(2);
    expect(e.stderr).toContain("'deployment' must be one of service, s6-rc-source");
  });
});

describe("repository evidence", () => {
  it("finds the file that creates a directory: installer, multi-line Dockerfile RUN, s6-rc dependency, image layout", () => {
    const s = (repo: TreeSpec, at = "sv/app", spec: TreeSpec = { run: RUN }) =>
      surroundingsOf(diskHost, readService(makeRepoService(spec, repo, at)), []);
    expect(s({ "install.sh": "mkdir -p /var/log/app\n" }).dirCreatedBy("/var/log/app")).toBe("install.sh");
    expect(s({ "install.sh": "mkdir -p /var/log/application\n" }).dirCreatedBy("/var/log/app")).toBeUndefined();
    expect(
      s({ Dockerfile: "FROM alpine\nRUN set -x \\\n  && mkdir -p \\\n     /data \\\n     /log\n" }).dirCreatedBy(
        "/log",
      ),
    ).toBe("Dockerfile");
    const dep = s({ "rc/init/type": "oneshot\n", "rc/init/up": "if { mkdir -p /run/app }\n" }, "rc/app", {
      run: RUN,
      type: "longrun\n",
      "dependencies.d/init": "",
    });
    expect(dep.dirCreatedBy("/run/app")).toBe(path.join("rc", "init", "up"));
    expect(s({ "layout/rwfs/var/log/app/.empty": "" }).dirCreatedBy("/var/log/app")).toBe("layout/rwfs/var/log/app");
  });

  it("reads the config files a daemon names from the repository, by the deployed path", () => {
    const s = surroundingsOf(
      diskHost,
      readService(
        makeRepoService({ run: RUN }, { "root/etc/nginx/nginx.conf": "daemon off;\n", "docs/nginx.conf": "example\n" }),
      ),
      [],
    );
    expect(s.configFiles("/etc/nginx/nginx.conf").map((f) => f.rel)).toEqual([
      path.join("root", "etc", "nginx", "nginx.conf"),
      path.join("docs", "nginx.conf"),
    ]);
    // A template whose path ends in nginx/nginx.conf too ranks after the file at the deployed path.
    const t = surroundingsOf(
      diskHost,
      readService(
        makeRepoService(
          { run: RUN },
          {
            "root/etc/nginx/nginx.conf": "daemon off;\n",
            "root/etc/consul-template/conf.d/nginx/nginx.conf": "{{ tpl }}\n",
          },
          "root/etc/services.d/nginx",
        ),
      ),
      [],
    );
    expect(t.configFiles("/etc/nginx/nginx.conf")[0]!.rel).toBe(path.join("root", "etc", "nginx", "nginx.conf"));
  });

  it("never reads outside the work tree, and not through links", () => {
    const outside = tempDir();
    writeTree(outside, { "nginx.conf": "daemon off;\n" });
    const dir = makeRepoService({ run: RUN }, { "etc/nginx": { symlink: outside } });
    expect(surroundingsOf(diskHost, readService(dir), []).configFiles("/etc/nginx/nginx.conf")).toEqual([]);
    writeTree(outside, { "install.sh": "mkdir -p /var/log/app\n" });
    const linked = makeRepoService({ run: RUN }, { "install.sh": { symlink: path.join(outside, "install.sh") } });
    expect(surroundingsOf(diskHost, readService(linked), []).dirCreatedBy("/var/log/app")).toBeUndefined();
  });
});

describe("reports", () => {
  it("JSON carries each file's deployment and each message's certainty; SARIF both in properties", () => {
    const dir = makeRepoService({ run: { content: "#!/bin/sh\nexec 2>&1\nexec app\n", mode: 0o644 } }, {});
    const json = JSON.parse(svlint(["-f", "json", dir]).stdout) as Array<{
      deployment: string;
      messages: Array<{ ruleId: string; certainty: string }>;
    }>;
    expect(json[0]!.deployment).toBe("service");
    expect(json[0]!.messages.find((m) => m.ruleId === "run-executable")!.certainty).toBe("conditional");
    const sarif = JSON.parse(svlint(["-f", "sarif", dir]).stdout) as {
      runs: Array<{ results: Array<{ ruleId: string; properties: Record<string, string> }> }>;
    };
    const result = sarif.runs[0]!.results.find((r) => r.ruleId === "run-executable")!;
    expect(result.properties).toMatchObject({ certainty: "conditional", deployment: "service" });
  });
});
