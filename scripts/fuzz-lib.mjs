// @ts-check
// Fuzzing svlint's engine: random bytes, generated shell scripts and execline fragments (assignments, redirects,
// chain-loaders, if/case/loops, heredocs, substitutions) as the run and log/run of an in-memory
// service. Properties: linting never throws, every diagnostic is well formed (known rule, a
// position inside the file, end after start), and no rule crashed. Shared by the test suite
// (test/fuzz.test.ts, 10,000 cases) and `npm run fuzz` (100,000+).
import fc from "fast-check";

const word = fc.oneof(
  fc.constantFrom(
    "app",
    "/usr/bin/app",
    "./env",
    "/var/log/app",
    "-m",
    "100",
    "t",
    "./main",
    "s1000000",
    "'!gzip'",
    "a:b",
    "--",
    "-R",
    "x y",
  ),
  fc.constantFrom(
    '"$D"',
    "$D",
    "${D}",
    '"${D}/x"',
    "$(cat f)",
    "`id`",
    "'q'",
    '"a $b c"',
    "~/x",
    "*.log",
    "$1",
    '"$@"',
  ),
  fc.stringMatching(/^[a-z0-9_./-]{1,8}$/),
);
const program = fc.constantFrom(
  "envdir",
  "setuidgid",
  "softlimit",
  "setlock",
  "chpst",
  "s6-setuidgid",
  "s6-envdir",
  "multilog",
  "svlogd",
  "s6-log",
  "cat",
  "chown",
  "chgrp",
  "mkdir",
  "install",
  "env",
  "nice",
  "exec",
  "echo",
  "true",
  "tcpserver",
  "chroot",
);
const redirect = fc.constantFrom(
  "2>&1",
  ">f",
  ">>/var/log/x",
  "1>&2",
  ">&2",
  "<in",
  "2>/dev/null",
  "&>f",
  "3>&1",
  ">|f",
  '<<<"$x"',
);
const simple = fc
  .tuple(
    fc.array(fc.constantFrom("A=1 ", "PATH=/bin "), { maxLength: 1 }),
    program,
    fc.array(fc.oneof(word, program), { maxLength: 6 }),
    fc.array(redirect, { maxLength: 3 }),
  )
  .map(([pre, p, args, rs]) => `${pre.join("")}${p} ${args.join(" ")} ${rs.join(" ")}`.trim());

const statement = fc.letrec((tie) => ({
  stmt: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    simple,
    simple.map((s) => `exec ${s}`),
    fc.tuple(fc.constantFrom("D", "LOGDIR", "U"), word).map(([n, v]) => `${n}=${v}`),
    fc.tuple(simple, fc.constantFrom("&&", "||", "|"), simple).map(([a, op, b]) => `${a} ${op} ${b}`),
    fc.tuple(simple, tie("block")).map(([c, b]) => `if ${c}; then\n${b}\nfi`),
    fc.tuple(tie("block"), tie("block")).map(([a, b]) => `if true; then\n${a}\nelse\n${b}\nfi`),
    tie("block").map((b) => `while false; do\n${b}\ndone`),
    fc.tuple(word, tie("block")).map(([w, b]) => `case ${w} in\n  a) ${b.split("\n").join("; ")} ;;\n  *) : ;;\nesac`),
    fc.tuple(word, tie("block")).map(([w, b]) => `for v in ${w}; do\n${b}\ndone`),
    tie("block").map((b) => `f() {\n${b}\n}`),
    simple.map((s) => `cat <<EOF >/etc/x\n${s}\nEOF`),
    simple.map((s) => `x=$(${s})`),
    fc.constantFrom("# svlint disable=all", "# svlint disable=setuidgid-last -- why", "# comment"),
  ),
  block: fc.array(tie("stmt"), { minLength: 1, maxLength: 4 }).map((ss) => ss.join("\n")),
}));

const shebang = fc.constantFrom(
  "#!/bin/sh\n",
  "#!/bin/bash\n",
  "#!/usr/bin/env bash\n",
  "",
  "#!/usr/bin/python3\n",
  "#!/command/execlineb -P\n",
  "#!/bin/sh\r\n",
);
export const shellScript = fc
  .tuple(shebang, fc.array(statement.stmt, { maxLength: 12 }), fc.constantFrom("\n", "\r\n"))
  .map(([sb, ss, eol]) => sb + ss.join("\n").replace(/\n/g, eol) + eol);

/** Random bytes, decoded as a script would be (possibly invalid UTF-8, possibly garbage). */
export const randomText = fc.uint8Array({ maxLength: 2000 }).map((b) => Buffer.from(b).toString("utf8"));
/** Shell-ish fragments glued at random: unbalanced quotes, stray keywords, deep nesting. */
export const brokenShell = fc
  .array(
    fc.constantFrom(
      "if",
      "then",
      "fi",
      "(",
      ")",
      "{",
      "}",
      "$(",
      "`",
      '"',
      "'",
      "<<EOF",
      "EOF",
      "\n",
      ";",
      "&&",
      "|",
      "exec",
      "2>&1",
      ">",
      "case",
      "esac",
      "in",
      ";;",
      " ",
      "x",
      "$",
      "${",
      "[[",
    ),
    { maxLength: 60 },
  )
  .map((parts) => parts.join(""));

/** execline fragments glued at random: builtins, blocks (balanced or not), quotes, variables. */
export const execlineScript = fc
  .array(
    fc.constantFrom(
      "foreground",
      "background",
      "if",
      "-n",
      "pipeline",
      "backtick",
      "x",
      "define",
      "importas",
      "-i",
      "multisubstitute",
      "{",
      "}",
      "{ }",
      "fdmove",
      "-c",
      "2",
      "1",
      "redirfd",
      "-w",
      "-a",
      '"',
      '"a b"',
      "\\",
      "$x",
      "${x}",
      "# c",
      "\n",
      " ",
      "s6-setuidgid",
      "s6-envdir",
      "./env",
      "s6-log",
      "t",
      "/var/log/a",
      "n20",
      "s6-softlimit",
      "-m",
      "100",
      "with-contenv",
      "forx",
      "wait",
      "exec",
      "app",
    ),
    { maxLength: 60 },
  )
  .map((parts) => "#!/command/execlineb -P\n" + parts.join(" "));

/** An in-memory service whose run and log/run hold the given texts (rules see only this snapshot). */
export function memoryService(run, logRun) {
  const entries = new Map([
    ["run", { rel: "run", kind: "file", mode: 0o755, uid: 0, gid: 0, size: run.length }],
    ["log", { rel: "log", kind: "dir", mode: 0o755, uid: 0, gid: 0, size: 0 }],
    ["log/run", { rel: "log/run", kind: "file", mode: 0o755, uid: 0, gid: 0, size: logRun.length }],
    ["env", { rel: "env", kind: "dir", mode: 0o700, uid: 0, gid: 0, size: 0 }],
  ]);
  return {
    abs: "/fuzz/svc",
    entries,
    truncated: new Map(),
    unreadableDirs: new Map(),
    scripts: [
      { rel: "run", abs: "/fuzz/svc/run", text: run },
      { rel: "log/run", abs: "/fuzz/svc/log/run", text: logRun },
    ],
    context: "live",
  };
}

/** Throws (with the failing texts) unless every case lints cleanly and produces well-formed diagnostics. */
export async function checkLinting({ lintService, rules, ruleIds, numRuns, seed, releaseNativeMemory }) {
  const known = new Set(ruleIds);
  let cases = 0;
  const property = fc.asyncProperty(
    fc.oneof(shellScript, randomText, brokenShell, execlineScript),
    fc.oneof(shellScript, brokenShell, execlineScript),
    async (run, logRun) => {
      // Trees are freed only on a later event-loop turn (see src/runner/memory.ts).
      if (++cases % 250 === 0) await releaseNativeMemory();
      const results = lintService(memoryService(run, logRun), { rules, reportUnusedDirectives: true });
      for (const r of results) {
        const text = r.filePath.endsWith("log/run") ? logRun : run;
        const lines = text.split("\n").length;
        for (const m of r.messages) {
          if (m.ruleId === "rule-error") throw new Error(`rule crashed: ${m.message}`);
          if (!known.has(m.ruleId)) throw new Error(`unknown rule id ${m.ruleId}`);
          if (!(m.line >= 1 && m.line <= lines && m.column >= 1 && m.endLine >= m.line && m.endLine <= lines))
            throw new Error(`position out of the file: ${JSON.stringify(m)}`);
          if (m.endLine === m.line && m.endColumn < m.column) throw new Error(`end before start: ${JSON.stringify(m)}`);
          // Messages may quote script text (even `{{`); the rule tests check templates are fully filled.
          if (typeof m.message !== "string" || m.message.length === 0)
            throw new Error(`bad message: ${JSON.stringify(m)}`);
        }
      }
    },
  );
  await fc.assert(property, { numRuns, ...(seed !== undefined ? { seed } : {}) });
}
