// Stryker mutation testing of the pure rule and math files (`npm run mutation`; scripts/mutation.mjs runs one file at a time).
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: "vitest",
  vitest: { configFile: "vitest.mutation.config.ts", related: false },
  // The repo's TypeScript 7 is not what Stryker's checker expects: no type checker; vitest transpiles.
  checkers: [],
  // and no tsconfig rewriting either (its preprocessor calls APIs TypeScript 7 no longer has): a file that is not there
  tsconfigFile: "tsconfig.stryker-none.json",
  plugins: ["@stryker-mutator/vitest-runner"],
  concurrency: 1,
  coverageAnalysis: "perTest",
  reporters: ["clear-text", "json"],
  jsonReporter: { fileName: "reports/mutation/mutation.json" },
  tempDirName: ".stryker-tmp",
  cleanTempDir: "always",
  timeoutMS: 20_000,
};
