#!/usr/bin/env node
// `npm test`: every suite (unit, integration on SQLite + PostgreSQL, browser) through Vitest, then one plain
// closing line "N passed, N failed, N skipped" summing them. Missing PostgreSQL or Chromium is announced
// loudly by test/global-setup.ts; with REQUIRE_PG=1 / REQUIRE_BROWSER=1 it is a failure instead.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";

const report = ".vitest-report.json";
rmSync(report, { force: true });
const args = ["vitest", "run", "--reporter=default", "--reporter=json", `--outputFile.json=${report}`, ...process.argv.slice(2)];
const run = spawnSync("npx", args, { stdio: "inherit", env: { ...process.env, TZ: "UTC" } });

let passed = 0,
  failed = 0,
  skipped = 0;
if (existsSync(report)) {
  const r = JSON.parse(readFileSync(report, "utf8"));
  passed = r.numPassedTests ?? 0;
  failed = r.numFailedTests ?? 0;
  skipped = (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
  // A suite that failed to load (syntax error, failing beforeAll) has no failed tests of its own: count it.
  for (const f of r.testResults ?? []) if (f.status === "failed" && !(f.assertionResults ?? []).some((a) => a.status === "failed")) failed++;
} else {
  failed = 1;
  console.error("vitest produced no report: counted as one failure");
}
if (run.status !== 0 && failed === 0) failed = 1;
const line = `${passed} passed, ${failed} failed` + (skipped ? `, ${skipped} skipped` : "");
if (skipped) console.log(`\nNOTE: ${skipped} tests were SKIPPED (see the banner above for a missing PostgreSQL or Chromium).`);
writeFileSync(".test-summary", line + "\n");
console.log(line);
process.exit(failed ? 1 : 0);
