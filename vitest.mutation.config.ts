// Vitest for mutation runs (`npm run mutation`): only the pure test files named in MUTATION_TESTS, no database setup.
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    env: { TZ: "UTC" },
    include: (process.env.MUTATION_TESTS ?? "src/opportunities/gate.test.ts").split(","),
    testTimeout: 30_000,
  },
});
