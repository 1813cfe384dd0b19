/**
 * Covering indexes for the funnel reports' reads of stage_visits (issue 10). The visits are written deal by deal (a
 * rebuild walks opportunity ids), so one quarter's or one instant's visits lie on nearly every page of the table: on
 * PostgreSQL, conversion flow (the period's entries, by pipeline and entered_at) and funnel health's as-of totals (the
 * visits current at an instant, by pipeline, stage and left_at) fetched each row from the heap — at enterprise scale
 * the whole table for a quarter's answer. With the columns those reads need in the index, both are index-only range
 * scans, which grow with the range, not with the history. They replace their prefixes stage_visits_pipe_entered and
 * stage_visits_at (migration 065); on SQLite the same column lists cover the same reads.
 *
 * Stalled counts the open deals of a pipeline per stage entered before the stage's threshold: found through
 * opportunities (status, pipeline_id, stage_id, customer_id, amount_fen) and then read from the table for
 * stage_entered_at — every open deal of the pipeline, scattered over the table. (pipeline_id, status, stage_id,
 * stage_entered_at) answers the counts from the index; it replaces its prefix opportunities_pipeline_status (001).
 */
import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex("stage_visits_pipe_entered_cover")
    .ifNotExists()
    .on("stage_visits")
    .columns(["pipeline_id", "entered_at", "enter_kind", "stage_id", "from_stage_id", "opportunity_id", "amount_fen"])
    .execute();
  await db.schema.dropIndex("stage_visits_pipe_entered").ifExists().execute();
  // left_at itself is in the list: PostgreSQL reads a column from an index-only scan only when the column is there,
  // not an expression of it
  await sql`create index if not exists stage_visits_at_cover on stage_visits
    (pipeline_id, stage_id, (coalesce(left_at, 9007199254740991)), entered_at, left_at, amount_fen, customer_id)`.execute(db);
  await db.schema.dropIndex("stage_visits_at").ifExists().execute();
  await db.schema
    .createIndex("opportunities_pipe_status_stage_entered")
    .ifNotExists()
    .on("opportunities")
    .columns(["pipeline_id", "status", "stage_id", "stage_entered_at"])
    .execute();
  await db.schema.dropIndex("opportunities_pipeline_status").ifExists().execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex("opportunities_pipeline_status").ifNotExists().on("opportunities").columns(["pipeline_id", "status"]).execute();
  await db.schema.dropIndex("opportunities_pipe_status_stage_entered").ifExists().execute();
  await db.schema.createIndex("stage_visits_pipe_entered").ifNotExists().on("stage_visits").columns(["pipeline_id", "entered_at"]).execute();
  await sql`create index if not exists stage_visits_at on stage_visits (pipeline_id, stage_id, (coalesce(left_at, 9007199254740991)), entered_at)`.execute(db);
  await db.schema.dropIndex("stage_visits_pipe_entered_cover").ifExists().execute();
  await db.schema.dropIndex("stage_visits_at_cover").ifExists().execute();
}
