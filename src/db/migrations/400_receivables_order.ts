/**
 * The receivables ageing's page order (issue 10, src/cash/receivables-store.ts): customers with money outstanding,
 * largest first, ties by customer id — an index on signed_customers (outstanding_fen, customer_id) over the rows
 * with something open, read backwards from the cursor. And contracts by signing instant, so the report knows at a
 * glance whether any contract is signed after now (then the per-customer fold, which counts every contract, is not
 * used).
 */
import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex("signed_customers_outstanding")
    .ifNotExists()
    .on("signed_customers")
    .columns(["outstanding_fen", "customer_id"])
    .where(sql<boolean>`outstanding_fen > 0`)
    .execute();
  await db.schema.createIndex("contracts_signed_at").ifNotExists().on("contracts").column("signed_at").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex("signed_customers_outstanding").ifExists().execute();
  await db.schema.dropIndex("contracts_signed_at").ifExists().execute();
}
