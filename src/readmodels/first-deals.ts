/**
 * Read model `customer_first_deals`: per customer, the creation instant of its first opportunity in a deal pipeline
 * and that opportunity's id (the lowest id among those created at that instant). Funnel health counts the whole
 * base's new customers of a period from it (an index range on first_at).
 *
 * Kept in step from the opportunity ids a write touched: the customers those opportunities belong to now, and the
 * customers whose recorded first deal is one of them (it may have been deleted, moved to another customer by a merge,
 * re-dated by an import or put in another pipeline) are re-derived. A customer whose first deal was not touched keeps
 * it: an opportunity that leaves a customer and was not its recorded first leaves an earlier (or tied, lower-id) one behind.
 */
import { sql } from "kysely";
import type { DbOrTx } from "../db/tx";
import { inChunks, inRanges, keyCond, type Keys } from "./id-range";

const deal = (alias: string) => sql`${sql.ref(`${alias}.pipeline_id`)} in (select dp.id from pipelines dp where dp.kind = 'deal')`;

async function fill(tx: DbOrTx, k: Keys): Promise<void> {
  await sql`delete from customer_first_deals where ${keyCond("customer_id", k)}`.execute(tx);
  await sql`insert into customer_first_deals (customer_id, first_at, opportunity_id)
    select o.customer_id, o.created_at, min(o.id) from opportunities o
    join (select p.customer_id, min(p.created_at) as m from opportunities p where ${keyCond("p.customer_id", k)} and ${deal("p")} group by p.customer_id) f
      on f.customer_id = o.customer_id and f.m = o.created_at
    where ${keyCond("o.customer_id", k)} and ${deal("o")}
    group by o.customer_id, o.created_at`.execute(tx);
}

export async function refreshFirstDeals(tx: DbOrTx, opportunityIds: readonly number[]): Promise<void> {
  if (!opportunityIds.length) return;
  const ids = sql.join(opportunityIds.map((i) => sql.lit(i)));
  const r = await sql<{ customer_id: number }>`select o.customer_id from opportunities o where o.id in (${ids}) and o.customer_id is not null
    union select f.customer_id from customer_first_deals f where f.opportunity_id in (${ids})`.execute(tx);
  await inChunks(
    r.rows.map((x) => Number(x.customer_id)),
    (k) => fill(tx, k),
  );
}

export async function rebuildFirstDeals(db: DbOrTx, onProgress?: (done: number, total: number) => void): Promise<void> {
  await sql`delete from customer_first_deals`.execute(db);
  await inRanges(db, "opportunities", "customer_id", 20_000, (k) => fill(db, k), onProgress);
}
