// The official SARIF 2.1.0 schema as a validator, for the tests that write SARIF.
import * as fs from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
// ajv-draft-04 is CommonJS; the SARIF schema is draft-04.
const Ajv = require("ajv-draft-04") as new (o: object) => {
  compile(s: object): ((d: unknown) => boolean) & { errors?: unknown };
};
const schema = JSON.parse(
  fs.readFileSync(require.resolve("@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json"), "utf8"),
);
const addFormats = require("ajv-formats") as (ajv: unknown) => void;
// The schema's language-tag pattern is not valid as a unicode RegExp, hence unicodeRegExp: false;
// ajv-formats makes "uri", "date-time" and the other formats count instead of being ignored.
const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
addFormats(ajv);
export const validate = ajv.compile(schema);
