// @ts-check
// Generates a synthetic tree of N service directories with varied, realistic content: the seed
// situations, daemontools and runit styles, variables, env dirs, and some long scripts.
// Usage: node scripts/gen-tree.mjs DIR N
import * as fs from "node:fs";
import * as path from "node:path";

const RUNS = [
  (i) =>
    `#!/bin/sh\nexec 2>&1\nexec envdir ./env setuidgid app${i % 7} softlimit -m 200000000 /usr/local/bin/daemon${i} --foreground\n`,
  (i) =>
    `#!/bin/sh\n# runit style\nexec 2>&1\n[ -r ./conf ] && . ./conf\nexec chpst -u svc${i}:svc${i} -e ./env /usr/sbin/worker${i} -f \${OPTS:-}\n`,
  (i) =>
    `#!/bin/bash\nset -e\nPORT=\${PORT:-80${i % 100}}\nDATA=/srv/app${i}\nmkdir -p "$DATA"\nchown -R app:app "$DATA"\nif [ ! -f "$DATA/initialised" ]; then\n  /usr/bin/app-init --data "$DATA" >/var/log/init${i}.log 2>&1\n  touch "$DATA/initialised"\nfi\nexec setuidgid app envdir ./env /usr/bin/app --port "$PORT"\n`,
  (i) => `#!/bin/sh\nexec setuidgid app${i} envdir ./env /usr/bin/bad${i}\nexec 2>&1\n`,
  (i) => {
    // A long script: many setup steps, functions and a case.
    let s = `#!/bin/bash\nset -eu\nNAME=svc${i}\nlog() { echo "$NAME: $*" >&2; }\n`;
    for (let k = 0; k < 40; k++)
      s += `if [ -d /etc/${"conf"}${k} ]; then\n  cp /etc/conf${k}/a.conf /run/$NAME/${k}.conf || log "no conf ${k}"\nfi\n`;
    s += `case "\${MODE:-prod}" in\n  prod) ARGS="-q" ;;\n  dev) ARGS="-v" ;;\n  *) log bad mode; exit 1 ;;\nesac\nexec 2>&1\nexec setuidgid app /usr/bin/long${i} $ARGS\n`;
    return s;
  },
];
const LOGS = [
  (_i) => `#!/bin/sh\nexec setuidgid log multilog t s1048576 n10 ./main\n`,
  (i) =>
    `#!/bin/sh\nLOGDIR=/var/log/svc${i}\ninstall -d -m 0750 -o svclog "$LOGDIR"\nexec chpst -u svclog svlogd -tt "$LOGDIR"\n`,
  (i) =>
    `#!/bin/bash\nPATH=/usr/bin:/bin\nmkdir -p /var/log/m${i}\nchown -R m${i}:m${i}\nexec setuidgid m${i} multilog t s10485760 n5 '!tai64nlocal' /var/log/m${i}\n`,
  (i) => `#!/bin/sh\nexec cat >> /var/log/c${i}.log\n`,
];

const [dir, nArg] = process.argv.slice(2);
const n = Number(nArg);
if (!dir || !Number.isInteger(n)) {
  console.error("usage: node scripts/gen-tree.mjs DIR N");
  process.exit(2);
}
for (let i = 0; i < n; i++) {
  const svc = path.join(dir, `svc${String(i).padStart(5, "0")}`);
  fs.mkdirSync(path.join(svc, "log"), { recursive: true });
  fs.writeFileSync(path.join(svc, "run"), RUNS[i % RUNS.length](i), { mode: 0o755 });
  fs.writeFileSync(path.join(svc, "log/run"), LOGS[i % LOGS.length](i), { mode: 0o755 });
  if (i % 3 === 0) {
    fs.mkdirSync(path.join(svc, "env"), { mode: 0o700 });
    fs.writeFileSync(path.join(svc, "env/DB_URL"), `postgres://db${i}/app\n`, { mode: 0o600 });
    fs.writeFileSync(path.join(svc, "env/WORKERS"), "4\n", { mode: 0o644 });
  }
}
