/** Imports: users carry the id other systems know them by (owners given by external id). */
import type { Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("users").addColumn("external_id", "text").execute();
  await db.schema.createIndex("users_external_id").on("users").column("external_id").unique().execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex("users_external_id").execute();
  await db.schema.alterTable("users").dropColumn("external_id").execute();
}
