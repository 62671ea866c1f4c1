import rule from "../../src/rules/setuidgid-last.js";
import { runRuleTests } from "../helpers.js";

const sh = (body: string): string => `#!/bin/sh\n${body}\n`;

runRuleTests(rule, {
  valid: [
    { name: "envdir before setuidgid", run: sh("exec envdir ./env setuidgid app /usr/bin/app") },
    {
      name: "setlock and envdir before the drop",
      run: sh("exec setlock -n /run/app.lock envdir ./env setuidgid app app"),
    },
    {
      name: "softlimit after setuidgid (it clamps to the hard limit, root or not)",
      run: sh("exec setuidgid app softlimit -m 100000000 /usr/bin/app"),
    },
    {
      name: "chpst -u with -e: chpst reads the env dir before switching",
      run: sh("exec chpst -u app -e ./env /usr/bin/app"),
    },
    { name: "s6-envdir before s6-setuidgid", run: sh("exec s6-envdir ./env s6-setuidgid app app") },
    { name: "no privilege drop at all", run: sh("exec envdir ./env /usr/bin/app") },
    {
      name: "setuidgid's account named envdir is an operand, not a program",
      run: sh("exec setuidgid envdir /usr/bin/app"),
    },
    {
      name: "a daemon argument that looks like a chain-loader",
      run: sh("exec setuidgid app /usr/bin/app envdir ./env"),
    },
    { name: "separate commands do not chain", run: sh("setuidgid app true\nexec envdir ./env /usr/bin/app") },
    {
      name: "live: the service's env dir is readable by everyone (0755), so envdir works as app",
      files: {
        run: sh("exec setuidgid app envdir ./env /usr/bin/app"),
        env: { dir: true, mode: 0o755 },
        "env/PORT": "80",
      },
    },
  ],
  invalid: [
    {
      name: "containers: su-exec before envdir",
      run: sh("exec su-exec app envdir ./env /usr/bin/app"),
      errors: [{ messageId: "afterDrop", line: 2, fix: "safe" }],
      output: sh("exec envdir ./env su-exec app /usr/bin/app"),
    },
    {
      name: "runit: tcpsvd -u before envdir",
      run: sh("exec tcpsvd -u app 0 80 envdir ./env httpd"),
      // Moved before tcpsvd, envdir reads ./env once at start instead of for each connection.
      errors: [{ messageId: "afterDrop", line: 2, fix: "unsafe" }],
      output: sh("exec envdir ./env tcpsvd -u app 0 80 httpd"),
    },
    {
      name: "envdir after setuidgid",
      run: sh("exec setuidgid app envdir ./env /usr/bin/app"),
      errors: [
        {
          messageId: "afterDrop",
          // The program after the drop, not the dropper.
          line: 2,
          column: 20,
          endLine: 2,
          endColumn: 26,
          includes: "`envdir ./env setuidgid app …`",
          data: {
            program: "envdir",
            dropper: "setuidgid",
            why: "reads its directory, which holds secrets and should be private to root (0700)",
            account: "app",
            fixed: "envdir ./env setuidgid app",
          },
          fix: "safe",
        },
      ],
      output: sh("exec envdir ./env setuidgid app /usr/bin/app"),
    },
    {
      name: "without exec",
      run: sh("setuidgid app envdir ./env /usr/bin/app"),
      errors: [{ messageId: "afterDrop", line: 2 }],
      output: sh("envdir ./env setuidgid app /usr/bin/app"),
    },
    {
      name: "quoted and variable arguments",
      run: sh('U=app\nexec setuidgid "$U" envdir "./env" /usr/bin/app'),
      errors: [{ messageId: "afterDrop", line: 3, includes: 'as `"$U"`' }],
      output: sh('U=app\nexec envdir "./env" setuidgid "$U" /usr/bin/app'),
    },
    {
      name: "after && ",
      run: sh("test -d ./env && exec setuidgid app envdir ./env app"),
      errors: [{ messageId: "afterDrop", line: 2 }],
      output: sh("test -d ./env && exec envdir ./env setuidgid app app"),
    },
    {
      name: "inside if",
      run: sh("if [ -d ./env ]; then\n  exec setuidgid app envdir ./env app\nfi"),
      errors: [{ messageId: "afterDrop", line: 3 }],
      output: sh("if [ -d ./env ]; then\n  exec envdir ./env setuidgid app app\nfi"),
    },
    {
      name: "full path to setuidgid",
      run: sh("exec /usr/bin/setuidgid app /usr/bin/envdir ./env app"),
      errors: [
        {
          messageId: "afterDrop",
          line: 2,
          column: 29,
          endLine: 2,
          endColumn: 44,
          data: {
            program: "envdir",
            dropper: "setuidgid",
            why: "reads its directory, which holds secrets and should be private to root (0700)",
            account: "app",
            fixed: "/usr/bin/envdir ./env /usr/bin/setuidgid app",
          },
        },
      ],
      output: sh("exec /usr/bin/envdir ./env /usr/bin/setuidgid app app"),
    },
    {
      name: "setlock after setuidgid",
      run: sh("exec setuidgid app setlock /run/app.lock app"),
      errors: [{ messageId: "afterDrop", includes: "lock file", fix: "safe" }],
      output: sh("exec setlock /run/app.lock setuidgid app app"),
    },
    {
      name: "setuidgid twice",
      run: sh("exec setuidgid app setuidgid other app"),
      // Which account was meant is for a person to say.
      errors: [{ messageId: "afterDrop", fix: "none" }],
    },
    {
      name: "envuidgid after setuidgid",
      run: sh("exec setuidgid app envuidgid other app"),
      errors: [{ messageId: "afterDrop", fix: "safe" }],
      output: sh("exec envuidgid other setuidgid app app"),
    },
    {
      name: "chroot after setuidgid",
      run: sh("exec setuidgid app chroot /srv/jail app"),
      // Before the chroot, setuidgid would have to exist inside the jail: not moved.
      errors: [{ messageId: "afterDrop", fix: "none" }],
    },
    {
      name: "two programs after the drop: both reported",
      run: sh("exec setuidgid app envdir ./env setlock /run/l app"),
      // envdir, then setlock.
      // setlock is not moved over envdir at first (their order is the author's); once envdir is moved, it is.
      errors: [
        { messageId: "afterDrop", line: 2, column: 20, endLine: 2, endColumn: 26, fix: "safe" },
        { messageId: "afterDrop", line: 2, column: 33, endLine: 2, endColumn: 40, fix: "none" },
      ],
      output: sh("exec envdir ./env setlock /run/l setuidgid app app"),
    },
    {
      name: "runit: envdir after chpst -u",
      run: sh("exec chpst -u app envdir ./env /usr/bin/app"),
      errors: [{ messageId: "afterDrop", includes: "as `app`", fix: "safe" }],
      output: sh("exec envdir ./env chpst -u app /usr/bin/app"),
    },
    {
      name: "s6: s6-envdir after s6-setuidgid",
      run: sh("exec s6-setuidgid app s6-envdir ./env app"),
      errors: [{ messageId: "afterDrop" }],
      output: sh("exec s6-envdir ./env s6-setuidgid app app"),
    },
    {
      name: "live: a private env dir (0700) fails after the drop",
      files: {
        run: sh("exec setuidgid app envdir ./env /usr/bin/app"),
        env: { dir: true, mode: 0o700 },
        "env/PORT": "80",
      },
      errors: [{ messageId: "afterDrop", certainty: "proven", fix: "safe" }],
      output: sh("exec envdir ./env setuidgid app /usr/bin/app"),
    },
    {
      name: "a shared env dir outside the service: a risk, not a certain failure",
      run: sh("exec s6-setuidgid app s6-envdir /etc/env-network app"),
      errors: [
        {
          messageId: "sharedEnvDir",
          severity: "info",
          certainty: "conditional",
          includes: "if `/etc/env-network` is private",
          // The failure is a condition: so is the fix.
          fix: "unsafe",
        },
      ],
      output: sh("exec s6-envdir /etc/env-network s6-setuidgid app app"),
    },
    {
      name: "softlimit options are skipped correctly",
      run: sh("exec setuidgid app softlimit -m 1000 -o 20 envdir ./env app"),
      errors: [{ messageId: "afterDrop", fix: "safe" }],
      // softlimit stays after the drop, where it was.
      output: sh("exec envdir ./env setuidgid app softlimit -m 1000 -o 20 app"),
    },
    {
      name: "continued lines keep their layout",
      run: sh("exec setuidgid app \\\n  envdir ./env \\\n  /usr/bin/app --foreground"),
      errors: [{ messageId: "afterDrop", line: 3, fix: "safe" }],
      output: sh("exec envdir ./env \\\n  setuidgid app \\\n  /usr/bin/app --foreground"),
    },
    {
      name: "runuser -u with --",
      run: sh("exec runuser -u app -- envdir ./env /usr/bin/app"),
      errors: [{ messageId: "afterDrop", fix: "safe" }],
      output: sh("exec envdir ./env runuser -u app -- /usr/bin/app"),
    },
    {
      name: "s6-envdir's options move with it",
      run: sh("exec s6-setuidgid app s6-envdir -I ./env app"),
      errors: [{ messageId: "afterDrop", fix: "safe" }],
      output: sh("exec s6-envdir -I ./env s6-setuidgid app app"),
    },
    {
      name: "execline: one program a line",
      run: "#!/command/execlineb -P\nfdmove -c 2 1\ns6-setuidgid app\ns6-envdir ./env\napp --foreground\n",
      errors: [{ messageId: "afterDrop", line: 4, column: 1, fix: "safe" }],
      output: "#!/command/execlineb -P\nfdmove -c 2 1\ns6-envdir ./env\ns6-setuidgid app\napp --foreground\n",
    },
    {
      name: "execline: inside a block",
      run: "#!/command/execlineb -P\nforeground { s6-setuidgid app s6-setlock /run/app.lock migrate }\napp\n",
      errors: [{ messageId: "afterDrop", fix: "safe" }],
      output: "#!/command/execlineb -P\nforeground { s6-setlock /run/app.lock s6-setuidgid app migrate }\napp\n",
    },
    {
      name: "execline: a shared env dir and importas after it (skarnet's taiclockd)",
      run:
        "#!/command/execlineb -P\nfdmove -c 2 1\ns6-setuidgid tai\ns6-envdir /etc/env-network\n" +
        "importas -i ETH0_IP4 ETH0_IP4\ns6-taiclockd -i ${ETH0_IP4}\n",
      errors: [{ messageId: "sharedEnvDir", severity: "info", fix: "unsafe" }],
      output:
        "#!/command/execlineb -P\nfdmove -c 2 1\ns6-envdir /etc/env-network\ns6-setuidgid tai\n" +
        "importas -i ETH0_IP4 ETH0_IP4\ns6-taiclockd -i ${ETH0_IP4}\n",
    },
    {
      name: "execline: builtins between the drop and s6-envdir are not crossed",
      // cd and emptyenv change what s6-envdir reads and keeps: moving it over them changes the service.
      run: "#!/command/execlineb -P\ns6-setuidgid app\ncd /srv/app\nemptyenv -p\ns6-envdir ./env\napp\n",
      errors: [{ messageId: "afterDrop", fix: "none" }],
    },
    {
      name: "execline: a block between the drop and s6-envdir is not crossed",
      run: "#!/command/execlineb -P\ns6-setuidgid app\nforeground { echo starting }\ns6-envdir ./env\napp\n",
      errors: [{ messageId: "afterDrop", fix: "none" }],
    },
    {
      name: "execline: a comment between is not moved",
      run: "#!/command/execlineb -P\ns6-setuidgid app\n# the secrets\ns6-envdir ./env\napp\n",
      errors: [{ messageId: "afterDrop", fix: "none" }],
    },
    {
      name: "chpst -u with -e and envdir: the two env dirs' order is the author's",
      run: sh("exec chpst -u app -e ./defaults envdir ./env app"),
      errors: [{ messageId: "afterDrop", fix: "none" }],
    },
    {
      name: "chpst -u with -/: envdir's path is read inside the new root",
      run: sh("exec chpst -u app -/ /srv/jail envdir ./env app"),
      errors: [{ messageId: "afterDrop", fix: "none" }],
    },
    {
      name: "chpst -e after the drop: moved",
      run: sh("exec setuidgid app chpst -e ./env app"),
      errors: [{ messageId: "afterDrop", fix: "safe" }],
      output: sh("exec chpst -e ./env setuidgid app app"),
    },
    {
      name: "chpst -b after the drop names the daemon's argv[0]: not moved",
      run: sh("exec setuidgid app chpst -b appd -e ./env app"),
      errors: [{ messageId: "afterDrop", fix: "none" }],
    },
    {
      name: "chpst -/ after the drop: setuidgid would run inside the new root",
      run: sh("exec setuidgid app chpst -/ /srv/jail app"),
      errors: [{ messageId: "afterDrop", fix: "none" }],
    },
    {
      name: "env between the drop and envdir: which variable wins would change",
      run: sh("exec setuidgid app env PORT=80 envdir ./env app"),
      errors: [{ messageId: "afterDrop", fix: "none" }],
    },
    {
      name: "tcpserver -u before the drop: two account switches, the order is a person's call",
      run: sh("exec tcpserver -u 1000 -g 1000 0 80 setuidgid app envdir ./env app"),
      errors: [{ messageId: "afterDrop", fix: "none" }],
    },
    {
      name: "tcpserver -u after the drop switches accounts itself: not moved",
      run: sh("exec setuidgid app tcpserver -u 1000 -g 1000 0 80 app"),
      errors: [{ messageId: "afterDrop", fix: "none" }],
    },
    {
      name: "a redirection between the words: not moved",
      run: sh("exec setuidgid app 2>/dev/null envdir ./env app"),
      errors: [{ messageId: "afterDrop", fix: "none" }],
    },
  ],
});
