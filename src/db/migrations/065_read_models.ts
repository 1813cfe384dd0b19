/**
 * Read models (issue 10): stage visits, a per-customer × month order roll-up and per-opportunity facts, each kept
 * in step by the write paths (src/readmodels/). The tables start empty; opening the database (src/cli/context.ts)
 * fills any model without a row in read_model_state from the source of truth (the same as `jindou rebuild all`).
 */
import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  const ms = "bigint" as const;
  await db.schema
    .createTable("stage_visits")
    .addColumn("id", "bigint", (c) => c.primaryKey()) // the entering stage event's id
    .addColumn("opportunity_id", "bigint", (c) => c.notNull())
    .addColumn("pipeline_id", "bigint", (c) => c.notNull())
    .addColumn("stage_id", "bigint", (c) => c.notNull())
    .addColumn("from_stage_id", "bigint")
    .addColumn("enter_kind", "text", (c) => c.notNull())
    .addColumn("owner_id", "bigint", (c) => c.notNull())
    .addColumn("team_id", "bigint")
    .addColumn("customer_id", "bigint", (c) => c.notNull())
    .addColumn("source", "text")
    .addColumn("amount_fen", "bigint", (c) => c.notNull())
    .addColumn("entered_at", ms, (c) => c.notNull())
    .addColumn("left_at", ms)
    .addColumn("left_kind", "text")
    .execute();
  // Scope columns lead (pipeline, then owner for reps and managers): entered in a range (flow), left in a range
  // (cycle time, stall percentiles), current at an instant (as of: left after it or not yet, then entered before it).
  const index = (name: string, columns: string[]) => db.schema.createIndex(name).on("stage_visits").columns(columns).execute();
  await index("stage_visits_pipe_entered", ["pipeline_id", "entered_at"]);
  await index("stage_visits_pipe_owner_entered", ["pipeline_id", "owner_id", "entered_at"]);
  await index("stage_visits_pipe_left", ["pipeline_id", "left_at", "stage_id", "entered_at"]);
  await index("stage_visits_pipe_owner_left", ["pipeline_id", "owner_id", "left_at"]);
  await index("stage_visits_opp", ["opportunity_id"]);
  // "Current at T" (as-of snapshots, health): per pipeline and stage, visits leaving after T (a current one counts as
  // leaving at the end of time), then entered before T — an index range, not a scan of every visit.
  await sql`create index stage_visits_at on stage_visits (pipeline_id, stage_id, (coalesce(left_at, 9007199254740991)), entered_at)`.execute(db);
  // Current-state reports by scope: deals closed in a period (health, velocity, cycle's won bins) and a rep's book.
  await db.schema.createIndex("opportunities_pipe_status_closed").on("opportunities").columns(["pipeline_id", "status", "closed_at"]).execute();
  await db.schema.createIndex("opportunities_owner_pipe_status").on("opportunities").columns(["owner_id", "pipeline_id", "status"]).execute();

  await db.schema
    .createTable("customer_months")
    .addColumn("customer_id", "bigint", (c) => c.notNull())
    .addColumn("month", "integer", (c) => c.notNull())
    .addColumn("orders", "integer", (c) => c.notNull())
    .addColumn("days", "integer", (c) => c.notNull())
    .addColumn("amount_fen", "bigint", (c) => c.notNull())
    .addColumn("cost_fen", "bigint", (c) => c.notNull())
    .addColumn("units", "bigint", (c) => c.notNull())
    .addColumn("first_at", ms, (c) => c.notNull())
    .addColumn("last_at", ms, (c) => c.notNull())
    .addColumn("first_day", "integer", (c) => c.notNull())
    .addColumn("last_day", "integer", (c) => c.notNull())
    .addColumn("first_day_amount_fen", "bigint", (c) => c.notNull())
    .addPrimaryKeyConstraint("customer_months_pk", ["customer_id", "month"])
    .execute();
  await db.schema.createIndex("customer_months_month").on("customer_months").columns(["month", "customer_id"]).execute();

  await db.schema
    .createTable("opportunity_facts")
    .addColumn("opportunity_id", "bigint", (c) => c.primaryKey())
    .addColumn("owner_id", "bigint", (c) => c.notNull())
    .addColumn("activities", "integer", (c) => c.notNull())
    .addColumn("last_activity_at", ms)
    .addColumn("next_activity_at", ms)
    .execute();

  await db.schema
    .createTable("read_model_state")
    .addColumn("model", "text", (c) => c.primaryKey())
    .addColumn("offset_ms", "bigint", (c) => c.notNull())
    .addColumn("built_at", ms, (c) => c.notNull())
    .execute();

  await db.schema.createIndex("opportunity_facts_owner").on("opportunity_facts").columns(["owner_id", "last_activity_at"]).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ["stage_visits", "customer_months", "opportunity_facts", "read_model_state"]) await db.schema.dropTable(t).execute();
  for (const i of ["opportunities_pipe_status_closed", "opportunities_owner_pipe_status"]) await db.schema.dropIndex(i).execute();
}
