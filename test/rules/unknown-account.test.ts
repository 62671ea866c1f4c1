// The rule tests judge against test/accounts.passwd (nobody and root are in it, svlint-no-such-user
// is not); the last tests use another file and the machine's own /etc/passwd.
import * as fs from "node:fs";
import * as path from "node:path";
import { lintService } from "../../src/engine/lint.js";
import rule from "../../src/rules/unknown-account.js";
import { readService } from "../../src/service.js";
import { svlint } from "../cli-helpers.js";
import { makeService, runRuleTests, tempDir, TEST_PASSWD } from "../helpers.js";

const NOUSER = "svlint-no-such-user";

runRuleTests(rule, {
  valid: [
    { name: "daemontools: an existing account", run: "#!/bin/sh\nexec setuidgid nobody app\n" },
    { name: "runit: chpst -u with a group", run: "#!/bin/sh\nexec chpst -u nobody:nogroup app\n" },
    { name: "runit: numeric ids", run: "#!/bin/sh\nexec chpst -u :65534:65534 app\n" },
    { name: "s6: s6-setuidgid nobody", run: "#!/command/execlineb -P\ns6-setuidgid nobody app\n" },
    {
      name: "chown to root and a numeric uid",
      run: "#!/bin/sh\nchown root /var/log/a\nchown 1000:1000 /var/log/b\nexec app\n",
    },
    { name: "a variable account is not judged", run: '#!/bin/sh\nexec setuidgid "$APPUSER" app\n' },
    {
      name: "in a checkout the machine's accounts say nothing",
      context: "repo",
      run: `#!/bin/sh\nexec setuidgid ${NOUSER} app\n`,
    },
  ],
  invalid: [
    {
      name: "daemontools: setuidgid",
      run: `#!/bin/sh\nexec setuidgid ${NOUSER} app\n`,
      errors: [
        {
          messageId: "unknown",
          // The account operand.
          line: 2,
          column: 16,
          endLine: 2,
          endColumn: 35,
          includes: "unknown account",
          data: {
            account: NOUSER,
            passwd: TEST_PASSWD,
            program: "setuidgid",
            failure: "`setuidgid: fatal: unknown account …` (exit 111)",
            consequence: "the program after it never starts and the supervisor retries every second",
          },
        },
      ],
    },
    {
      name: "runit: chpst -u user:group",
      run: `#!/bin/sh\nexec chpst -u ${NOUSER}:nogroup app\n`,
      // -u's whole value, group and all.
      errors: [{ messageId: "unknown", includes: "chpst: fatal", line: 2, column: 15, endLine: 2, endColumn: 42 }],
    },
    {
      name: "s6: s6-setuidgid in execline",
      run: `#!/command/execlineb -P\ns6-setuidgid ${NOUSER} app\n`,
      errors: [{ messageId: "unknown", includes: "s6-envuidgid: fatal" }],
    },
    {
      name: "chown -R user:group",
      logRun: `#!/bin/sh\nchown -R ${NOUSER}:${NOUSER} /var/log/a\nexec setuidgid nobody multilog t /var/log/a\n`,
      errors: [
        {
          messageId: "unknown",
          file: "log/run",
          line: 2,
          column: 10,
          endLine: 2,
          endColumn: 49,
          includes: "keep their old owner",
          data: {
            account: NOUSER,
            passwd: TEST_PASSWD,
            program: "chown",
            failure: "`chown: invalid user: …` (exit 1)",
            consequence: "the files keep their old owner",
          },
        },
      ],
    },
    {
      name: "install -d -o",
      logRun: `#!/bin/sh\ninstall -d -o ${NOUSER} /var/log/a\nexec setuidgid nobody multilog t /var/log/a\n`,
      errors: [{ messageId: "unknown", includes: "install" }],
    },
  ],
});

describe("unknown-account with another passwd database", () => {
  it("reads the file it is given, once", () => {
    const passwd = path.join(tempDir(), "passwd");
    fs.writeFileSync(passwd, "root:x:0:0::/root:/bin/sh\nmetrics:x:990:990::/nonexistent:/usr/sbin/nologin\n");
    const dir = makeService({
      run: "#!/bin/sh\nexec setuidgid metrics app\n",
      "log/run": "#!/bin/sh\nexec setuidgid nobody multilog t ./main\n",
    });
    const ids = lintService(readService(dir), { rules: [rule], passwdFile: passwd }).flatMap((r) =>
      r.messages.map((m) => `${path.relative(dir, r.filePath)}:${m.message.split("`")[1]}`),
    );
    expect(ids).toEqual(["log/run:nobody"]);
  });

  it("defaults to /etc/passwd on the command line, where nobody exists and svlint-no-such-user does not", () => {
    const ok = makeService({ run: "#!/bin/sh\nexec 2>&1\nexec setuidgid nobody app\n" });
    const bad = makeService({ run: `#!/bin/sh\nexec 2>&1\nexec setuidgid ${NOUSER} app\n` });
    const ids = (dir: string) =>
      (
        JSON.parse(svlint(["-f", "json", "--no-config", "--context", "live", dir], { passwd: null }).stdout) as Array<{
          messages: Array<{ ruleId: string }>;
        }>
      ).flatMap((r) => r.messages.map((m) => m.ruleId));
    expect(ids(ok)).not.toContain("unknown-account");
    expect(ids(bad)).toContain("unknown-account");
  });
});
