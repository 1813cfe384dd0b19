/**
 * Scale (issue 10): the Friday view's "moved this week" reads index ranges — stage visits by the instant they were
 * entered, and stay events (which enter no visit) by a partial index of their own — instead of every event.
 */
import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex("stage_visits_entered").on("stage_visits").columns(["entered_at", "opportunity_id"]).execute();
  await sql`create index stage_events_stay_at on stage_events (at, opportunity_id) where kind = 'stay'`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex("stage_visits_entered").execute();
  await db.schema.dropIndex("stage_events_stay_at").execute();
}
