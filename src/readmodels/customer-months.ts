/**
 * Read model `customer_months`: per customer and calendar month (cut at the org zone's offset, kept in
 * read_model_state): orders, distinct purchase days, amount, cost, units, first/last order and first/last purchase
 * day with the first day's amount. Kept in step by re-deriving the months of the customers a write touched.
 */
import { sql } from "kysely";
import type { DbOrTx } from "../db/tx";
import { inChunks, inRanges, keyCond, type Keys } from "./id-range";
import { dayOfSql, monthOfDaySql } from "./month-sql";

/** Asia/Shanghai (the default TZ_ORG), used until a rebuild records the zone's offset. */
export const DEFAULT_OFFSET_MS = 8 * 3_600_000;
const offsetSql = sql`coalesce((select rs.offset_ms from read_model_state rs where rs.model = 'customer_months'), ${sql.lit(DEFAULT_OFFSET_MS)})`;

async function fill(tx: DbOrTx, k: Keys): Promise<void> {
  await sql`delete from customer_months where ${keyCond("customer_id", k)}`.execute(tx);
  const day = dayOfSql(sql.ref("o.ordered_at"), sql.lit(await monthsOffset(tx)));
  await sql`insert into customer_months (customer_id, month, orders, days, amount_fen, cost_fen, units, first_at, last_at, first_day, last_day, first_day_amount_fen)
    select d.customer_id, d.month, sum(d.orders), count(*), sum(d.amount), sum(d.cost), sum(d.units), min(d.first_at), max(d.last_at),
      min(d.day), max(d.day), sum(case when d.rk = 1 then d.amount else 0 end)
    from (select g.customer_id, g.day, g.month, g.orders, g.amount, g.cost, g.units, g.first_at, g.last_at,
            row_number() over (partition by g.customer_id, g.month order by g.day) as rk
          from (select p.customer_id, p.day, ${monthOfDaySql(sql.ref("p.day"))} as month, count(*) as orders, sum(p.amount_fen) as amount,
                  sum(p.cost_fen) as cost, sum(p.units) as units, min(p.ordered_at) as first_at, max(p.ordered_at) as last_at
                from (select o.customer_id, ${day} as day, o.amount_fen, o.cost_fen, o.units, o.ordered_at
                      from orders o where ${keyCond("o.customer_id", k)}) p
                group by p.customer_id, p.day) g) d
    group by d.customer_id, d.month`.execute(tx);
}

/** Re-derives the months of these customers (after orders are written, changed or deleted, or customers merged). */
export async function refreshCustomerMonths(tx: DbOrTx, customerIds: Iterable<number>): Promise<void> {
  await inChunks(customerIds, (k) => fill(tx, k));
  await bumpOrderStamp(tx);
}

/** A new order stamp, in the writer's transaction: caches of order-only aggregates (orderStamp) miss after it commits. */
async function bumpOrderStamp(tx: DbOrTx): Promise<void> {
  await sql`update read_model_state set version = version + 1 where model = 'customer_months'`.execute(tx);
}

/**
 * The stamp of the order data: the roll-up's version, which every refresh and rebuild bumps in its transaction;
 * null when the roll-up was never built (callers then fall back to the whole-data stamp).
 */
export async function orderStamp(db: DbOrTx): Promise<string | null> {
  // the newest order id too: orders written outside the app's write paths (a replica fed from elsewhere, raw SQL)
  // move no version, but a new row still makes a new stamp (max(id) is one index probe)
  const r = await sql<{ v: number | string; m: number | string | null }>`select version as v, (select max(id) from orders) as m
    from read_model_state where model = 'customer_months'`.execute(db);
  return r.rows.length ? `cm${r.rows[0].v}.${r.rows[0].m ?? 0}` : null;
}

/** The fixed offset months are cut at. */
export async function monthsOffset(db: DbOrTx): Promise<number> {
  const r = await sql<{ o: number }>`select ${offsetSql} as o`.execute(db);
  return Number(r.rows[0].o);
}

export async function rebuildCustomerMonths(db: DbOrTx, offsetMs: number, now: number, onProgress?: (done: number, total: number) => void): Promise<void> {
  // the version goes on counting across rebuilds, so a stamp is never reused for other data
  const old = await sql<{ v: number | string }>`select version as v from read_model_state where model = 'customer_months'`.execute(db);
  const version = old.rows.length ? Number(old.rows[0].v) + 1 : 1;
  await sql`delete from read_model_state where model = 'customer_months'`.execute(db);
  await sql`insert into read_model_state (model, offset_ms, built_at, version) values ('customer_months', ${offsetMs}, ${now}, ${version})`.execute(db);
  await sql`delete from customer_months`.execute(db);
  await inRanges(db, "customers", "id", 5_000, (k) => fill(db, k), onProgress);
}
