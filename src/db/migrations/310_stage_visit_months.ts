/**
 * Read model `stage_visit_months` (issue 10): per (pipeline, owner, stage, month) the stage visits that began in the
 * month (count, summed amount) and those that ended in it (count, summed amount); the rows of owner 0 held the sums (since migration 381: negative owner ids, sharded)
 * over every owner. "Open in stage S at instant T" is the entries before T minus the exits before T (a visit ends no
 * earlier than it begins), so the funnel as of a date reads whole months from here — a few rows per (owner, stage,
 * month) instead of every visit current at T — and the partial month up to T from stage_visits. The key leads with
 * (pipeline, owner): a rep's or a team's rows are index ranges. The table starts empty; opening the database fills it
 * from stage_visits (src/readmodels/visit-months.ts).
 */
import type { Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("stage_visit_months")
    .ifNotExists()
    .addColumn("pipeline_id", "bigint", (c) => c.notNull())
    .addColumn("owner_id", "bigint", (c) => c.notNull())
    .addColumn("stage_id", "bigint", (c) => c.notNull())
    .addColumn("month", "integer", (c) => c.notNull())
    .addColumn("entered", "bigint", (c) => c.notNull())
    .addColumn("entered_fen", "bigint", (c) => c.notNull())
    .addColumn("left_n", "bigint", (c) => c.notNull())
    .addColumn("left_fen", "bigint", (c) => c.notNull())
    .addPrimaryKeyConstraint("stage_visit_months_pk", ["pipeline_id", "owner_id", "stage_id", "month"])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("stage_visit_months").ifExists().execute();
}
