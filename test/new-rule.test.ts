// `npm run new-rule -- <id>` (scripts/new-rule.mjs): the three files it writes import what exists,
// and their TODOs keep the meta test failing until they are filled in.
import * as fs from "node:fs";
import * as path from "node:path";
import { ROOT } from "./cli-helpers.js";
import { tempDir } from "./helpers.js";

const scratch = tempDir();

it("writes a rule, its test and its doc whose imports resolve in this repository", async () => {
  const { main } = (await import(path.join(ROOT, "scripts/new-rule.mjs"))) as {
    main: (args: string[], root: string) => number;
  };
  const log = console.log;
  console.log = () => undefined;
  try {
    expect(main(["no-sudo"], scratch)).toBe(0);
    expect(main(["no-sudo"], scratch)).toBe(1); // never overwrites
    expect(main(["Bad_Id"], scratch)).toBe(2);
  } finally {
    console.log = log;
  }
  const written = [
    ["src/rules", "no-sudo.ts"],
    ["test/rules", "no-sudo.test.ts"],
    ["docs/rules", "no-sudo.md"],
  ];
  for (const [dir, name] of written) {
    const text = fs.readFileSync(path.join(scratch, dir!, name!), "utf8");
    expect(text).toContain("TODO");
    for (const m of text.matchAll(/from "(\.[^"]+)\.js"/g)) {
      const target = path.resolve(ROOT, dir!, m[1]!) + ".ts";
      const inRepo = target.startsWith(path.join(ROOT, "src") + path.sep) || target.startsWith(path.join(ROOT, "test"));
      expect([m[1], inRepo && (fs.existsSync(target) || target.endsWith("/no-sudo.ts"))]).toEqual([m[1], true]);
    }
  }
});
