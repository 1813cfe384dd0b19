/**
 * Read model `customer_first_deals` (issue 10): per customer, when its first deal-pipeline opportunity was created
 * (and which one). Funnel health's "new customers" of the whole base becomes an index range on first_at instead of
 * one "none before?" look-up per opportunity of the period (17.5k per month on the enterprise demo). The table starts
 * empty; opening the database fills it from opportunities (src/readmodels/rebuild.ts: a grouped scan, seconds at 1 M).
 */
import type { Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("customer_first_deals")
    .ifNotExists()
    .addColumn("customer_id", "bigint", (c) => c.primaryKey())
    .addColumn("first_at", "bigint", (c) => c.notNull())
    .addColumn("opportunity_id", "bigint", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("customer_first_deals_first_at").ifNotExists().on("customer_first_deals").columns(["first_at"]).execute();
  await db.schema.createIndex("customer_first_deals_opp").ifNotExists().on("customer_first_deals").columns(["opportunity_id"]).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("customer_first_deals").ifExists().execute();
}
