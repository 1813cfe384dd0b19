/**
 * Scale (issue 10): the Friday view's moved in / moved out / slipped read the week's close-date changes from a read
 * model (src/readmodels/close-date-changes.ts) instead of scanning the audit log with `diff like …` and parsing JSON:
 * one row per audit row that changed an opportunity's expected close date, with the deal's current owner so a rep's
 * changes are an index range on (owner_id, changed_at). Filled by `jindou rebuild closes` (and on open while never
 * built); 200_friday_moved's indexes serve the Friday view's other list ("moved this week") and are left as they are.
 */
import type { Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("close_date_changes")
    .ifNotExists()
    .addColumn("audit_id", "bigint", (c) => c.primaryKey())
    .addColumn("opportunity_id", "bigint", (c) => c.notNull())
    .addColumn("owner_id", "bigint", (c) => c.notNull())
    .addColumn("changed_at", "bigint", (c) => c.notNull())
    .addColumn("before_date", "text")
    .addColumn("after_date", "text")
    .execute();
  await db.schema.createIndex("close_date_changes_owner").ifNotExists().on("close_date_changes").columns(["owner_id", "changed_at"]).execute();
  await db.schema.createIndex("close_date_changes_at").ifNotExists().on("close_date_changes").columns(["changed_at", "opportunity_id"]).execute();
  await db.schema.createIndex("close_date_changes_opp").ifNotExists().on("close_date_changes").column("opportunity_id").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("close_date_changes").ifExists().execute();
}
