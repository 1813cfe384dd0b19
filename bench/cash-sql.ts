/**
 * The cash reports' hand-written SQL on PostgreSQL, read only: over the cash read model (bench/cash-references.ts,
 * what bench/reports-http.ts compares the reports with) beside the same answers from the source tables alone (running
 * sums, the references before migration 260), median of `--runs`, and the ratio model ÷ source tables.
 *
 *   npx tsx bench/cash-sql.ts --pg postgres://postgres@127.0.0.1:5432/jindou_bench_ent [--now 2026-06-30] [--runs 3]
 */
import pg from "pg";
import { zoneOffsetMs } from "../src/value/store";
import { cashReferences, scanReferences } from "./cash-references";

const arg = (name: string, def?: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : def;
};
const url = arg("pg");
if (!url) throw new Error("--pg <postgres url> is required");
const NOW = Date.parse(`${arg("now", "2026-06-30")}T12:00:00+08:00`);
const TZ = "Asia/Shanghai";
const RUNS = Number(arg("runs", "3"));

async function time(c: pg.PoolClient, sqls: string[]): Promise<number> {
  const t = performance.now();
  for (const q of sqls) await c.query(q);
  return performance.now() - t;
}

async function main() {
  const pool = new pg.Pool({ connectionString: url, max: 1 });
  const c = await pool.connect();
  await c.query("begin read only");
  const model = cashReferences(NOW, TZ, zoneOffsetMs(TZ, NOW));
  const scan = scanReferences(NOW, TZ, zoneOffsetMs(TZ, NOW));
  console.log("| report | read-model SQL ms | source-table SQL ms | ratio |\n| --- | ---: | ---: | ---: |");
  for (const name of Object.keys(model)) {
    const a: number[] = [],
      b: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      a.push(await time(c, model[name]));
      b.push(await time(c, scan[name]));
    }
    const med = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)];
    console.log(`| ${name} | ${med(a).toFixed(0)} | ${med(b).toFixed(0)} | ${(med(a) / med(b)).toFixed(2)} |`);
  }
  await c.query("rollback");
  c.release();
  await pool.end();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
