import rule from "../../src/rules/execline-block-daemon.js";
import { runRuleTests } from "../helpers.js";

const EL = "#!/command/execlineb -P\n";

runRuleTests(rule, {
  valid: [
    {
      name: "the daemon is the last program of the chain, after setup blocks",
      run: `${EL}foreground { mkdir -p /run/memcached }\nforeground { chown nobody /run/memcached }\nfdmove -c 2 1\nmemcached -u nobody\n`,
    },
    {
      name: "s6-overlay: setup in foreground blocks, s6-svwait, then the daemon",
      run: `${EL}foreground { s6-svwait -U /run/service/db }\nif { s6-rc -u change db }\nwith-contenv\ns6-setuidgid app nginx -g "daemon off;"\n`,
    },
    { name: "a config check in a block: nginx -t", run: `${EL}if { nginx -t }\nnginx -g "daemon off;"\n` },
    { name: "sshd -t before sshd -D", run: `${EL}if { /usr/sbin/sshd -t }\n/usr/sbin/sshd -D -e\n` },
    { name: "squid -z creates its cache, then exits", run: `${EL}foreground { squid -N -z }\nsquid -N\n` },
    { name: "postfix check runs once", run: `${EL}foreground { postfix check }\npostfix start-fg\n` },
    { name: "freshclam without -d updates once", run: `${EL}foreground { freshclam }\nclamd --foreground\n` },
    { name: "ntpd -q sets the clock once", run: `${EL}foreground { ntpd -q -g }\nchronyd -d\n` },
    { name: "--version prints and exits", run: `${EL}foreground { nginx --version }\nnginx -g "daemon off;"\n` },
    {
      name: "pg_ctl is a control program",
      run: `${EL}foreground { pg_ctl -w start }\nforeground { psql -f init.sql }\nforeground { pg_ctl stop }\npostgres\n`,
    },
    {
      name: "ifelse's second block is exec'd into: the daemon is the supervised process",
      run: `${EL}ifelse { test -r ./conf }\n{ fdmove -c 2 1 wpa_supplicant -c ./conf }\nfdmove -c 2 1 wpa_supplicant -c /etc/wpa_supplicant.conf\n`,
    },
    { name: "pipeline { daemon } logger: not judged", run: `${EL}pipeline { memcached -vv }\ns6-log t ./main\n` },
    { name: "tryexec's block is exec'd into", run: `${EL}tryexec { memcached -u nobody }\nmemcached -u daemon\n` },
    {
      name: "ifthenelse -s splices its branches into the chain",
      run: `${EL}ifthenelse -s { test -e ./fast }\n{ memcached -t 8 }\n{ memcached -t 2 }\n`,
    },
    {
      name: "a wrapper of the same name is not the daemon",
      run: `${EL}foreground { /etc/s6-overlay/scripts/nginx }\nsleep infinity\n`,
    },
    {
      name: "exec-daemon's own finding (a final foreground block after a redirection) is left to it",
      run: `${EL}fdmove -c 2 1\nforeground { memcached -u nobody }\n`,
    },
    {
      name: "a program named as the service in a block that does not end the run: setup",
      run: `${EL}foreground { app --migrate }\napp --serve\n`,
      repo: {},
      at: "sv/app",
    },
    {
      name: "the service's program checked in an if inside the final block",
      run: `${EL}foreground { if { app --check } echo checked }\n`,
      repo: {},
      at: "sv/app",
    },
    {
      name: "finish is not judged",
      files: { run: `${EL}memcached\n`, finish: `${EL}foreground { memcached }\nexit 0\n` },
    },
    { name: "a shell run is exec-daemon's", run: "#!/bin/sh\nmemcached &\nexec sleep infinity\n" },
  ],
  invalid: [
    {
      name: "s6: the daemon inside foreground, setup after it never runs while it lives",
      run: `${EL}foreground { mkdir -p /run/memcached }\nforeground { memcached -u nobody }\nforeground { echo stopped }\nexit 0\n`,
      errors: [
        {
          messageId: "inBlock",
          line: 3,
          column: 14,
          endLine: 3,
          endColumn: 33,
          data: {
            program: "memcached",
            builtin: "foreground",
            line: 3,
            stop: "s6-svc -d",
            then: " (then the rest of the chain)",
          },
        },
      ],
    },
    {
      name: "the chain ends in foreground { daemon } with no redirection before it",
      run: `${EL}foreground { /usr/sbin/sshd -D -e }\n`,
      errors: [{ messageId: "inBlock", line: 2, column: 14, includes: "waiting for it" }],
    },
    {
      name: "background { daemon } then another daemon: the first runs unsupervised",
      run: `${EL}background { dnsmasq -k }\nfdmove -c 2 1\nnginx -g "daemon off;"\n`,
      errors: [
        { messageId: "inBackground", line: 2, includes: "the rest of the chain, so `s6-svc -d` leaves `dnsmasq`" },
      ],
    },
    {
      name: "a final background block: run ends at once and copies pile up",
      run: `${EL}foreground { mkdir -p /run/redis }\nbackground { redis-server /etc/redis.conf }\n`,
      errors: [{ messageId: "inBackground", includes: "another copy of `redis-server` runs" }],
    },
    {
      name: "if { daemon }: nested in an exec'd ifelse branch",
      run: `${EL}ifelse { test -e ./conf }\n{ if { s6-setuidgid app memcached } echo done }\necho none\n`,
      errors: [
        {
          messageId: "inBlock",
          line: 3,
          data: {
            program: "memcached",
            builtin: "if",
            line: 3,
            stop: "s6-svc -d",
            then: " (then the rest of the chain)",
          },
        },
      ],
    },
    {
      name: "backtick's block runs as a child",
      run: `${EL}backtick -n PID { nginx -g "daemon off;" }\nimportas PID PID\ns6-pause\n`,
      errors: [
        {
          messageId: "inBlock",
          data: {
            program: "nginx",
            builtin: "backtick",
            line: 2,
            stop: "s6-svc -d",
            then: " (then the rest of the chain)",
          },
        },
      ],
    },
    {
      name: "runit: sv down signals foreground",
      files: {
        run: `#!/usr/bin/execlineb -P\nforeground { chpst -u nobody memcached }\nsleep 1\n`,
        "log/run": "#!/bin/sh\nexec svlogd -tt ./main\n",
        "log/main": { dir: true },
      },
      errors: [{ messageId: "inBlock", includes: "`sv down` leaves `memcached` running" }],
    },
    {
      name: "the program named as the service in the block the run ends in",
      run: `${EL}foreground { mkdir -p /run/app }\nforeground { s6-setuidgid app app --serve }\n`,
      repo: {},
      at: "sv/app",
      errors: [{ messageId: "inBlock", line: 3, includes: "`app` is started inside `foreground { … }` (line 3)" }],
    },
    {
      name: "freshclam -d is a daemon",
      run: `${EL}background { freshclam -d --foreground }\nclamd --foreground\n`,
      errors: [{ messageId: "inBackground" }],
    },
  ],
});
