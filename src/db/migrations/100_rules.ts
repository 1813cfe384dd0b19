/**
 * Rules on every path (issue 11): stage events written by an import are marked `imported` (a history import
 * replaces only those, never live events), and a customer's priority records who set it (`priority_source`:
 * null or 'auto' = the nightly job may change it; 'manual' or 'import' = kept).
 */
import type { Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable("stage_events")
    .addColumn("imported", "integer", (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.alterTable("customers").addColumn("priority_source", "text").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("stage_events").dropColumn("imported").execute();
  await db.schema.alterTable("customers").dropColumn("priority_source").execute();
}
