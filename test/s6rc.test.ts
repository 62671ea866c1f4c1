// s6-rc source definition directories: longruns, oneshots and bundles are recognised by their
// `type` file; a longrun's logger is the longrun named in its producer-for; oneshots' up and down
// are execline without `#!`.
import * as path from "node:path";
import { discover } from "../src/discover.js";
import { RULES } from "../src/rules/index.js";
import { findings, lintWith, tempDir, writeTree } from "./helpers.js";

function sourceTree(): string {
  const root = tempDir();
  writeTree(root, {
    "src/app/type": "longrun\n",
    "src/app/run": "#!/command/execlineb -P\nfdmove -c 2 1\ns6-setuidgid app /usr/bin/app --foreground\n",
    "src/app/producer-for": "app-log\n",
    "src/app-log/type": "longrun\n",
    "src/app-log/run":
      "#!/command/execlineb -P\nforeground { install -d -o nobody /var/log/app }\ns6-setuidgid nobody s6-log t /var/log/app\n",
    "src/app-log/consumer-for": "app\n",
    "src/app-log/pipeline-name": "app-pipeline\n",
    "src/setup/type": "oneshot\n",
    "src/setup/up": "foreground { mkdir -p /var/log/app }\nchown nobody /var/log/app\n",
    "src/bad-setup/type": "oneshot\n",
    "src/bad-setup/up": "s6-setuidgid nobody s6-envdir /etc/app/env /usr/bin/migrate\n",
    "src/everything/type": "bundle\n",
    "src/everything/contents.d/app": "",
    "src/lonely/type": "longrun\n",
    "src/lonely/run": "#!/command/execlineb -P\nfdmove -c 2 1\n/usr/bin/lonely\n",
    "src/not-s6rc/type": "a text file that happens to be called type\n",
  });
  return path.join(root, "src");
}

describe("s6-rc source directories", () => {
  const src = sourceTree();
  const lint = (name: string) => findings(path.join(src, name), lintWith(path.join(src, name), RULES));

  it("finds longruns, oneshots and bundles by their type file, and nothing else", () => {
    expect(discover([src]).services.map((s) => path.basename(s))).toEqual([
      "app",
      "app-log",
      "bad-setup",
      "everything",
      "lonely",
      "setup",
    ]);
  });

  it("a longrun with producer-for has its logger; the logger needs none", () => {
    expect(lint("app")).toEqual([]);
    expect(lint("app-log")).toEqual([]);
  });

  it("a longrun without a logger gets the s6-rc advice", () => {
    expect(lint("lonely").map((f) => [f.file, f.ruleId, f.severity])).toEqual([["type", "log-run-present", "info"]]);
    expect(lint("lonely")[0]!.message).toContain("producer-for");
  });

  it("reads a oneshot's up as execline without #!: no parse-error or shebang, and chain rules apply", () => {
    expect(lint("setup")).toEqual([]);
    expect(lint("bad-setup").map((f) => [f.file, f.line, f.ruleId])).toEqual([["up", 1, "setuidgid-last"]]);
  });

  it("a bundle has nothing to lint", () => {
    expect(lint("everything")).toEqual([]);
  });
});
