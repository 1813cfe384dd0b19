#!/usr/bin/env node
// `npm run mutation [file…]`: Stryker over the pure rule and math files, one file at a time with its own tests
// (concurrency 1: the machine is shared), then a table of scores per file. Not part of `npm test`.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";

export const TARGETS = {
  "src/opportunities/gate.ts": ["src/opportunities/gate.test.ts", "src/opportunities/gate-errors.test.ts"],
  "src/import/cells.ts": ["src/import/cells.test.ts"],
  "src/fields/model.ts": ["src/fields/model.test.ts"],
  "src/tiering/pareto.ts": ["src/tiering/pareto.test.ts"],
  "src/tiering/pyramid.ts": ["src/tiering/pyramid.test.ts"],
  "src/planning/balance.ts": ["src/planning/balance.test.ts"],
  "src/cash/won-contract.ts": ["src/cash/won-contract.test.ts"],
  "src/tiering/cadence.ts": ["src/tiering/cadence.test.ts"],
  "src/customers/lifecycle.ts": ["src/customers/lifecycle.test.ts"],
  "src/cash/quote.ts": ["src/cash/quote.test.ts"],
  "src/pools/claim-rules.ts": ["src/pools/claim-rules.test.ts"],
  "src/pools/reclaim-rules.ts": ["src/pools/reclaim-rules.test.ts"],
};

const files = process.argv.slice(2).length ? process.argv.slice(2) : Object.keys(TARGETS);
const rows = [];
for (const file of files) {
  const tests = TARGETS[file];
  if (!tests) {
    console.error(`${file} is not a mutation target (see scripts/mutation.mjs)`);
    process.exit(2);
  }
  const run = spawnSync("npx", ["stryker", "run", "--mutate", file], { stdio: "inherit", env: { ...process.env, TZ: "UTC", MUTATION_TESTS: tests.join(",") } });
  const report = "reports/mutation/mutation.json";
  if (run.status !== 0 || !existsSync(report)) {
    rows.push([file, "failed"]);
    continue;
  }
  const r = JSON.parse(readFileSync(report, "utf8"));
  let killed = 0,
    survived = 0,
    noCov = 0,
    timeout = 0;
  for (const f of Object.values(r.files))
    for (const m of f.mutants) {
      if (m.status === "Killed") killed++;
      else if (m.status === "Timeout") timeout++;
      else if (m.status === "Survived") survived++;
      else if (m.status === "NoCoverage") noCov++;
    }
  const total = killed + timeout + survived + noCov;
  rows.push([file, `${(((killed + timeout) / total) * 100).toFixed(1)} %`, `${killed + timeout}/${total}`, `${survived} survived, ${noCov} no coverage`]);
}
console.log("\n| file | score | killed | left |\n|---|---|---|---|");
for (const r of rows) console.log(`| ${r.join(" | ")} |`);
