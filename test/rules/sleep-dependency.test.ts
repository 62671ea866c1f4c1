import rule from "../../src/rules/sleep-dependency.js";
import { runRuleTests } from "../helpers.js";

const PG = { "sv/postgres/run": "#!/bin/sh\nexec chpst -u postgres postgres -D /var/lib/postgres\n" };
const PIPEWIRE = { "sv/pipewire/run": "#!/bin/sh\nexec pipewire\n" };

runRuleTests(rule, {
  valid: [
    {
      name: "runit: sv start before the exec (the suite's own dependency)",
      run: "#!/bin/sh\nsv start postgres || exit 1\nexec chpst -u app app\n",
      repo: PG,
    },
    {
      name: "runit: sv check declares the dependency; the sleep after it is not judged",
      run: "#!/bin/sh\nsv check postgres >/dev/null || exit 1\nsleep 2\nexec app\n",
      repo: PG,
    },
    {
      name: "runit: a readiness loop after sv start names the same service",
      run: "#!/bin/sh\nsv start postgres || exit 1\nuntil pg_isready; do sleep 1; done\nexec app\n",
      repo: PG,
    },
    {
      name: "runit: a throttle after a failed check (`|| sleep 1`)",
      run: "#!/bin/sh\nsv check postgres >/dev/null || { sleep 1; exit 1; }\nexec app\n",
      repo: PG,
    },
    {
      name: "a sleep in finish is a restart throttle",
      files: { run: "#!/bin/sh\nexec app\n", finish: "#!/bin/sh\nsleep 5\n" },
      repo: PG,
    },
    {
      name: "a placeholder service that execs sleep",
      run: '#!/bin/sh\nif [ -z "$ENABLED" ]; then exec sleep infinity; fi\nexec app\n',
      repo: PG,
    },
    {
      name: "a periodic job: the loop is the service",
      run: "#!/bin/sh\nwhile true; do\n  pg_isready && backup\n  sleep 3600\ndone\n",
      repo: PG,
    },
    {
      name: "a loop on a device, not a service",
      run: "#!/bin/sh\nuntil [ -e /dev/ttyUSB0 ]; do sleep 1; done\nexec gpsd -N /dev/ttyUSB0\n",
      repo: PG,
    },
    {
      name: "a loop on another host: no dependency the suite can declare",
      run: "#!/bin/sh\nuntil nc -z db.example.com 5432; do sleep 1; done\nexec app\n",
      repo: PG,
    },
    {
      name: "a host held in the environment: not judged",
      run: '#!/bin/sh\nuntil nc -z "$DB_HOST" 5432; do sleep 1; done\nexec app\n',
      repo: PG,
    },
    {
      name: "a readiness loop in the background (the service's own readiness)",
      run: "#!/bin/sh\n( until nc -z localhost 8080; do sleep 1; done; echo >&3 ) &\nexec app --port 8080\n",
      repo: PG,
    },
    {
      name: "waiting for the daemon the script started itself",
      run: "#!/bin/sh\npostgres -D /data &\nuntil pg_isready; do sleep 1; done\npsql -c 'create database x'\nwait\n",
      repo: {},
      at: "sv/postgres",
    },
    {
      name: "s6-rc: the dependency is declared (dependencies.d); the loop waits for readiness",
      files: {
        run: "#!/command/with-contenv sh\nuntil pg_isready; do sleep 1; done\nexec app\n",
        type: "longrun\n",
        "dependencies.d/postgres": "",
      },
      repo: {
        "root/etc/s6-overlay/s6-rc.d/postgres/run": "#!/bin/sh\nexec postgres\n",
        "root/etc/s6-overlay/s6-rc.d/postgres/type": "longrun\n",
      },
      at: "root/etc/s6-overlay/s6-rc.d/app",
    },
    {
      name: "a sleep of more than a minute is a start delay (ntpd ten minutes after boot)",
      run: "#!/bin/sh\nsleep 600\nexec ntpd -n\n",
      repo: PG,
    },
    {
      name: "a run-once job that ends in touch starts no daemon",
      run: "#!/bin/sh\nsleep 2\nudevadm trigger\ntouch /run/triggered\n",
      repo: PG,
    },
    {
      name: "a sub-second settle pause",
      run: "#!/bin/sh\nsleep 0.2\nexec app\n",
      repo: PG,
    },
    {
      name: "execline: a restart delay at the end of the chain",
      run: "#!/command/execlineb -P\nforeground { ntpdate pool.ntp.org }\ns6-sleep 14400\n",
      repo: PG,
    },
    {
      name: "execline: a readiness loop in a background block",
      run: "#!/bin/execlineb -P\nbackground -d {\n  fdmove 1 3\n  loopwhilex -x 0\n  if { sleep 1 }\n  s6-ipcclient -Q /run/pulse/native\n  echo\n}\npulseaudio --daemonize=no\n",
      repo: PG,
    },
  ],
  invalid: [
    {
      name: "runit: until nc -z localhost 5432 waits for the sibling postgres",
      run: "#!/bin/sh\nuntil nc -z localhost 5432; do sleep 1; done\nexec chpst -u app app\n",
      repo: PG,
      errors: [{ messageId: "poll", line: 2, column: 7, endColumn: 27, includes: "`sv start postgres || exit 1`" }],
    },
    {
      name: "runit: while ! pg_isready",
      run: "#!/bin/sh\nwhile ! pg_isready -q; do\n  sleep 1\ndone\nexec app\n",
      repo: PG,
      errors: [{ messageId: "poll", line: 2, column: 9, includes: "`postgres` is down it waits forever" }],
    },
    {
      name: "a loop on a sibling's socket and process (pgrep)",
      run: '#!/bin/sh\ni=0\nwhile ! pgrep -x pipewire >/dev/null; do\n  i=$((i + 1))\n  [ "$i" -ge 10 ] && break\n  sleep 1\ndone\nexec wireplumber\n',
      repo: PIPEWIRE,
      errors: [
        { messageId: "poll", line: 3, includes: "is down the loop gives up and `wireplumber` starts without it" },
      ],
    },
    {
      name: "s6-overlay v3: the message names dependencies.d",
      files: {
        run: "#!/command/with-contenv bash\nuntil [[ -S /run/postgresql/.s.PGSQL.5432 ]] || pg_isready -h 127.0.0.1; do sleep 1; done\nexec app\n",
        type: "longrun\n",
      },
      repo: {
        "root/etc/s6-overlay/s6-rc.d/postgresql/run": "#!/bin/sh\nexec postgres\n",
        "root/etc/s6-overlay/s6-rc.d/postgresql/type": "longrun\n",
      },
      at: "root/etc/s6-overlay/s6-rc.d/app",
      errors: [{ messageId: "poll", includes: "`dependencies.d/postgresql`" }],
    },
    {
      name: "s6-overlay v2: s6-svwait in /var/run/s6/services",
      run: "#!/usr/bin/with-contenv sh\nuntil curl -fs http://localhost:8086/health; do sleep 5; done\nexec scrutiny start\n",
      repo: { "root/etc/services.d/influxdb/run": "#!/usr/bin/with-contenv sh\nexec influxd\n" },
      at: "root/etc/services.d/scrutiny",
      errors: [{ messageId: "poll", includes: "/var/run/s6/services/influxdb" }],
    },
    {
      name: "the daemon feeds a pipe: named by its first program",
      run: "#!/bin/sh\nwhile ! pidof xscreensaver; do sleep 0.1; done\nxscreensaver-command -watch | logger -t xss\n",
      repo: { "sv/xscreensaver/run": "#!/bin/sh\nexec xscreensaver -no-splash\n" },
      errors: [{ messageId: "poll", includes: "before `xscreensaver-command` starts" }],
    },
    {
      name: "s6-overlay v3's legacy services.d: /run/service, not dependencies.d",
      run: "#!/command/with-contenv sh\nuntil curl -fs http://localhost:8086/health; do sleep 5; done\nexec scrutiny start\n",
      repo: { "root/etc/services.d/influxdb/run": "#!/command/with-contenv sh\nexec influxd\n" },
      at: "root/etc/services.d/scrutiny",
      errors: [{ messageId: "poll", includes: "`s6-svwait -U -t 10000 /run/service/influxdb || exit 1`" }],
    },
    {
      name: "a local daemon that is no service of the tree: a conditional note",
      run: "#!/bin/sh\nuntil redis-cli ping; do sleep 1; done\nexec app\n",
      repo: PG,
      errors: [{ messageId: "pollLocal", severity: "info", certainty: "conditional" }],
    },
    {
      name: "runit: sleep 1, then a daemon that uses the sibling's socket",
      run: "#!/bin/sh\nsleep 1\nexec ./client ../dep/socket\n",
      repo: { "sv/dep/run": "#!/bin/sh\nexec dep\n" },
      errors: [
        {
          messageId: "sleepFor",
          line: 2,
          column: 1,
          endColumn: 8,
          certainty: "conditional",
          includes: "`sv start dep || exit 1`",
        },
      ],
    },
    {
      name: "a comment says what the sleep waits for",
      run: "#!/bin/sh\n# give postgres time to start\nsleep 5\nexec app\n",
      repo: PG,
      errors: [{ messageId: "sleepFor", line: 3, includes: "to give `postgres` time" }],
    },
    {
      name: "daemontools: svstat advice",
      run: "#!/bin/sh\n# wait for postgres\nsleep 3\nexec setuidgid app app\n",
      repo: PG,
      errors: [{ messageId: "sleepFor", includes: "svstat /service/postgres" }],
    },
    {
      name: "a fixed sleep with nothing to name it: a conditional note",
      run: "#!/bin/sh\nsleep 10\nexec chpst -u app app\n",
      repo: PG,
      errors: [{ messageId: "sleep", severity: "info", certainty: "conditional", includes: "`sv start SERVICE" }],
    },
    {
      name: "execline: foreground { sleep 2 } before the daemon, naming the sibling",
      run: "#!/command/execlineb -P\n# wait for postgres\nforeground { sleep 2 }\ns6-setuidgid app app\n",
      repo: PG,
      errors: [{ messageId: "sleepFor", line: 3, column: 14, includes: "s6-svwait -U" }],
    },
    {
      name: "execline: loopwhilex on the sibling's port",
      run: "#!/command/execlineb -P\nforeground { loopwhilex -x 0 if { sleep 1 } nc -z 127.0.0.1 5432 }\napp\n",
      repo: PG,
      errors: [{ messageId: "poll", line: 2, includes: "s6-svwait" }],
    },
  ],
});
