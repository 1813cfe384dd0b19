/**
 * Read model `customer_deal_facts`: per customer with opportunities, its won and lost deals and its open pipeline
 * (count, amount, Σ amount × probability in percent, best probability, earliest expected close) — what KAISM, key
 * accounts and priority read instead of grouping every opportunity per request. Kept in step by re-deriving the
 * customers an opportunity write touched (before and after), by the move statements for the moved customer, and
 * after a stage's probability changes; its stamp (src/readmodels/stamps.ts) moves with each of those writes only.
 */
import { sql } from "kysely";
import type { DbOrTx } from "../db/tx";
import { DEAL_FACT_COLUMNS, dealFactsSql, dealRowsSql } from "./deal-facts-sql";
import { inChunks, inRanges, keyCond, type Keys } from "./id-range";
import { bumpAll, bumpStamp } from "./stamps";

async function fill(tx: DbOrTx, k: Keys): Promise<void> {
  await sql`delete from customer_deal_facts where ${keyCond("customer_id", k)}`.execute(tx);
  // keys are literals (keyCond binds nothing), so the condition compiles to plain text for the shared SQL
  const where = keyCond("o.customer_id", k).compile(tx).sql;
  await sql`insert into customer_deal_facts (${sql.raw(DEAL_FACT_COLUMNS)}) ${sql.raw(dealFactsSql(dealRowsSql(where)))}`.execute(tx);
}

/** Re-derives these customers' facts and bumps their shards of the stamp. */
export async function refreshCustomerDeals(tx: DbOrTx, customerIds: readonly number[]): Promise<void> {
  if (!customerIds.length) return;
  await inChunks(customerIds, (k) => fill(tx, k));
  await bumpStamp(tx, "deals", customerIds);
}

/** After a stage's probability changed: the customers with open deals in it. */
export async function refreshStageCustomers(tx: DbOrTx, stageIds: readonly number[]): Promise<void> {
  if (!stageIds.length) return;
  const r = await sql<{ customer_id: number }>`select distinct customer_id from opportunities
    where status = 'open' and stage_id in (${sql.join(stageIds.map((s) => sql.lit(s)))})`.execute(tx);
  await refreshCustomerDeals(
    tx,
    r.rows.map((x) => Number(x.customer_id)),
  );
}

export async function rebuildCustomerDeals(db: DbOrTx, onProgress?: (done: number, total: number) => void): Promise<void> {
  await sql`delete from customer_deal_facts`.execute(db);
  await inRanges(db, "opportunities", "customer_id", 20_000, (k) => fill(db, k), onProgress);
  await bumpAll(db, "deals");
}
