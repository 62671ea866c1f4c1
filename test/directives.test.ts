// Inline suppressions: `# svlint disable=…` on its own line.
import { RULES } from "../src/rules/index.js";
import { lintService } from "../src/engine/lint.js";
import { readService } from "../src/service.js";
import { findings, makeService, TEST_PASSWD } from "./helpers.js";

const LOG = "#!/bin/sh\nexec setuidgid nobody multilog t ./main\n";

function lintRun(run: string, opts: { inlineConfig?: boolean; reportUnusedDirectives?: boolean } = {}) {
  const dir = makeService({ run, "log/run": LOG });
  return findings(dir, lintService(readService(dir), { rules: RULES, passwdFile: TEST_PASSWD, ...opts })).map(
    (f) => `${f.line}:${f.ruleId}`,
  );
}

describe("inline directives", () => {
  const twoBad = "exec 2>&1\nsetuidgid a envdir ./e true\nexec setuidgid a envdir ./e app\n";

  it("without a directive both findings show", () => {
    expect(lintRun(`#!/bin/sh\n${twoBad}`)).toEqual(["3:setuidgid-last", "4:setuidgid-last"]);
  });

  it("applies to the next command only", () => {
    expect(
      lintRun(
        "#!/bin/sh\nexec 2>&1\n# svlint disable=setuidgid-last -- env is owned by a\nsetuidgid a envdir ./e true\nexec setuidgid a envdir ./e app\n",
      ),
    ).toEqual(["5:setuidgid-last"]);
  });

  it("before the first command applies to the whole file", () => {
    expect(lintRun(`#!/bin/sh\n# svlint disable=setuidgid-last\n${twoBad}`)).toEqual([]);
  });

  it("disable=all, and a list of ids", () => {
    expect(lintRun(`#!/bin/sh\n# svlint disable=all\n${twoBad}`)).toEqual([]);
    expect(lintRun(`#!/bin/sh\n# svlint disable=chown-target,setuidgid-last\n${twoBad}`)).toEqual([]);
  });

  it("another rule's id suppresses nothing", () => {
    expect(lintRun(`#!/bin/sh\n# svlint disable=chown-target\n${twoBad}`)).toEqual([
      "4:setuidgid-last",
      "5:setuidgid-last",
    ]);
  });

  it("covers a whole compound statement that follows it", () => {
    expect(
      lintRun(
        "#!/bin/sh\nexec 2>&1\n# svlint disable=setuidgid-last\nif true; then\n  exec setuidgid a envdir ./e app\nfi\n",
      ),
    ).toEqual([]);
  });

  it("must be on a line of its own", () => {
    expect(lintRun("#!/bin/sh\nexec 2>&1\nexec setuidgid a envdir ./e app # svlint disable=setuidgid-last\n")).toEqual([
      "3:setuidgid-last",
    ]);
  });

  it("suppresses a directory-level finding anchored at run line 1 when file-wide", () => {
    const dir = makeService({ run: "#!/bin/sh\n# svlint disable=log-run-present -- logs to syslog\nexec app\n" });
    expect(findings(dir, lintService(readService(dir), { rules: RULES }))).toEqual([]);
  });

  it("--no-inline-config ignores directives", () => {
    expect(lintRun(`#!/bin/sh\n# svlint disable=all\n${twoBad}`, { inlineConfig: false })).toEqual([
      "4:setuidgid-last",
      "5:setuidgid-last",
    ]);
  });

  it("--report-unused-disable-directives reports the ones that suppress nothing", () => {
    const got = lintRun(
      "#!/bin/sh\nexec 2>&1\n# svlint disable=chown-target\nexec envdir ./e setuidgid a app\n# svlint disable=setuidgid-lst\nexec true\n",
      { reportUnusedDirectives: true },
    );
    expect(got).toEqual(["3:unused-disable-directive", "5:unused-disable-directive"]);
  });
});
