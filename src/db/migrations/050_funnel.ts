/**
 * Funnel analytics: a covering index over each opportunity's events in time order, so "last event before T",
 * "furthest stage reached" and the stage-visit window read the index alone (no sort, no heap), and cohorts by pipeline.
 */
import type { Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex("stage_events_opp_cover")
    .on("stage_events")
    .columns(["opportunity_id", "at", "id", "to_stage_id", "from_stage_id", "kind"])
    .execute();
  await db.schema.createIndex("opportunities_pipeline_created").on("opportunities").columns(["pipeline_id", "created_at"]).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex("stage_events_opp_cover").execute();
  await db.schema.dropIndex("opportunities_pipeline_created").execute();
}
