/**
 * Read model of the signed-customers report (issue 10, src/readmodels/signed-customers.ts): per customer with a
 * contract, its contracts' sign facts folded from contract_cash (migration 260) — any signed, any qualified (paid in
 * full, none late), any paid after its due day, the earliest open due day (so "late as of today" stays a query),
 * collected, outstanding and the first contract (the report's order and its keyset cursor). Filled here from
 * contract_cash, so a database whose cash model is built needs no rebuild.
 */
import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("signed_customers")
    .ifNotExists()
    .addColumn("customer_id", "bigint", (c) => c.primaryKey())
    .addColumn("first_contract_id", "bigint", (c) => c.notNull())
    .addColumn("contracts", "integer", (c) => c.notNull())
    .addColumn("signed", "integer", (c) => c.notNull())
    .addColumn("qualified", "integer", (c) => c.notNull())
    .addColumn("paid_late", "integer", (c) => c.notNull())
    .addColumn("open_due_day", "integer")
    .addColumn("collected_fen", "bigint", (c) => c.notNull())
    .addColumn("outstanding_fen", "bigint", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("signed_customers_first").ifNotExists().on("signed_customers").column("first_contract_id").execute();
  // the same fold as src/readmodels/signed-customers.ts, frozen here as of this migration
  await sql`insert into signed_customers (customer_id, first_contract_id, contracts, signed, qualified, paid_late, open_due_day, collected_fen, outstanding_fen)
    select k.customer_id, min(k.id), count(*), max(cc.signed), max(case when cc.fully_paid = 1 and cc.paid_late = 0 then 1 else 0 end),
      max(cc.paid_late), min(cc.open_due_day), sum(cc.collected_fen), sum(cc.outstanding_fen)
    from contract_cash cc join contracts k on k.id = cc.contract_id group by k.customer_id`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("signed_customers").ifExists().execute();
}
