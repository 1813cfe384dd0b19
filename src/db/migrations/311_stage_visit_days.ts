/**
 * Read model `stage_visit_days` (issue 10): per (pipeline, owner, stage, month a visit ended, whole days it lasted)
 * the ended stage visits, counted, with their summed durations; owner 0 held the sums over every owner (since migration 381: negative owner ids, sharded). Cycle time's
 * and the stall thresholds' duration histograms (medians, 90th percentiles) read whole months from here — a few
 * hundred rows per stage and month for the whole base — instead of every visit that ended in the range. The key leads
 * with (pipeline, owner): a rep's or a team's rows are index ranges. The table starts empty; opening the database
 * fills it from stage_visits (src/readmodels/visit-days.ts).
 */
import type { Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("stage_visit_days")
    .ifNotExists()
    .addColumn("pipeline_id", "bigint", (c) => c.notNull())
    .addColumn("owner_id", "bigint", (c) => c.notNull())
    .addColumn("stage_id", "bigint", (c) => c.notNull())
    .addColumn("month", "integer", (c) => c.notNull())
    .addColumn("days", "bigint", (c) => c.notNull())
    .addColumn("n", "bigint", (c) => c.notNull())
    .addColumn("sum_ms", "bigint", (c) => c.notNull())
    .addPrimaryKeyConstraint("stage_visit_days_pk", ["pipeline_id", "owner_id", "stage_id", "month", "days"])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("stage_visit_days").ifExists().execute();
}
