import rule from "../../src/rules/log-run-present.js";
import { MULTILOG_LOG_RUN, runRuleTests } from "../helpers.js";

const RUN = "#!/bin/sh\nexec app\n";

runRuleTests(rule, {
  valid: [
    { name: "log/run present and executable", files: { run: RUN, "log/run": MULTILOG_LOG_RUN } },
    {
      name: "log is a symlink to a logger directory",
      files: { run: RUN, "../shared-log/run": MULTILOG_LOG_RUN, log: { symlink: "../shared-log" } },
    },
    {
      name: "log/run is a symlink to an executable file",
      files: {
        run: RUN,
        "log/real-run": { content: MULTILOG_LOG_RUN, mode: 0o755 },
        "log/run": { symlink: "real-run" },
      },
    },
    {
      name: "log/run not executable is run-executable's finding, not this rule's",
      files: { run: RUN, "log/run": { content: MULTILOG_LOG_RUN, mode: 0o644 } },
    },
    {
      name: "a Debian dh-runit template: empty log/ with .meta/logscript",
      files: { run: RUN, "log/": { dir: true }, ".meta/logscript": "", ".meta/pkg": "runit-services\n" },
    },
    {
      name: "exec 1>&2: output sent to the supervisor on purpose (Debian's cron)",
      files: { run: "#!/bin/sh\nexec 1>&2\nexec cron -f\n" },
    },
    {
      name: "a logger service itself (runit's shared svlogd) needs no log/",
      files: { run: "#!/bin/sh\nexec chpst -u _runit-log svlogd -tt /var/log/runit/x\n" },
    },
    {
      name: "in a checkout, an absolute link to a shared logger",
      context: "repo",
      files: { run: RUN, log: { symlink: "/etc/sv/no-such-shared-log" } },
    },
    {
      name: "a container image: output goes to the container's log",
      files: { run: RUN },
      repo: { Dockerfile: "FROM alpine\nCOPY sv /etc/service\n" },
    },
    {
      name: "s6-overlay v3: the catch-all logger",
      files: { run: RUN, type: "longrun\n" },
      repo: {},
      at: "root/etc/s6-overlay/s6-rc.d/svc",
    },
    {
      name: "s6-overlay v2 services.d",
      files: { run: "#!/usr/bin/with-contenv sh\nexec app\n" },
      repo: {},
      at: "root/etc/services.d/svc",
    },
    {
      name: "xbps-src: vsv adds log/run at build time",
      files: { run: RUN },
      repo: { "srcpkgs/app/template": "pkgname=app\npost_install() {\n\tvsv app\n}\n" },
      at: "srcpkgs/app/files/app",
    },
    { name: "a getty owns its terminal", files: { run: "#!/bin/sh\nexec agetty 38400 tty1 linux\n" } },
    { name: "output sent to /dev/null on purpose", files: { run: "#!/bin/sh\nexec app >/dev/null 2>&1\n" } },
    {
      name: "a trailing cmd 1>&2 sends output to the supervisor on purpose",
      files: { run: "#!/bin/sh\nexec app 1>&2\n" },
    },
  ],
  invalid: [
    {
      name: "checkout: an empty log file is a marker the package turns into a logger: a note",
      files: { run: RUN, log: "" },
      repo: {
        "runit-9999.ebuild":
          'for service in *; do\n  [ -f "${service}"/log ] && dosym /etc/runit/logger.sh /etc/runit/runsvdir/all/"${service}"/log/run\ndone\n',
      },
      errors: [{ messageId: "notDir", severity: "info", certainty: "conditional" }],
    },
    {
      name: "checkout: the package build links every log/run (debian/rules): a note",
      files: { run: RUN, "log/": { dir: true } },
      repo: {
        "debian/rules":
          "override_dh_install:\n\tfind debian/pkg/etc -name log -type d | while read i; do ln -sv /lib/pkg/common-log $$i/run; done\n",
      },
      errors: [{ messageId: "noRun", severity: "info", certainty: "conditional" }],
    },
    {
      name: "no log directory: a note, since most trees log elsewhere on purpose",
      files: { run: RUN },
      errors: [
        {
          messageId: "noLog",
          // About the directory, so at the start of `run`.
          file: "run",
          line: 1,
          column: 1,
          endLine: 1,
          endColumn: 1,
          severity: "info",
          certainty: "conditional",
          data: { logger: "exec setuidgid log multilog t ./main" },
        },
      ],
    },
    {
      name: "log/ holds a script under another name (a link meant as run)",
      files: { run: RUN, "log/rsvlog": { symlink: "/usr/bin/rsvlog" } },
      errors: [{ messageId: "otherRun", includes: "`rsvlog`" }],
    },
    {
      name: "log/ without run",
      files: { run: RUN, "log/main": { dir: true } },
      errors: [{ messageId: "noRun", file: "run" }],
    },
    {
      name: "empty log/ without the dh-runit flag",
      files: { run: RUN, "log/": { dir: true }, ".meta/pkg": "x\n" },
      errors: [{ messageId: "noRun" }],
    },
    {
      name: "runit service: the advice names svlogd",
      files: { run: "#!/bin/sh\nexec chpst -u app app\n" },
      errors: [
        {
          messageId: "noLog",
          severity: "info",
          includes: "svlogd",
          data: { logger: "exec chpst -u log svlogd -tt ./main" },
        },
      ],
    },
    {
      name: "s6 service: the advice names s6-log",
      files: { run: "#!/command/execlineb -P\ns6-setuidgid app app\n" },
      errors: [{ messageId: "noLog", severity: "info", includes: "s6-log" }],
    },
    {
      name: "log is a file",
      files: { run: RUN, log: "not a directory" },
      errors: [{ messageId: "notDir", includes: "regular file" }],
    },
    {
      name: "log is a dangling symlink",
      files: { run: RUN, log: { symlink: "/nonexistent/logger" } },
      errors: [
        {
          messageId: "dangling",
          file: "run",
          line: 1,
          column: 1,
          endLine: 1,
          endColumn: 1,
          includes: "/nonexistent/logger",
          data: { target: "/nonexistent/logger" },
        },
      ],
    },
    {
      name: "log/run is a directory",
      files: { run: RUN, "log/run": { dir: true } },
      errors: [{ messageId: "runNotFile", includes: "directory" }],
    },
    {
      name: "log/run is a FIFO",
      files: { run: RUN, "log/run": { fifo: true } },
      errors: [{ messageId: "runNotFile", includes: "FIFO" }],
    },
  ],
});
