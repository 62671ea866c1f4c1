import { dropsPrivileges, execChain, finalProgram } from "../src/model/chains.js";
import { buildModel, buildModelFromFlat } from "../src/parse/shell-model.js";
import { type Command, type ScriptModel } from "../src/model/model.js";
import { parseFlat, parseShell, readShebang } from "../src/parse/shell.js";
import { buildExeclineModel } from "../src/parse/execline.js";

const model = (text: string) => buildModel(parseShell(text), text);
const first = (text: string, name: string): Command => {
  const c = model(text).commands.find((x) => x.name?.value === name);
  if (!c) throw new Error(`no ${name} in ${text}`);
  return c;
};

describe("static values", () => {
  it.each([
    ['D=/var/log/x; mkdir -p "$D"', "/var/log/x"],
    ['D=/var/log; mkdir -p "$D/app"', "/var/log/app"],
    ["D=/var/log; mkdir -p ${D}/app", "/var/log/app"],
    ['A=/var; B="$A/log"; mkdir -p "$B"', "/var/log"],
    ["mkdir -p '/var/log/a b'", "/var/log/a b"],
    ["mkdir -p /var/log/a\\ b", "/var/log/a b"],
    ['mkdir -p "/var/log/\\$x"', "/var/log/$x"],
    ["export D=/srv; mkdir -p $D", "/srv"],
  ])("%s → %s", (text, expected) => {
    expect(first(text, "mkdir").args.at(-1)!.value).toBe(expected);
  });

  it.each([
    ['mkdir -p "$LOGDIR"', "unassigned: comes from the environment"],
    ['mkdir -p "$(cat /etc/dir)"', "command substitution"],
    ["mkdir -p ~/x", "tilde"],
    ["mkdir -p ${D:-/var/log}", "default expansion depends on the environment"],
    ["for D in a b; do :; done; mkdir -p $D", "loop variable"],
    ["D=/x; D+=/y; mkdir -p $D", "appended"],
    ["mkdir -p $D; D=/late", "assigned after use"],
  ])("%s is not static (%s)", (text) => {
    expect(first(text, "mkdir").args.at(-1)!.value).toBeUndefined();
  });

  it("uses the latest assignment before the use", () => {
    const cmds = model("D=/a\nmkdir $D\nD=/b\nmkdir $D\n").commands;
    expect(cmds.map((c) => c.args[0]!.value)).toEqual(["/a", "/b"]);
  });
});

describe("redirects", () => {
  it("keeps source order, explicit and default descriptors", () => {
    const c = first("exec app 2>&1 >>/var/log/x <in", "exec");
    expect(c.redirects.map((r) => [r.fd, r.op, r.target?.value])).toEqual([
      [2, ">&", "1"],
      [1, ">>", "/var/log/x"],
      [0, "<", "in"],
    ]);
  });

  it("gives words after a redirect back to the command (`cmd >f arg`)", () => {
    const c = first("cat >f a b", "cat");
    expect(c.args.map((a) => a.text)).toEqual(["a", "b"]);
    expect(c.redirects[0]!.target!.text).toBe("f");
  });

  it("gives a pipeline's trailing redirects to its last command", () => {
    const m = model("app 2>&1 | cat >> /var/log/x\n");
    const [app, cat] = m.commands;
    expect(app!.redirects.map((r) => r.node.text)).toEqual(["2>&1"]);
    expect(cat!.redirects.map((r) => r.node.text)).toEqual([">> /var/log/x"]);
  });

  it("sees the file redirect nested in a heredoc", () => {
    const c = first("cat <<EOF >/etc/x\nhi\nEOF\n", "cat");
    expect(c.redirects.map((r) => r.op)).toEqual(["<<", ">"]);
  });
});

describe("top level and substitutions", () => {
  it("marks statements of the script itself", () => {
    const m = model("a\nif b; then c; fi\nd && e\nx=$(f)\n(g)\nh | i\n");
    const top = Object.fromEntries(m.commands.map((c) => [c.name!.value, c.topLevel]));
    expect(top).toEqual({ a: true, b: false, c: false, d: false, e: false, f: false, g: false, h: false, i: false });
    expect(m.commands.find((c) => c.name!.value === "f")!.inSubstitution).toBe(true);
  });
});

describe("exec chains", () => {
  const names = (text: string): Array<string | undefined> => execChain(model(text).commands[0]!).map((p) => p.name);

  it.each([
    [
      "exec envdir ./env setuidgid app softlimit -m 1000 -o 20 /usr/bin/app -x",
      ["envdir", "setuidgid", "softlimit", "app"],
    ],
    ["exec -a name setlock -nX /run/l pgrphack fghack app", ["setlock", "pgrphack", "fghack", "app"]],
    ["exec chpst -u app -e ./env -/ /srv -n 5 app", ["chpst", "app"]],
    ["exec chpst -uapp:grp svlogd -tt ./main", ["chpst", "svlogd"]],
    ["exec env -i PATH=/bin HOME=/ app", ["env", "app"]],
    ["exec env - PATH=/bin HOME=/ multilog t /var/log/app", ["env", "multilog"]],
    ["exec env - setuidgid log multilog t ./main", ["env", "setuidgid", "multilog"]],
    [
      "exec s6-envuidgid app s6-applyuidgid -U s6-envdir -I ./env app",
      ["s6-envuidgid", "s6-applyuidgid", "s6-envdir", "app"],
    ],
    ["exec tcpserver -v -u 1 -g 1 0 25 qmail-smtpd", ["tcpserver", "qmail-smtpd"]],
    ["exec tcpsvd -vE -u _smtp 0 25 smtpd", ["tcpsvd", "smtpd"]],
    ["exec runuser -u app -- app --serve", ["runuser", "app"]],
    ["exec su-exec app:app envdir ./env app", ["su-exec", "envdir", "app"]],
    ["exec gosu app app", ["gosu", "app"]],
    ["exec nice -n 5 ionice -c 3 timeout 10 app", ["nice", "ionice", "timeout", "app"]],
    ["exec chroot --userspec=app / app", ["chroot", "app"]],
    ['exec "$DAEMON" -f', [undefined]],
  ])("%s", (text, expected) => {
    expect(names(text)).toEqual(expected);
  });

  it("knows each loader's operands and the final program's arguments", () => {
    const chain = execChain(model("exec envdir ./env setuidgid app multilog t ./main\n").commands[0]!);
    expect(chain[0]!.operands.map((w) => w.value)).toEqual(["./env"]);
    expect(chain[1]!.operands.map((w) => w.value)).toEqual(["app"]);
    expect(finalProgram(chain)!.args.map((w) => w.value)).toEqual(["t", "./main"]);
  });

  it("env's lone `-` is -i: the chain goes on to the program", () => {
    const chain = execChain(model("exec env - PATH=/bin multilog t ./main\n").commands[0]!);
    expect(chain[0]!.options.get("i")).toBe(true);
    expect(finalProgram(chain)!.name).toBe("multilog");
    expect(finalProgram(chain)!.args.map((w) => w.value)).toEqual(["t", "./main"]);
  });

  it("a switch to root drops nothing; envuidgid drops nothing", () => {
    const drops = (text: string): boolean => execChain(model(text).commands[0]!).some(dropsPrivileges);
    expect(drops("exec chpst -u root svlogd ./main\n")).toBe(false);
    expect(drops("exec chpst -u root:root svlogd ./main\n")).toBe(false);
    expect(drops("exec chpst -u :0:0 svlogd ./main\n")).toBe(false);
    expect(drops("exec setuidgid root multilog t ./main\n")).toBe(false);
    expect(drops("exec s6-applyuidgid -u 0 -g 0 s6-log t ./main\n")).toBe(false);
    expect(drops("exec envuidgid log multilog t ./main\n")).toBe(false);
    expect(drops("exec chpst -u log svlogd ./main\n")).toBe(true);
    expect(drops("exec setuidgid rooty multilog t ./main\n")).toBe(true);
  });

  it("a chain that ends in a loader has no final program", () => {
    expect(finalProgram(execChain(model("exec setuidgid app\n").commands[0]!))).toBeUndefined();
  });
});

describe("shebang", () => {
  it.each([
    ["#!/bin/sh\n", "sh", "shell"],
    ["#!/bin/bash -e\n", "bash", "shell"],
    ["#!/usr/bin/env bash\n", "bash", "shell"],
    ["#!/usr/bin/with-contenv bash\n", "bash", "shell"],
    ["#!/usr/bin/env /lib/runit/invoke-run\n", "invoke-run", "shell"],
    ["#!/command/execlineb -P\n", "execlineb", "execline"],
    ["#!/usr/bin/python3\n", "python3", "other"],
    ["#!/usr/bin/env -S perl -w\n", "perl", "other"],
  ])("%j → %s (%s)", (text, interp, language) => {
    const s = readShebang(text);
    expect([s.interpreter, s.language]).toEqual([interp, language]);
  });

  it("notices a carriage return and a missing #!", () => {
    expect(readShebang("#!/bin/sh\r\nexec x\r\n").carriageReturn).toBe(true);
    expect(readShebang("exec x\n").present).toBe(false);
  });
});

describe("parse errors", () => {
  it("names the position of the error and keeps the commands it could read", () => {
    const m = model("mkdir -p /x\nif then\nexec app\n");
    expect(m.parseProblems.length).toBeGreaterThan(0);
    expect(m.parseProblems[0]!.node.startPosition.row).toBe(1);
    expect(m.commands.some((c) => c.name?.value === "mkdir")).toBe(true);
  });

  it("reads bash constructs that other parsers reject", () => {
    for (const text of [
      "exec daemon 2>&1 >/dev/null\n",
      'a=(1 2 3)\necho "${a[@]}"\n',
      "[[ -d /x ]] && exec app\n",
      'exec app <<< "$x"\n',
    ]) {
      expect(model(text).parseProblems).toEqual([]);
    }
  });

  it("walks deep nesting without recursion (3,000 nested ifs)", () => {
    const n = 3000;
    const text = "if true; then\n".repeat(n) + "exec app\n" + "fi\n".repeat(n);
    const m = model(text);
    expect(m.commands.filter((c) => c.name?.value === "exec")).toHaveLength(1);
  });
});

describe("command order", () => {
  it("lists commands in source order, nested ones after the command that holds them (no sort needed)", () => {
    const m = model(
      '#!/bin/sh\nA=$(b "$(c)") d 2>&1 | e >f\nif g; then h <<EOF\n$(i)\nEOF\nfi\n{ j; k; } >l\nexec m\n',
    );
    const starts = m.commands.map((c) => c.node.startIndex);
    expect(starts).toEqual([...starts].sort((a, b) => a - b));
    expect(m.commands.map((c) => c.name?.value)).toEqual(["d", "b", "c", "e", "g", "h", "i", "j", "k", "exec"]);
  });
});

describe("ranges: every word's range holds its text, in shell and execline", () => {
  const scripts: Array<[string, ScriptModel]> = [];
  const SHELL = [
    "#!/bin/sh\nexec chpst -uapp:adm -e ./env envdir ./env setuidgid app app --port=80 2>&1\n",
    "#!/bin/sh\ninstall -d --owner=log -m 0750 \"/var/log/x y\"\nexec s6-setuidgid 'log' s6-log t /var/log/x\n",
  ];
  const EXECLINE = [
    "#!/command/execlineb -P\nfdmove -c 2 1\nforeground { mkdir -p /run/app }\ns6-envuidgid app s6-setuidgid app app -f\n",
    '#!/bin/execlineb -P\nredirfd -w 1 /dev/null\n"s6-log" -b t /var/log/app\n',
  ];
  for (const t of SHELL) scripts.push([t, buildModelFromFlat(parseFlat(t), t)]);
  for (const t of EXECLINE) scripts.push([t, buildExeclineModel(t)]);

  it.each(scripts.map(([t, m], i) => [i, t, m] as const))("script %i", (_i, text, model) => {
    let words = 0;
    for (const cmd of model.commands) {
      for (const p of execChain(cmd)) {
        for (const w of [p.word, ...p.args, ...p.operands, ...[...p.options.values()].filter((o) => o !== true)]) {
          expect(text.slice(w.node.startIndex, w.node.endIndex)).toBe(w.text);
          const lines = text.split("\n");
          expect(lines[w.node.startPosition.row]!.slice(w.node.startPosition.column).startsWith(w.text)).toBe(true);
          words++;
        }
      }
    }
    expect(words).toBeGreaterThan(4);
  });

  it("an option's attached value has the value's range: -uapp:adm gives app:adm", () => {
    const [text, model] = scripts[0]!;
    const chpst = execChain(model.commands[0]!).find((p) => p.name === "chpst")!;
    const u = chpst.options.get("u");
    expect(u !== true && u && [u.text, u.value, text.slice(u.node.startIndex, u.node.endIndex)]).toEqual([
      "app:adm",
      "app:adm",
      "app:adm",
    ]);
  });
});
