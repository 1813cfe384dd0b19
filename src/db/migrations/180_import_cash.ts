/** Imports of payments: a payment carries the id the other system knows it by, so re-importing a file finds it. */
import type { Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("payments").addColumn("external_id", "text").execute();
  await db.schema.createIndex("payments_external_id").on("payments").column("external_id").unique().execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex("payments_external_id").execute();
  await db.schema.alterTable("payments").dropColumn("external_id").execute();
}
