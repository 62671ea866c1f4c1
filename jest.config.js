// ESM throughout: chalk 5 is ESM-only, so the project is "type": "module" and jest runs
// with --experimental-vm-modules (set by `npm test`). ts-jest transpiles TypeScript as ESM;
// type errors are caught by `npm run typecheck`, so ts-jest does not re-check them.
export default {
  testEnvironment: "<rootDir>/test/env.cjs",
  extensionsToTreatAsEsm: [".ts"],
  moduleNameMapper: { "^(\\.{1,2}/.*)\\.js$": "$1" },
  transform: {
    "^.+\\.ts$": ["ts-jest", { useESM: true, diagnostics: false }],
  },
  testMatch: ["<rootDir>/test/**/*.test.ts"],
  testTimeout: 60000,
};
