/**
 * `npm run bench`: the quick benchmark set, one after another, each printing its table beside its reference
 * run. Enterprise-scale runs take a prepared database and are listed in docs/benchmarks.md.
 *
 *   npm run bench                # moves, import, tiering, forecast (team scale)
 *   npm run bench -- moves       # only the named ones
 */
import { spawnSync } from "node:child_process";

const SETS: Record<string, string[]> = {
  moves: ["bench/moves.ts", "--seconds", "10"],
  import: ["bench/import.ts"],
  tiering: ["bench/tiering.ts", "--customers", "20000"],
  forecast: ["bench/forecast.ts", "--scale", "team"],
  web: ["bench/web.ts"],
};
const chosen = process.argv.slice(2).length ? process.argv.slice(2) : ["moves", "import", "tiering", "forecast"];
let failed = 0;
for (const name of chosen) {
  const args = SETS[name];
  if (!args) {
    console.error(`unknown benchmark ${name}; choose from ${Object.keys(SETS).join(", ")}`);
    failed++;
    continue;
  }
  console.log(`\n## ${name}: npx tsx ${args.join(" ")}\n`);
  const r = spawnSync("npx", ["tsx", ...args], { stdio: "inherit" });
  if (r.status !== 0) failed++;
}
console.log("\nEnterprise scale: npm run bench:enterprise (generates or reuses the PostgreSQL demo databases; see docs/benchmarks.md).");
process.exit(failed ? 1 : 0);
