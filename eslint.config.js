// ESLint over the project's own code (flat config). Formatting is Prettier's job (.prettierrc.json),
// so only correctness rules are on here.
import js from "@eslint/js";
import globals from "globals";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["dist/", "node_modules/", "native/build/", "fixtures/", "examples/", "corpus/", "coverage/"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none" },
      ],
      eqeqeq: ["error", "smart"],
      "no-constant-condition": ["error", { checkLoops: false }],
    },
  },
  // Tests match ANSI colour codes, which are control characters.
  { files: ["test/**"], languageOptions: { globals: { ...globals.jest } }, rules: { "no-control-regex": "off" } },
  {
    files: ["**/*.cjs"],
    languageOptions: { sourceType: "commonjs" },
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
);
