// @ts-check
// Fuzzing svlint's engine: random bytes, generated shell scripts and execline fragments (assignments, redirects,
// chain-loaders, if/case/loops, heredocs, substitutions) as the run and log/run of an in-memory
// service. Properties: linting never throws, every diagnostic is well formed (known rule, a
// position inside the file, end after start), and no rule crashed. Shared by the test suite
// (test/fuzz.test.ts, 10,000 cases) and `npm run fuzz` (100,000+). The fix mode (checkFixing,
// below) fuzzes the fixer the same way: `npm run fuzz -- --fix`.
import fc from "fast-check";
import vm from "node:vm";

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

// ---------------------------------------------------------------------------------------------
// Fix mode (`npm run fuzz -- --fix`): generated services full of the findings svlint can fix,
// fixed in an Engine's overlay (no disk) with unsafe fixes on. Properties: fixing introduces no
// parse error, fixing the fixed texts again changes nothing, nothing crashes (no throw, no
// rule-error), and the fixer's report matches a fresh lint of the fixed texts. Fixes the fixer
// had to drop (the fixed text drew a new finding or did not parse) are safe but counted by rule:
// they show a rule whose fix is wrong.

/** Where the generated service lies in the overlay (over an empty host: nothing else exists). */
export const FIX_DIR = "/fuzz/svc";
const PASSWD =
  "root:x:0:0:root:/root:/bin/sh\napp:x:1000:1000::/srv/app:/bin/sh\nlog:x:998:998::/:/bin/false\n" +
  "nobody:x:65534:65534::/:/bin/false\nwww-data:x:33:33::/var/www:/bin/false\nredis:x:999:999::/:/bin/false\n";

/** `ghost` is missing from PASSWD (unknown-account). */
const account = fc.constantFrom("app", "log", "nobody", "root", "www-data", "redis", "ghost", '"$USER"');
const envDirWord = fc.constantFrom("./env", "env", "/etc/env-network", "./env/", "../env", '"$ENVDIR"');
/** Programs that drop privileges. */
const dropper = fc.oneof(
  account.map((a) => `setuidgid ${a}`),
  account.map((a) => `chpst -u ${a}`),
  account.map((a) => `chpst -u ${a}:${a}`),
  account.map((a) => `s6-setuidgid ${a}`),
  fc.constant("s6-applyuidgid -u 1000 -g 1000"),
  fc.constant("chpst -U log"),
);
/** Chain-loaders that need root: setuidgid-last when they follow a drop. */
const needsRoot = fc.oneof(
  envDirWord.map((d) => `envdir ${d}`),
  envDirWord.map((d) => `chpst -e ${d}`),
  envDirWord.map((d) => `s6-envdir ${d}`),
  account.map((a) => `envuidgid ${a}`),
  account.map((a) => `s6-envuidgid ${a}`),
  fc.constantFrom("setlock /run/app.lock", "s6-setlock /run/app.lock", "chroot /srv/jail", "chpst -/ /srv/jail"),
  fc.constant("tcpserver -u 1000 -g 1000 0 80"),
);
const neutralLoader = fc.constantFrom(
  "softlimit -m 100000000",
  "softlimit -d 3000000 -o 1024",
  "s6-softlimit -m 100000",
  "chpst -m 100000",
  "nice -n 5",
  "env - PATH=/bin:/usr/bin",
  "pgrphack",
  "with-contenv",
);
const chain = fc
  .array(fc.oneof({ arbitrary: dropper, weight: 3 }, { arbitrary: needsRoot, weight: 3 }, neutralLoader), {
    maxLength: 4,
  })
  .map((xs) => xs.join(" "));
/** Daemons, with and without their foreground flag (foreground-daemon). */
const daemon = fc.constantFrom(
  "/usr/bin/app",
  "app --foreground",
  "./app",
  "nginx",
  "/usr/sbin/nginx",
  "nginx -g 'daemon off;'",
  "nginx -c /etc/nginx/nginx.conf",
  "redis-server",
  "redis-server /etc/redis/redis.conf",
  "redis-server --daemonize yes",
  "/usr/sbin/sshd",
  "sshd -D",
  "sshd -D -e",
  "sshd -d",
  "memcached -d -u nobody",
  "crond",
  "cron",
  "php-fpm",
  "php-fpm8.2",
  "dnsmasq",
  "dnsmasq -k",
  "haproxy -f /etc/haproxy/haproxy.cfg",
  "rsyslogd",
  "gunicorn -D app:app",
  "postfix start",
  "dbus-daemon --system",
  "/usr/sbin/apache2",
  "httpd -DFOREGROUND",
  "squid",
  "clamd",
  "freshclam -d",
  "uwsgi --daemonize /var/log/uwsgi.log",
  "qmail-start ./Mailbox",
  '"$DAEMON" $OPTS',
  "java -jar app.jar",
);
/** Redirections on the daemon's line (stderr-redirect-order, stderr-to-log). */
const daemonRedirect = fc.constantFrom(
  "",
  "",
  "2>&1",
  "2>&1 >/var/log/app.log",
  ">/var/log/app.log 2>&1",
  "2>&1 1>/var/log/app.log",
  "1>&2 2>/var/log/app.err",
  "2>&1 >>/var/log/app.log",
  ">/dev/null 2>&1",
  "2>&1 >/dev/null",
  "</dev/null",
);
/** Statements before the daemon. */
const runPrelude = fc.oneof(
  fc.constantFrom(
    "exec 2>&1",
    "exec 2>&1",
    "exec 1>&2",
    "exec 2>&1 >/var/log/app.log",
    "exec >/var/log/app.log 2>&1",
    "app-migrate 2>&1 >/var/log/migrate.log",
    "app-check 2>&1 >/dev/null",
    "mkdir -p /run/app",
    "chown app:app",
    "chown -R app:app",
    "chown -R app:app /run/app",
    "chgrp app",
    "chown --reference=/etc/app.conf",
    "chown -h app",
    'chown app:app "$@"',
    "cd /srv/app || exit 1",
    ". /etc/default/app",
    "sv -w 30 check postgresql || exit 1",
    "sleep 1",
    "umask 077",
    "DB_PASSWORD=hunter22",
    "export HOME=/srv/app",
    "ulimit -n 65536",
    "[ -r ./conf ] && . ./conf",
    "cat > /etc/app.conf <<EOF\nport=1\nEOF",
    "cat >> /var/log/app.log",
    "# svlint disable=setuidgid-last -- why",
  ),
  statement.stmt,
);
/** The daemon's line, as the last statement: with or without exec (exec-daemon). */
const daemonLine = fc
  .tuple(
    fc.constantFrom("exec ", "exec ", "", "", "cd /srv && ", "cd /srv && exec ", "nohup "),
    chain,
    daemon,
    daemonRedirect,
  )
  .map(([pre, c, d, r]) => `${pre}${c ? c + " " : ""}${d}${r ? " " + r : ""}`);
const runFinal = fc.oneof(
  { arbitrary: daemonLine, weight: 6 },
  daemonLine.map((l) => `if [ -x /usr/bin/app ]; then\n  ${l}\nfi`),
  daemonLine.map((l) => `{\n  ${l}\n} 2>&1`),
  daemonLine.map((l) => `${l} &\nwait`),
);
/** After the daemon: `exec 2>&1` there never runs (stderr-redirect-order). */
const runEpilogue = fc.oneof(
  { arbitrary: fc.constant([]), weight: 4 },
  fc.array(fc.constantFrom("exec 2>&1", "exec 1>&2", "echo started", "# end"), { minLength: 1, maxLength: 2 }),
);
/** A script's first line: mostly right, else one the shebang rule reports (CR, missing, late). */
const shellShebang = fc.oneof(
  {
    arbitrary: fc.constantFrom(
      "#!/bin/sh\n",
      "#!/bin/bash\n",
      "#!/usr/bin/env sh\n",
      "#!/bin/sh -e\n",
      "#!/command/with-contenv sh\n",
    ),
    weight: 3,
  },
  fc.constantFrom("#!/bin/sh\r\n", "", "\n#!/bin/sh\n", "\uFEFF#!/bin/sh\n", "#! /bin/sh\r\n", "# run\n#!/bin/sh\n"),
);
/** Line endings of the whole file: CRLF makes the #! line end in a carriage return (shebang). */
const eol = fc.oneof({ arbitrary: fc.constant("\n"), weight: 7 }, fc.constant("\r\n"));
const shellRun = fc
  .tuple(shellShebang, fc.array(runPrelude, { maxLength: 4 }), runFinal, runEpilogue, eol)
  .map(([sb, pre, last, post, nl]) => sb + [...pre, last, ...post].join("\n").replace(/\n/g, nl) + nl);

/** An execline run: the chain in a random order, then the daemon (or `foreground { daemon }`). */
/** A step of an execline chain: privilege drops and what needs root, in any order (setuidgid-last). */
const execlineStep = fc.oneof(
  account.map((a) => `s6-setuidgid ${a}`),
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      "s6-envdir ./env",
      "s6-envdir env",
      "s6-envuidgid app",
      "s6-applyuidgid -u 1000 -g 1000",
      "s6-setlock /run/app.lock",
      "s6-softlimit -m 100000",
      "envdir ./env",
      "fdmove -c 2 1",
      "redirfd -w 1 /var/log/app.log",
      "redirfd -a 1 /var/log/app.log",
      "foreground { mkdir -p /run/app }",
      "importas -i HOME HOME",
      "cd /srv/app",
      "with-contenv",
    ),
  },
);
const execlineRun = fc
  .tuple(
    fc.constantFrom("#!/command/execlineb -P\n", "#!/command/execlineb -P\r\n", "#!/bin/execlineb -P\n", ""),
    fc.array(execlineStep, { maxLength: 6 }),
    daemon,
    fc.constantFrom("", "", "", "foreground", "background"),
  )
  .map(([sb, steps, d, wrap]) => sb + [...steps, wrap ? `${wrap} { ${d} }` : d].join("\n") + "\n");

/** A logger's directory: `./main`, a bare name (multilog-script), or a path whose parent is missing. */
const logDir = fc.constantFrom(
  "./main",
  "./main",
  "main",
  "/var/log/app",
  "/var/log/app/main",
  "/var/log/x",
  '"$LOGDIR"',
  "/srv/log/app",
  "./main/sub",
  "~/log",
);
const multilogArgs = fc
  .tuple(
    fc.shuffledSubarray(["t", "s1048576", "s10M", "n10", "n1", "'!tai64nlocal'", "d", "+*", "-*.debug", "s100"], {
      maxLength: 4,
    }),
    logDir,
    fc.constantFrom("", "", "s1000000", "t", "./other"),
  )
  .map(([args, dir, after]) => [...args, dir, after].filter(Boolean).join(" "));
const logger = fc.oneof(
  multilogArgs.map((a) => `multilog ${a}`),
  fc.tuple(fc.constantFrom("", "-tt ", "-b 10 -l 100 ", "-v "), logDir).map(([o, d]) => `svlogd ${o}${d}`),
  fc
    .tuple(fc.shuffledSubarray(["T", "t", "n20", "s1000000", "s10M", "-b", "-l 100"], { maxLength: 3 }), logDir)
    .map(([a, d]) => ["s6-log", ...a, d].join(" ")),
);
const catLogger = fc.constantFrom(
  "cat > /var/log/app.log",
  "cat >>/var/log/app.log",
  "cat - > /var/log/app.log",
  'cat >> "$LOGFILE"',
  "tee -a /var/log/app.log >/dev/null",
  "cat > ./current",
  "cat &>/var/log/app.log",
);
const logPrelude = fc.oneof(
  logDir.map((d) => `mkdir -p ${d}`),
  logDir.map((d) => `mkdir ${d}`),
  logDir.map((d) => `[ -d ${d} ] || mkdir -p ${d}`),
  logDir.map((d) => `install -d -o log -g log ${d}`),
  fc.tuple(account, logDir).map(([a, d]) => `chown -R ${a}:${a} ${d}`),
  account.map((a) => `chown ${a}:${a}`),
  account.map((a) => `chown -R ${a}`),
  fc.constantFrom("exec 2>&1", "umask 022", "cd /var/log"),
);
const shellLogRun = fc
  .tuple(
    shellShebang,
    fc.array(logPrelude, { maxLength: 3 }),
    fc.constantFrom("exec ", "exec ", "", "cd /var/log && "),
    fc.oneof(
      { arbitrary: fc.constant(""), weight: 2 },
      dropper.map((d) => d + " "),
      chain.map((c) => c + " "),
    ),
    fc.oneof({ arbitrary: logger, weight: 5 }, catLogger),
    eol,
  )
  .map(([sb, pre, ex, c, l, nl]) => sb + [...pre, `${ex}${c}${l}`].join("\n").replace(/\n/g, nl) + nl);
const execlineLogRun = fc
  .tuple(
    fc.constantFrom("#!/command/execlineb -P\n", "#!/command/execlineb -P\r\n"),
    fc.array(
      fc.oneof(
        execlineStep,
        logDir.map((d) => `foreground { mkdir -p ${d} }`),
      ),
      { maxLength: 3 },
    ),
    logger,
  )
  .map(([sb, steps, l]) => sb + [...steps, l].join("\n") + "\n");

/** A directive of the kind scripts carry, for a random line. */
const directive = fc.constantFrom(
  "# svlint disable=all",
  "# svlint disable=exec-daemon",
  "# svlint disable-next-line=stderr-redirect-order -- why",
  "# svlint disable=shebang,foreground-daemon",
);
/** Something to put into a line: a statement, a finding's pattern, broken shell, a quote. */
const material = fc.oneof(
  { arbitrary: statement.stmt, weight: 2 },
  { arbitrary: runPrelude, weight: 2 },
  { arbitrary: daemonLine, weight: 2 },
  { arbitrary: logger, weight: 2 },
  directive,
  brokenShell,
  fc.constantFrom('"', "'", "{", "}", "\\", "\r", " ", "\t", "`", "$(", "\n", "#", ";", "&", "exec ", "2>&1"),
);
/**
 * Mutations of a text, each placed by a number taken modulo the text's size: line edits, inserted
 * fragments of the generators above (statements, findings' patterns, brokenShell), blanks and
 * carriage returns, a toggled `exec`, a line wrapped in a compound, truncation.
 */
/** A position anywhere in a text (unbiased: fast-check's bias would put every mutation at its start). */
const anywhere = fc.noBias(fc.nat());
/** @type {fc.Arbitrary<[string, number, string]>} */
const mutation = fc.oneof(
  fc.tuple(fc.constant("delete-line"), anywhere, fc.constant("")),
  fc.tuple(fc.constant("duplicate-line"), anywhere, fc.constant("")),
  fc.tuple(fc.constant("swap-lines"), anywhere, fc.constant("")),
  fc.tuple(fc.constant("insert-line"), anywhere, material),
  fc.tuple(fc.constant("insert-text"), anywhere, material),
  fc.tuple(fc.constant("trailing-blank"), anywhere, fc.constantFrom(" ", "\t", "\r", " \r", "  ")),
  fc.tuple(fc.constant("crlf"), anywhere, fc.constant("")),
  fc.tuple(fc.constant("toggle-exec"), anywhere, fc.constant("")),
  fc.tuple(fc.constant("wrap"), anywhere, fc.constantFrom("if", "brace", "subshell", "and", "case")),
  fc.tuple(fc.constant("replace-word"), anywhere, word),
  fc.tuple(fc.constant("truncate"), anywhere, fc.constant("")),
);

/**
 * `text` with one mutation applied.
 * @param {string} text
 * @param {[string, number, string]} m
 */
export function mutate(text, [kind, n, stuff]) {
  const lines = text.split("\n");
  const i = n % lines.length;
  switch (kind) {
    case "delete-line":
      lines.splice(i, 1);
      break;
    case "duplicate-line":
      lines.splice(i, 0, lines[i]);
      break;
    case "swap-lines":
      if (i + 1 < lines.length) [lines[i], lines[i + 1]] = [lines[i + 1], lines[i]];
      break;
    case "insert-line":
      lines.splice(i, 0, stuff);
      break;
    case "insert-text": {
      const at = n % (text.length + 1);
      return text.slice(0, at) + stuff + text.slice(at);
    }
    case "trailing-blank":
      lines[i] += stuff;
      break;
    case "crlf":
      return text.replace(/\r?\n/g, "\r\n");
    case "toggle-exec":
      lines[i] = lines[i].startsWith("exec ") ? lines[i].slice(5) : "exec " + lines[i];
      break;
    case "wrap": {
      const l = lines[i];
      lines[i] =
        stuff === "if"
          ? `if true; then\n${l}\nfi`
          : stuff === "brace"
            ? `{ ${l}\n}`
            : stuff === "subshell"
              ? `(${l})`
              : stuff === "and"
                ? `true && ${l}`
                : `case x in\n  *) ${l} ;;\nesac`;
      break;
    }
    case "replace-word": {
      const words = lines[i].split(" ");
      words[n % words.length] = stuff;
      lines[i] = words.join(" ");
      break;
    }
    case "truncate":
      return text.slice(0, n % (text.length + 1));
  }
  return lines.join("\n");
}

/**
 * `arb`'s texts, left alone in 2 cases out of 5, else with 1 to 3 mutations.
 * @param {fc.Arbitrary<string>} arb
 * @returns {fc.Arbitrary<string>}
 */
export function mutated(arb) {
  return fc
    .tuple(arb, fc.oneof(fc.constant([]), fc.array(mutation, { minLength: 1, maxLength: 3 })))
    .map(([text, ms]) => ms.reduce(mutate, text));
}

/** Env files: names the readers skip or split, values with trailing blanks, CR, several lines. */
const envFiles = fc.uniqueArray(
  fc.tuple(
    fc.constantFrom("FOO", "PORT", "DB_PASSWORD", "API_TOKEN", "A=B", ".hidden", "._PORT", ".DS_Store", ".gitkeep"),
    fc.constantFrom(
      "value\n",
      "value",
      "value \n",
      "value\t\n",
      "value\r\n",
      "v1\nv2\n",
      "",
      "\n",
      "value  ",
      "a b \r\n",
      "x\r",
      " lead\n",
      "value\n\n",
      "8080 \t\r\n",
    ),
  ),
  { maxLength: 4, selector: ([name]) => name },
);
/** Config files a daemon's finding depends on (foreground-daemon reads them in a live tree). */
const configFiles = fc.shuffledSubarray(
  [
    ["/etc/nginx/nginx.conf", "daemon on;\nworker_processes 1;\n"],
    ["/etc/nginx/nginx.conf", "daemon off;\n"],
    ["/etc/redis/redis.conf", "daemonize yes\n"],
    ["/etc/haproxy/haproxy.cfg", "global\n  daemon\n"],
  ],
  { maxLength: 2 },
);

/**
 * A generated service: its files by service-relative path, directories with their modes (relative
 * to the service, or absolute), files outside it by absolute path, and the lint options.
 * @typedef {{
 *   files: Record<string, string>,
 *   dirs: Record<string, number>,
 *   outside: Record<string, string>,
 *   options: { context: "live" | "repo", supervisor?: string, deployment?: string, reportUnusedDisableDirectives?: boolean },
 * }} FixScenario
 */

/** @type {fc.Arbitrary<FixScenario>} */
export const fixScenario = fc
  .record({
    run: fc.oneof(
      { arbitrary: mutated(shellRun), weight: 6 },
      { arbitrary: mutated(execlineRun), weight: 2 },
      { arbitrary: shellScript, weight: 1 },
    ),
    logRun: fc.oneof(
      { arbitrary: mutated(shellLogRun), weight: 6 },
      { arbitrary: mutated(execlineLogRun), weight: 1 },
      { arbitrary: fc.constant(undefined), weight: 1 },
    ),
    finish: fc.oneof(
      { arbitrary: fc.constant(null), weight: 8 },
      mutated(fc.constantFrom("#!/bin/sh\nexit 0\n", "exit 0\n", "#!/bin/sh\r\nsleep 1\n")),
    ),
    env: envFiles,
    envMode: fc.constantFrom(0o700, 0o700, 0o755, 0o750, undefined),
    logMain: fc.boolean(),
    varLog: fc.boolean(),
    configs: configFiles,
    context: fc.constantFrom("live", "live", "repo"),
    supervisor: fc.constantFrom(undefined, undefined, "daemontools", "runit", "s6"),
    deployment: fc.constantFrom(undefined, undefined, undefined, undefined, "container", "s6-overlay-v3", "per-user"),
    unused: fc.boolean(),
  })
  .map((g) => {
    /** @type {FixScenario} */
    const s = { files: { run: g.run }, dirs: {}, outside: {}, options: { context: g.context } };
    if (g.logRun !== undefined) s.files["log/run"] = g.logRun;
    if (g.finish !== null) s.files.finish = g.finish;
    for (const [name, text] of g.env) s.files[`env/${name}`] = text;
    if (g.envMode !== undefined) s.dirs.env = g.envMode;
    if (g.logMain && g.logRun !== undefined) s.dirs["log/main"] = 0o700;
    if (g.varLog) s.dirs["/var/log"] = 0o755;
    for (const [file, text] of g.configs) s.outside[file] = text;
    if (g.supervisor) s.options.supervisor = g.supervisor;
    if (g.deployment) s.options.deployment = g.deployment;
    if (g.unused) s.options.reportUnusedDisableDirectives = true;
    return s;
  });

/** An engine over an empty host holding the scenario (and a passwd database at /etc/passwd). */
function loadScenario(Engine, emptyHost, s) {
  const engine = new Engine({ base: emptyHost });
  for (const [dir, mode] of Object.entries(s.dirs))
    engine.host.mkdir(dir.startsWith("/") ? dir : `${FIX_DIR}/${dir}`, mode);
  engine.setFile("/etc/passwd", PASSWD);
  for (const [abs, text] of Object.entries(s.outside)) engine.setFile(abs, text);
  for (const [rel, text] of Object.entries(s.files)) engine.setFile(`${FIX_DIR}/${rel}`, text);
  return engine;
}

/** The engine, with every lint it makes handed to `seen` (fixService needs only these three). */
function spied(engine, seen) {
  return {
    host: engine.host,
    setFile: (abs, text) => engine.setFile(abs, text),
    lintService: (dir, options) => {
      const results = engine.lintService(dir, options);
      seen(results);
      return results;
    },
  };
}

const relOf = (abs) => abs.slice(FIX_DIR.length + 1);
/** Findings that say a file could not be read as a script. */
const UNPARSED = new Set(["parse-error", "unreadable-file"]);

function unparsedCounts(results) {
  const counts = new Map();
  for (const r of results)
    for (const m of r.messages) if (UNPARSED.has(m.ruleId)) counts.set(r.filePath, (counts.get(r.filePath) ?? 0) + 1);
  return counts;
}

/** The findings as comparable lines, sorted. */
function findingLines(results) {
  const out = [];
  for (const r of results)
    for (const m of r.messages)
      out.push(`${relOf(r.filePath)}:${m.line}:${m.column}-${m.endLine}:${m.endColumn} ${m.ruleId} ${m.message}`);
  return out.sort();
}

/** What a dropped fix's reason says, as a category: `parse`, `new <rule>`, `not fixed`, `edits`. */
function dropKind(rule, reason) {
  if (/does not parse/.test(reason)) return "parse";
  const still = /still draws the (\S+) finding/.exec(reason);
  if (still) return still[1] === rule ? "not fixed" : `still ${still[1]}`;
  const m = /draws an? (?:new )?(\S+) finding/.exec(reason);
  if (m) return `new ${m[1]}`;
  if (/overlap|outside/.test(reason)) return "edits";
  return reason;
}

const FILTER = { unsafe: true };
/** The fixer's pass limit (MAX_PASSES in src/fix/fixer.ts). */
const MAX_PASSES = 10;

/**
 * What fixing one scenario did.
 * @typedef {{
 *   fixable: string[], applied: Map<string, number>, changed: string[],
 *   dropped: Array<{rule: string, kind: string, reason: string, file: string, line: number}>,
 *   failures: Array<{kind: "parse" | "idempotence" | "crash" | "stale", rule: string, detail: string}>,
 *   lints: number, passes: number, fixed: Record<string, string> | undefined,
 * }} FixCaseResult
 */

/**
 * Fixes one scenario, then fixes the fixed texts in a fresh engine, and says what went wrong.
 * @param {{ Engine: any, emptyHost: any, fixService: Function }} deps
 * @param {FixScenario} s
 * @returns {FixCaseResult}
 */
export function fixCase({ Engine, emptyHost, fixService }, s) {
  /** @type {FixCaseResult} */
  const out = {
    fixable: [],
    applied: new Map(),
    changed: [],
    dropped: [],
    failures: [],
    lints: 0,
    passes: 0,
    fixed: undefined,
  };
  const options = { ...s.options, passwd: "/etc/passwd" };
  /** @type {any[] | undefined} */
  let original;
  const crashed = new Set();
  const watch = (results) => {
    out.lints++;
    original ??= results;
    for (const r of results)
      for (const m of r.messages)
        if (m.ruleId === "rule-error") {
          const rule = /Rule `([^`]+)`/.exec(m.message)?.[1] ?? "?";
          if (crashed.has(rule)) continue;
          crashed.add(rule);
          out.failures.push({ kind: "crash", rule, detail: `${relOf(r.filePath)}: ${m.message}` });
        }
  };
  /** @param {unknown} err */
  const fixerCrashed = (err) =>
    out.failures.push({
      kind: "crash",
      rule: "fixer",
      detail: err instanceof Error ? (err.stack ?? err.message) : String(err),
    });
  let first;
  try {
    first = fixService(spied(loadScenario(Engine, emptyHost, s), watch), FIX_DIR, options, FILTER);
  } catch (err) {
    fixerCrashed(err);
    return out;
  }
  for (const r of original ?? [])
    for (const m of r.messages)
      if (m.fix && m.fix.edits.length > 0 && m.fix.applicability !== "display") out.fixable.push(m.ruleId);
  out.applied = first.applied;
  out.passes = first.passes;
  for (const d of first.dropped)
    out.dropped.push({
      rule: d.ruleId,
      kind: dropKind(d.ruleId, d.reason),
      reason: `${d.message} Dropped: ${d.reason}`,
      file: relOf(d.file),
      line: d.line,
    });
  if (first.changed.size === 0) return out;

  const fixed = { ...s.files };
  for (const [abs, { after }] of first.changed) {
    out.changed.push(relOf(abs));
    fixed[relOf(abs)] = after;
  }
  out.fixed = fixed;
  const again = { ...s, files: fixed };
  /** @type {any[] | undefined} */
  let fresh;
  let second;
  try {
    second = fixService(
      spied(loadScenario(Engine, emptyHost, again), (results) => {
        watch(results);
        fresh ??= results;
      }),
      FIX_DIR,
      options,
      FILTER,
    );
  } catch (err) {
    fixerCrashed(err);
    return out;
  }
  const appliedRules = [...first.applied.keys()].sort().join(",");
  // (1) No file parses worse than before.
  const before = unparsedCounts(original ?? []);
  for (const [file, n] of unparsedCounts(fresh ?? [])) {
    if (n <= (before.get(file) ?? 0)) continue;
    const what = (fresh ?? [])
      .filter((r) => r.filePath === file)
      .flatMap((r) => r.messages.filter((m) => UNPARSED.has(m.ruleId)).map((m) => `line ${m.line}: ${m.message}`));
    out.failures.push({
      kind: "parse",
      rule: appliedRules,
      detail: `${relOf(file)}: ${before.get(file) ?? 0} → ${n} parse errors after fixes of ${appliedRules}: ${what.join("; ")}`,
    });
  }
  // (2) Fixing the fixed texts changes nothing.
  if (second.changed.size > 0) {
    const limit = first.passes >= MAX_PASSES;
    const diff = [...second.changed].map(
      ([abs, c]) => `${relOf(abs)}: ${JSON.stringify(c.before)} → ${JSON.stringify(c.after)}`,
    );
    const drops = first.dropped.map((d) => `${d.ruleId} at ${relOf(d.file)}:${d.line} (${d.reason})`);
    out.failures.push({
      kind: "idempotence",
      rule: [...second.applied.keys()].sort().join(",") + (limit ? " (pass limit)" : ""),
      detail:
        `the second fix applied ${[...second.applied].map(([r, n]) => `${r} ×${n}`).join(", ")}: ${diff.join("; ")}` +
        (limit ? `; the first stopped at its limit of ${MAX_PASSES} passes` : "") +
        (drops.length > 0 ? `; the first dropped ${drops.join(", ")}` : ""),
    });
  }
  // The fixer's report of the fixed service is what a fresh lint of the fixed texts says.
  const said = findingLines(first.results);
  const seen = findingLines(fresh ?? []);
  if (said.join("\n") !== seen.join("\n")) {
    const missing = seen.filter((l) => !said.includes(l));
    const extra = said.filter((l) => !seen.includes(l));
    out.failures.push({
      kind: "stale",
      rule: appliedRules,
      detail: `the fixer reports ${extra.length ? "[" + extra.join(" | ") + "]" : "nothing more"} but a fresh lint gives ${missing.length ? "[" + missing.join(" | ") + "]" : "nothing more"}`,
    });
  }
  return out;
}

/**
 * How a case is run: resolves to the case's result, or `hang` when it took longer than
 * `timeoutMs` (a rule in an endless loop).
 * @typedef {(s: FixScenario, timeoutMs?: number) => Promise<FixCaseResult | "hang">} FixCheck
 */

/**
 * A FixCheck in this thread, freeing native memory as it goes. The time limit is node:vm's: the
 * case runs as a call from a script with a timeout, which stops even an endless loop.
 * @param {{ Engine: any, emptyHost: any, fixService: Function, releaseNativeMemory: () => Promise<void> }} deps
 * @returns {FixCheck}
 */
export function inProcessCheck({ Engine, emptyHost, fixService, releaseNativeMemory }) {
  const box = { run: () => {} };
  const context = vm.createContext(box);
  const call = new vm.Script("run()");
  let n = 0;
  return async (s, timeoutMs) => {
    // Trees are freed only on a later event-loop turn (see src/runner/memory.ts).
    if (++n % 250 === 0) await releaseNativeMemory();
    /** @type {FixCaseResult | undefined} */
    let result;
    box.run = () => {
      result = fixCase({ Engine, emptyHost, fixService }, s);
    };
    try {
      call.runInContext(context, timeoutMs ? { timeout: timeoutMs } : {});
    } catch (err) {
      if (/** @type {any} */ (err)?.code === "ERR_SCRIPT_EXECUTION_TIMEOUT") return "hang";
      throw err;
    }
    return /** @type {FixCaseResult} */ (result);
  };
}

/** A hang's failure: a case that did not finish in time. */
const HANG = "hang";

/**
 * Whether a case's result shows the reproducer's failure or dropped fix again.
 * @param {Reproducer} p
 * @param {FixCaseResult | "hang"} r
 */
function shows(p, r) {
  if (r === "hang" || p.rule === HANG) return r === "hang" && p.rule === HANG;
  if (p.kind === "dropped") return r.dropped.some((d) => d.rule === p.rule && d.kind === p.dropKind);
  return r.failures.some((f) => f.kind === p.kind && f.rule === p.rule);
}

/**
 * A smaller scenario that still fails with `fails` (files, directories and options removed, then
 * lines, then words), greedily, within `budget` tries.
 * @param {FixScenario} s
 * @param {(c: FixScenario) => Promise<boolean>} fails
 * @returns {Promise<FixScenario>}
 */
export async function minimize(s, fails, budget = 3000) {
  let best = s;
  let tries = 0;
  const still = (c) => {
    tries++;
    return fails(c);
  };
  let progress = true;
  while (progress && tries < budget) {
    progress = false;
    // Whole files, directories, files outside, options.
    const cuts = [
      ...Object.keys(best.files).map((k) => (c) => {
        const files = { ...c.files };
        delete files[k];
        return { ...c, files };
      }),
      ...Object.keys(best.dirs).map((k) => (c) => {
        const dirs = { ...c.dirs };
        delete dirs[k];
        return { ...c, dirs };
      }),
      ...Object.keys(best.outside).map((k) => (c) => {
        const outside = { ...c.outside };
        delete outside[k];
        return { ...c, outside };
      }),
      ...["supervisor", "deployment", "reportUnusedDisableDirectives"]
        .filter((k) => k in best.options)
        .map((k) => (c) => {
          const options = { ...c.options };
          delete options[k];
          return { ...c, options };
        }),
    ];
    if (best.options.context !== "live") cuts.push((c) => ({ ...c, options: { ...c.options, context: "live" } }));
    for (const cut of cuts) {
      if (tries >= budget) break;
      const c = cut(best);
      if (await still(c)) {
        best = c;
        progress = true;
      }
    }
    // Lines (each with its own end of line), then words (each with the blank or `;` after it),
    // in chunks halving down to one.
    for (const split of [/(?<=\n)/, /(?<=[ \t;]|\n)/])
      for (const rel of Object.keys(best.files)) {
        let pieces = best.files[rel].split(split);
        for (let size = Math.max(1, pieces.length >> 1); size >= 1 && tries < budget; size = size === 1 ? 0 : size >> 1)
          for (let at = 0; at < pieces.length && tries < budget;) {
            const kept = [...pieces.slice(0, at), ...pieces.slice(at + size)];
            const c = { ...best, files: { ...best.files, [rel]: kept.join("") } };
            if (kept.length < pieces.length && (await still(c))) {
              best = c;
              pieces = kept;
              progress = true;
            } else at += size;
          }
      }
  }
  return best;
}

/**
 * A failure or dropped fix kept for the report, with its (minimized) scenario.
 * @typedef {{
 *   kind: string, rule: string, detail: string, case: number, scenario: FixScenario,
 *   fixed?: Record<string, string>, dropKind?: string,
 * }} Reproducer
 */

/**
 * Runs `numRuns` generated services through the fixer, each with `check`. Never throws on a
 * failure: returns the counts and up to `maxReproducers` minimized failures (and as many
 * dropped fixes) to print, each minimized within `minimizeTries` runs. A case that takes longer
 * than `timeoutMs` is a crash (a hang); its reproducer is minimized with `hangMs`, a shorter limit.
 * @param {{
 *   check: FixCheck, numRuns: number, seed?: number, maxReproducers?: number, minimizeTries?: number,
 *   timeoutMs?: number, hangMs?: number, onProgress?: (done: number, stats: any) => void,
 * }} o
 */
export async function checkFixing({
  check,
  numRuns,
  seed,
  maxReproducers = 5,
  minimizeTries = 3000,
  timeoutMs = 10_000,
  hangMs = 3_000,
  onProgress = undefined,
}) {
  const t0 = performance.now();
  const count = (map, key, n = 1) => map.set(key, (map.get(key) ?? 0) + n);
  const stats = {
    seed,
    cases: 0,
    seconds: 0,
    minimizeSeconds: 0,
    lints: 0,
    casesWithFixable: 0,
    fixable: new Map(),
    applied: new Map(),
    changedCases: 0,
    changedFiles: new Map(),
    dropped: new Map(),
    droppedWhy: new Map(),
    failures: { parse: 0, idempotence: 0, crash: 0, stale: 0 },
    failuresByRule: new Map(),
    maxPasses: 0,
    /** @type {Reproducer[]} */
    reproducers: [],
    /** @type {Reproducer[]} */
    droppedReproducers: [],
  };
  /** @type {Reproducer[]} */
  const pending = [];
  /** @type {Reproducer[]} */
  const pendingDrops = [];
  const sigOf = (p) => `${p.kind} ${p.rule} ${p.dropKind ?? ""}`;
  /**
   * Keeps `p` for the report: distinct failures first; a failure seen before while there is room,
   * and then only until a new one needs its place.
   * @param {Reproducer} p
   */
  const keep = (p) => {
    const list = p.kind === "dropped" ? pendingDrops : pending;
    const sig = sigOf(p);
    if (list.some((q) => sigOf(q) === sig)) {
      if (list.length < maxReproducers && p.kind !== "dropped") list.push(p);
      return;
    }
    if (list.length < maxReproducers) list.push(p);
    else {
      // The last one whose failure is kept already.
      for (let i = list.length - 1; i > 0; i--)
        if (list.findIndex((o) => sigOf(o) === sigOf(list[i])) !== i) {
          list[i] = p;
          break;
        }
    }
  };
  const property = fc.asyncProperty(fixScenario, async (s) => {
    const index = stats.cases++;
    if (onProgress && stats.cases % 5000 === 0) onProgress(stats.cases, stats);
    const r = await check(s, timeoutMs);
    if (r === "hang") {
      stats.failures.crash++;
      count(stats.failuresByRule, `crash ${HANG}`);
      keep({
        kind: "crash",
        rule: HANG,
        detail: `the case did not finish in ${timeoutMs / 1000} s`,
        case: index,
        scenario: s,
      });
      return;
    }
    stats.lints += r.lints;
    if (r.fixable.length > 0) stats.casesWithFixable++;
    for (const id of r.fixable) count(stats.fixable, id);
    for (const [id, n] of r.applied) count(stats.applied, id, n);
    if (r.changed.length > 0) stats.changedCases++;
    for (const f of r.changed) count(stats.changedFiles, f.startsWith("env/") ? "env/*" : f);
    stats.maxPasses = Math.max(stats.maxPasses, r.passes);
    for (const d of r.dropped) {
      count(stats.dropped, d.rule);
      count(stats.droppedWhy, `${d.rule}: ${d.kind}`);
      keep({
        kind: "dropped",
        rule: d.rule,
        detail: `${d.file}:${d.line}: ${d.reason}`,
        case: index,
        scenario: s,
        dropKind: d.kind,
      });
    }
    for (const f of r.failures) {
      stats.failures[f.kind]++;
      count(stats.failuresByRule, `${f.kind} ${f.rule}`);
      keep({ ...f, case: index, scenario: s });
    }
  });
  await fc.assert(property, { numRuns, ...(seed !== undefined ? { seed } : {}) });
  stats.seconds = (performance.now() - t0) / 1000;
  for (const p of [...pending, ...pendingDrops]) {
    const hang = p.rule === HANG;
    const scenario = await minimize(
      p.scenario,
      async (c) => shows(p, await check(c, hang ? hangMs : timeoutMs)),
      // Every step of a hang's minimization that still hangs costs hangMs.
      hang ? Math.min(minimizeTries, 300) : minimizeTries,
    );
    const r = await check(scenario, timeoutMs);
    let detail = p.detail;
    if (r !== "hang" && p.kind === "dropped") {
      const d = r.dropped.find((x) => x.rule === p.rule && x.kind === p.dropKind);
      if (d) detail = `${d.file}:${d.line}: ${d.reason}`;
    } else if (r !== "hang") detail = r.failures.find((f) => f.kind === p.kind && f.rule === p.rule)?.detail ?? detail;
    const minimized = { ...p, detail, scenario, ...(r !== "hang" ? { fixed: r.fixed } : {}) };
    (p.kind === "dropped" ? stats.droppedReproducers : stats.reproducers).push(minimized);
  }
  stats.minimizeSeconds = (performance.now() - t0) / 1000 - stats.seconds;
  return stats;
}

/** The failures that make `npm run fuzz -- --fix` exit non-zero. */
export const fixFailures = (stats) =>
  stats.failures.parse + stats.failures.idempotence + stats.failures.crash + stats.failures.stale;

/** The report of a fix-mode run, as lines. */
export function formatFixReport(stats) {
  const table = (map) =>
    map.size === 0
      ? "none"
      : [...map]
          .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
          .map(([k, n]) => `${k} ${n}`)
          .join(", ");
  const sum = (map) => [...map.values()].reduce((a, b) => a + b, 0);
  const lines = [
    `fuzz --fix: ${stats.cases} cases in ${stats.seconds.toFixed(1)} s (seed ${stats.seed}), ${stats.lints} lints, at most ${stats.maxPasses} passes`,
    `  cases with a fixable finding: ${stats.casesWithFixable}; fixable findings by rule: ${table(stats.fixable)}`,
    `  fixes applied: ${sum(stats.applied)}, by rule: ${table(stats.applied)}`,
    `  cases changed: ${stats.changedCases}; changed files: ${sum(stats.changedFiles)} (${table(stats.changedFiles)})`,
    `  introduced parse errors: ${stats.failures.parse}`,
    `  non-idempotent cases: ${stats.failures.idempotence}`,
    `  crashes (throws, rule-error, hangs): ${stats.failures.crash}`,
    `  fixer reports differing from a fresh lint: ${stats.failures.stale}`,
    `  dropped fixes: ${sum(stats.dropped)}, by rule: ${table(stats.dropped)}`,
  ];
  if (stats.droppedWhy.size > 0) lines.push(`    why: ${table(stats.droppedWhy)}`);
  if (stats.failuresByRule.size > 0) lines.push(`  failures by kind and rule: ${table(stats.failuresByRule)}`);
  if (stats.reproducers.length + stats.droppedReproducers.length > 0)
    lines.push(`  reproducers minimized in ${stats.minimizeSeconds.toFixed(1)} s`);
  const show = (title, list) => {
    for (const [i, p] of list.entries()) {
      lines.push("", `${title} ${i + 1}: ${p.kind} (${p.rule || "no rule"}), case ${p.case} of seed ${stats.seed}`);
      lines.push(`  ${p.detail}`);
      lines.push(`  options: ${JSON.stringify(p.scenario.options)}`);
      if (Object.keys(p.scenario.dirs).length > 0)
        lines.push(
          `  directories: ${Object.entries(p.scenario.dirs)
            .map(([d, m]) => `${d} ${m.toString(8)}`)
            .join(", ")}`,
        );
      for (const [file, text] of Object.entries(p.scenario.outside)) lines.push(`  ${file}: ${JSON.stringify(text)}`);
      for (const [rel, text] of Object.entries(p.scenario.files)) lines.push(`  ${rel}: ${JSON.stringify(text)}`);
      if (p.fixed)
        for (const [rel, text] of Object.entries(p.fixed))
          if (text !== p.scenario.files[rel]) lines.push(`  fixed ${rel}: ${JSON.stringify(text)}`);
    }
  };
  show("failure", stats.reproducers);
  show("dropped fix", stats.droppedReproducers);
  return lines;
}
