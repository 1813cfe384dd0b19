/**
 * Deals closed in a period (funnel health, velocity, cycle time's won bins; issue 10): the index on (status, closed_at)
 * found the rows, then read each one from the table for its pipeline, amount and creation instant — at enterprise scale
 * a year's 250 k closed deals fetched one by one. With those columns in the index the sums are an index-only scan. It
 * replaces opportunities_status_closed (040), its prefix.
 */
import type { Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex("opportunities_closed_cover")
    .ifNotExists()
    .on("opportunities")
    .columns(["status", "closed_at", "pipeline_id", "amount_fen", "created_at"])
    .execute();
  await db.schema.dropIndex("opportunities_status_closed").ifExists().execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex("opportunities_status_closed").ifNotExists().on("opportunities").columns(["status", "closed_at"]).execute();
  await db.schema.dropIndex("opportunities_closed_cover").ifExists().execute();
}
