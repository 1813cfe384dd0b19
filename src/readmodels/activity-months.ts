/**
 * Read model `customer_activity_months`: per customer and calendar month (cut at the zone offset recorded for the
 * model in read_model_state), the activities done — KAISM's "activities in the window" reads whole months from it and
 * the partial months at the window's edges from the activities (done_at index). Kept in step by re-deriving the
 * customers an activity write touched; its stamp (src/readmodels/stamps.ts) moves with those writes only.
 */
import { sql } from "kysely";
import type { DbOrTx } from "../db/tx";
import { DEFAULT_OFFSET_MS } from "./customer-months";
import { inChunks, inRanges, keyCond, type Keys } from "./id-range";
import { dayOfSql, monthOfDaySql } from "./month-sql";
import { bumpAll, bumpStamp } from "./stamps";

/** The fixed offset this model's months are cut at. */
export async function activityMonthsOffset(db: DbOrTx): Promise<number> {
  const r = await sql<{ o: number | null }>`select offset_ms as o from read_model_state where model = 'activities'`.execute(db);
  return r.rows.length ? Number(r.rows[0].o) : DEFAULT_OFFSET_MS;
}

async function fill(tx: DbOrTx, k: Keys, off: number): Promise<void> {
  await sql`delete from customer_activity_months where ${keyCond("customer_id", k)}`.execute(tx);
  await sql`insert into customer_activity_months (customer_id, month, done)
    select d.customer_id, d.month, count(*) from (
      select a.customer_id, ${monthOfDaySql(dayOfSql(sql.ref("a.done_at"), sql.lit(off)))} as month
      from activities a where ${keyCond("a.customer_id", k)} and a.done_at is not null) d
    group by d.customer_id, d.month`.execute(tx);
}

/** Re-derives these customers' months (after activities were written, or moved by a merge) and bumps their shards. */
export async function refreshActivityMonths(tx: DbOrTx, customerIds: readonly number[]): Promise<void> {
  if (!customerIds.length) return;
  const off = await activityMonthsOffset(tx);
  await inChunks(customerIds, (k) => fill(tx, k, off));
  await bumpStamp(tx, "activities", customerIds);
}

export async function rebuildActivityMonths(db: DbOrTx, offsetMs: number, onProgress?: (done: number, total: number) => void): Promise<void> {
  await sql`delete from customer_activity_months`.execute(db);
  await inRanges(db, "customers", "id", 20_000, (k) => fill(db, k, offsetMs), onProgress);
  await bumpAll(db, "activities");
}
