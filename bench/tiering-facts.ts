/**
 * The per-customer deal and activity inputs of the tiering reports (KAISM, key accounts, priority, grades) on a
 * PostgreSQL database, in one process: the full-scan queries every report ran after any data change (kept as the
 * oracle, src/readmodels/oracle/tiering-store.ts) beside the same answers from the read models
 * (src/tiering/store-facts.ts — what a report pays after a write that changes these facts: a fresh handle, so
 * nothing is cached) and beside hand-written SQL over the read-model tables through the bare driver. Medians of --runs.
 *
 *   npx tsx bench/tiering-facts.ts --pg postgres://postgres@127.0.0.1:5432/jindou_ent_tier [--now 2026-06-30] [--runs 3]
 *
 * The database must be migrated to 270 with its models built (opening it with the server or CLI does both); the
 * benchmark only reads.
 */
import pg from "pg";
import type { Viewer } from "../src/access/viewer";
import { openDb } from "../src/db/connect";
import { activityMonthsOffset } from "../src/readmodels/activity-months";
import * as oracle from "../src/readmodels/oracle/tiering-store";
import { splitWindow } from "../src/readmodels/order-cells";
import * as facts from "../src/tiering/store-facts";
import * as customers from "../src/tiering/store-customers";
import { resolveWindow } from "../src/tiering/window";

const arg = (name: string, def?: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : def;
};
const URL_ = arg("pg");
if (!URL_) throw new Error("--pg <postgres url> is required");
const NOW = Date.parse(`${arg("now", "2026-06-30")}T12:00:00+08:00`);
const RUNS = Number(arg("runs", "3"));
const ADMIN: Viewer = { id: 1, role: "admin", teamId: null, name: "bench", email: "bench@jindou", locale: "zh-CN" } as Viewer;
const scope = { viewer: ADMIN, filters: {} };
const w = resolveWindow({}, NOW, "Asia/Shanghai", 12).window;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
async function time(fn: () => Promise<unknown>): Promise<number> {
  const out: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    await fn();
    out.push(performance.now() - t);
  }
  return median(out);
}

/** A fresh handle per call: the read models' whole-base rows are read from the database, not from a shared cache. */
async function fresh<T>(fn: (db: ReturnType<typeof openDb>["db"]) => Promise<T>): Promise<T> {
  const h = openDb(URL_!);
  try {
    return await fn(h.db);
  } finally {
    await h.db.destroy();
  }
}

const raw = new pg.Pool({ connectionString: URL_, max: 2 });
const off = await fresh((db) => activityMonthsOffset(db));
const split = splitWindow(w.from, w.to, off);
const edges = split.raw.map(([a, b]) => `(done_at >= ${a} and done_at < ${b})`).join(" or ") || "false";
const refs: Record<string, string[]> = {
  "deals (won, lost, open pipeline)": [
    "select customer_id, won, lost, open_count, open_amount_fen, open_weighted_pct, max_probability, earliest_close from customer_deal_facts",
  ],
  "activities in the window": [
    `select customer_id, sum(n) from (select customer_id, done as n from customer_activity_months where month >= ${split.months?.[0] ?? 0} and month < ${split.months?.[1] ?? 0}
      union all select customer_id, 1 from activities where ${edges}) x group by 1`,
  ],
  "customer columns (grades)": ["select id, credit_rating, prospect_rating from customers"],
};
const cases: Array<{ name: string; before: () => Promise<unknown>; after: () => Promise<unknown> }> = [
  {
    name: "deals (won, lost, open pipeline)",
    before: () => fresh((db) => Promise.all([oracle.closedDeals(db, scope), oracle.openPipeline(db, scope)])),
    after: () => fresh((db) => Promise.all([facts.closedDeals(db, scope), facts.openPipeline(db, scope)])),
  },
  {
    name: "activities in the window",
    before: () => fresh((db) => oracle.activityCounts(db, scope, w)),
    after: () => fresh((db) => facts.activityCounts(db, scope, w)),
  },
  {
    name: "customer columns (grades)",
    before: () => fresh((db) => oracle.customerRows(db, scope)),
    after: () => fresh((db) => customers.customerColumns(db, scope, ["credit_rating", "prospect_rating"] as const)),
  },
];
console.log("| input | before (full scan) ms | after (read model, cold) ms | reference SQL ms | after ÷ ref |");
console.log("| --- | ---: | ---: | ---: | ---: |");
for (const c of cases) {
  await c.before(); // warm PostgreSQL's cache for both
  await c.after();
  const before = await time(c.before);
  const after = await time(c.after);
  const ref = await time(async () => {
    for (const q of refs[c.name]) await raw.query(q);
  });
  console.log(`| ${c.name} | ${before.toFixed(0)} | ${after.toFixed(0)} | ${ref.toFixed(0)} | ${(after / ref).toFixed(2)} |`);
}
await raw.end();
