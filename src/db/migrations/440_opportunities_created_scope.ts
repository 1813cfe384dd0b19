/**
 * Indexes for "new customers this month" (funnel health, the briefing): a deal created in [from, to) by the scope's
 * owners whose customer had no deal before `from`. A rep's count went through opportunities_owner_id and
 * opportunities_created_at ANDed as bitmaps — the whole company's month of new deals (49,410 at enterprise scale) to
 * find the rep's 93 — and then, for each, the customer's deals ANDed with the rep's 1,909 (26.5 ms; funnel health
 * asks for two months). (owner_id, created_at) finds the scope's month directly, (customer_id, created_at) the
 * customer's earlier deals (2.4 ms). The second replaces its prefix opportunities_customer_id (001).
 */
import type { Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex("opportunities_owner_created").ifNotExists().on("opportunities").columns(["owner_id", "created_at"]).execute();
  await db.schema.createIndex("opportunities_customer_created").ifNotExists().on("opportunities").columns(["customer_id", "created_at"]).execute();
  await db.schema.dropIndex("opportunities_customer_id").ifExists().execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex("opportunities_customer_id").ifNotExists().on("opportunities").column("customer_id").execute();
  await db.schema.dropIndex("opportunities_customer_created").ifExists().execute();
  await db.schema.dropIndex("opportunities_owner_created").ifExists().execute();
}
