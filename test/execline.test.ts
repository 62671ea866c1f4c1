// The execline reader: words, quotes, comments and blocks as execlineb reads them, unrolled into
// the same Command model as shell so that the chain rules apply.
import { buildExeclineModel } from "../src/parse/execline.js";
import { execChain, finalProgram } from "../src/model/chains.js";

const model = (body: string) => buildExeclineModel("#!/command/execlineb -P\n" + body);
const names = (body: string) =>
  model(body).commands.map((c) =>
    execChain(c)
      .map((p) => p.name)
      .join(" "),
  );

describe("execline reader", () => {
  it("unrolls a typical s6 run script into one chain", () => {
    const m = model("fdmove -c 2 1\ns6-envdir ./env\ns6-setuidgid app\n/usr/bin/app --foreground\n");
    expect(m.parseProblems).toEqual([]);
    expect(m.commands).toHaveLength(1);
    const [cmd] = m.commands;
    expect(cmd!.topLevel).toBe(true);
    expect(execChain(cmd!).map((p) => p.name)).toEqual(["s6-envdir", "s6-setuidgid", "app"]);
    expect(finalProgram(execChain(cmd!))!.args.map((w) => w.value)).toEqual(["--foreground"]);
    expect(cmd!.redirects).toEqual([expect.objectContaining({ fd: 2, op: ">&", explicitFd: true })]);
    expect(cmd!.redirects[0]!.target!.value).toBe("1");
    expect(cmd!.redirects[0]!.node.text).toBe("fdmove -c 2 1");
  });

  it("gives each block its own command, not at top level", () => {
    const m = model("foreground { mkdir -p /var/log/app }\nif { chown log /var/log/app }\ns6-log t /var/log/app\n");
    expect(m.commands.map((c) => [c.name?.value, c.topLevel])).toEqual([
      ["mkdir", false],
      ["chown", false],
      ["s6-log", true],
    ]);
    expect(m.commands[0]!.node.startPosition.row).toBe(1);
  });

  it("says which builtin's block each block command is in, and whether the chain ends there", () => {
    const m = model("foreground { mkdir -p /run/x }\nifelse -n { test -e f } { background -d { app } }\nrest\n");
    const of = (name: string) => m.commands.find((c) => c.name?.value === name)!.block;
    expect(of("rest")).toBeUndefined();
    expect(of("mkdir")).toMatchObject({ builtin: "foreground", index: 0, ends: false, outer: undefined });
    expect(of("test")).toMatchObject({ builtin: "ifelse", index: 0, ends: false });
    expect([...of("test")!.options]).toEqual(["n"]);
    expect(of("app")).toMatchObject({ builtin: "background", index: 0, ends: true });
    expect([...of("app")!.options]).toEqual(["d"]);
    expect(of("app")!.outer).toMatchObject({ builtin: "ifelse", index: 1, ends: false, outer: undefined });
    expect(of("app")!.node.text).toBe("background");
  });

  it("reads quotes, escapes and comments", () => {
    const m = model('# a comment\nexport GREETING "hello world\\n"\nprog "a b" c\\ d\n');
    expect(m.commands[0]!.args.map((w) => w.value)).toEqual(["a b", "c d"]);
    expect(m.comments.map((c) => c.node.text)).toEqual(["#!/command/execlineb -P", "# a comment"]);
    expect(m.comments[1]!.next!.text).toBe("export");
  });

  it("substitutes define'd variables and marks imported ones unknown", () => {
    const m = model("define dir /var/log/app\nimportas -i user USER\ns6-setuidgid $user\ns6-log t ${dir}\n");
    const chain = execChain(m.commands[0]!);
    expect(chain[0]!.operands[0]!.value).toBeUndefined();
    expect(finalProgram(chain)!.args.map((w) => w.value)).toEqual(["t", "/var/log/app"]);
  });

  it("applies multisubstitute's directives to the chain", () => {
    const m = model("multisubstitute { define a /x importas b B }\nprog $a $b\n");
    expect(m.commands[0]!.args.map((w) => w.value)).toEqual(["/x", undefined]);
  });

  it("keeps a literal $word that no builtin defines", () => {
    expect(model("prog $HOME\n").commands[0]!.args[0]!.value).toBe("$HOME");
  });

  it("reads redirfd as a redirect of the chain's program", () => {
    const m = model("redirfd -a 1 /var/log/app.log\nfdmove -c 2 1\napp\n");
    expect(m.commands[0]!.redirects.map((r) => [r.fd, r.op, r.target?.value])).toEqual([
      [1, ">>", "/var/log/app.log"],
      [2, ">&", "1"],
    ]);
  });

  it("marks a pipeline block as feeding the rest", () => {
    const m = model("pipeline { cat /etc/motd } s6-log t ./main\n");
    expect(m.commands.map((c) => [c.name?.value, c.feedsPipe])).toEqual([
      ["cat", true],
      ["s6-log", false],
    ]);
  });

  it("skips data blocks (wait, forx values)", () => {
    expect(names("forx x { 1 2 3 } prog $x\n")).toEqual(["prog"]);
  });

  it("reports unbalanced blocks and quotes without throwing", () => {
    expect(model("foreground { a\nb\n").parseProblems.map((p) => p.message)).toEqual([
      expect.stringContaining("never closed"),
    ]);
    expect(model("a }\n").parseProblems.map((p) => p.message)).toEqual([expect.stringContaining("closes no block")]);
    expect(model('a "b\n').parseProblems.map((p) => p.node.startPosition)).toEqual([{ row: 1, column: 2 }]);
  });

  it("does not recurse on nesting depth", () => {
    const deep = "foreground { ".repeat(100000) + "x" + " }".repeat(100000) + "\nprog\n";
    const m = model(deep);
    expect(m.parseProblems).toEqual([]);
    expect(m.commands.length).toBe(2);
  });
});
