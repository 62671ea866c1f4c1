import rule from "../../src/rules/inline-secrets.js";
import { findings, lintWith, makeService, runRuleTests } from "../helpers.js";

const SECRET = "s3cr3t-marker-value";

runRuleTests(rule, {
  valid: [
    {
      name: "a variable named like a password holding options",
      run: '#!/bin/sh\nVNC_PASS="-nopw"\nexec x11vnc $VNC_PASS\n',
    },
    {
      name: "a password read from stdin (-)",
      run: "#!/bin/sh\nexec syncthing serve --gui-password=- < /run/secrets/gui\n",
    },
    { name: "a marker for no password", run: '#!/bin/sh\nPASSWORD="empty"\nexec app\n' },
    { name: "from the environment (env dir)", run: '#!/bin/sh\nexec envdir ./env app --password "$DB_PASSWORD"\n' },
    { name: "a path to the secret", run: "#!/bin/sh\nPASSWORD_FILE=/run/secrets/db\nexport PASSWORD_FILE\nexec app\n" },
    { name: "a key file option", run: "#!/bin/sh\nexec app --private-key /etc/app/key.pem\n" },
    { name: "a variable reference", run: "#!/bin/sh\nTOKEN=$(cat /etc/app/token)\nexec app\n" },
    { name: "a token length, not a token", run: "#!/bin/sh\nTOKEN_LENGTH=32\nexec app\n" },
    { name: "empty", run: "#!/bin/sh\nPASSWORD=\nexec app\n" },
    { name: "an unrelated name", run: "#!/bin/sh\nPASSAGE=north\nexec app --port 80\n" },
    {
      name: "s6: s6-envdir",
      run: "#!/command/execlineb -P\ns6-envdir ./env\nimportas -i TOKEN TOKEN\napp --token $TOKEN\n",
    },
  ],
  invalid: [
    {
      name: "daemontools: PASSWORD=literal",
      run: `#!/bin/sh\nDB_PASSWORD='${SECRET}'\nexport DB_PASSWORD\nexec app\n`,
      errors: [
        {
          messageId: "variable",
          // The whole assignment, quotes and all.
          line: 2,
          column: 1,
          endLine: 2,
          endColumn: 34,
          includes: "envdir ./env",
          data: { name: "DB_PASSWORD", file: "run", envdir: "envdir ./env" },
        },
      ],
    },
    {
      name: "export TOKEN=literal",
      run: `#!/bin/sh\nexport API_TOKEN=${SECRET}\nexec app\n`,
      // The assignment after `export`.
      errors: [{ messageId: "variable", includes: "`API_TOKEN`", line: 2, column: 8, endLine: 2, endColumn: 37 }],
    },
    {
      name: "prefix assignment",
      run: `#!/bin/sh\nDB_PASSWORD=${SECRET} exec app\n`,
      errors: [{ messageId: "variable" }],
    },
    {
      name: "env NAME=literal",
      run: `#!/bin/sh\nexec env SECRET_KEY=${SECRET} app\n`,
      errors: [{ messageId: "variable", includes: "`SECRET_KEY`" }],
    },
    {
      name: "runit: --password=literal",
      run: `#!/bin/sh\nexec chpst -u app app --password=${SECRET}\n`,
      errors: [
        {
          messageId: "option",
          // The option word that holds the value.
          line: 2,
          column: 23,
          endLine: 2,
          endColumn: 53,
          includes: "chpst -e ./env",
          data: { option: "--password", envdir: "chpst -e ./env" },
        },
      ],
    },
    {
      name: "redis --requirepass literal",
      run: `#!/bin/sh\nexec redis-server --requirepass ${SECRET} --daemonize no\n`,
      errors: [{ messageId: "option", includes: "--requirepass" }],
    },
    {
      name: "s6: execline export",
      run: `#!/command/execlineb -P\nexport AUTH_TOKEN ${SECRET}\napp\n`,
      logRun: "#!/command/execlineb -P\ns6-setuidgid nobody s6-log t ./main\n",
      errors: [{ messageId: "variable", includes: "s6-envdir ./env" }],
    },
  ],
});

describe("inline-secrets never repeats the value", () => {
  it("in any message", () => {
    const dir = makeService({ run: `#!/bin/sh\nPASSWORD=${SECRET}\nexec app --token ${SECRET} --api-key=${SECRET}\n` });
    const f = findings(dir, lintWith(dir, [rule]));
    expect(f).toHaveLength(3);
    for (const x of f) expect(x.message).not.toContain(SECRET);
  });
});
