/**
 * Scale (issue 10): the forecast's open sums (forecast, Friday view, snapshots) read the `forecast_cells` read model
 * (src/readmodels/forecast-cells.ts) — per owner, close month and forecast category: open deals, amount and
 * Σ amount × probability — instead of every open deal of the period. Won deals closed in a period (the forecast's won
 * line, forecast accuracy's actuals) per owner come from an index-only scan: opportunities_closed_cover (281) gains the
 * owner as its last column, so the won sums per owner read no table row. A scoped viewer's "moved this week" reads the
 * week's stage visits of the owners it covers through (owner_id, entered_at). Filled by `jindou rebuild forecast` (and on
 * open while never built).
 */
import type { Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("forecast_cells")
    .ifNotExists()
    .addColumn("owner_id", "bigint", (c) => c.notNull())
    .addColumn("close_month", "text", (c) => c.notNull())
    .addColumn("forecast_category", "text", (c) => c.notNull())
    .addColumn("deals", "bigint", (c) => c.notNull())
    .addColumn("amount_fen", "bigint", (c) => c.notNull())
    .addColumn("weighted_pct", "bigint", (c) => c.notNull())
    .addPrimaryKeyConstraint("forecast_cells_pk", ["owner_id", "close_month", "forecast_category"])
    .execute();
  await db.schema.createIndex("forecast_cells_month").ifNotExists().on("forecast_cells").columns(["close_month", "owner_id"]).execute();
  await db.schema
    .createIndex("opportunities_closed_owner_cover")
    .ifNotExists()
    .on("opportunities")
    .columns(["status", "closed_at", "pipeline_id", "amount_fen", "created_at", "owner_id"])
    .execute();
  await db.schema.dropIndex("opportunities_closed_cover").ifExists().execute();
  await db.schema.createIndex("stage_visits_owner_entered").ifNotExists().on("stage_visits").columns(["owner_id", "entered_at"]).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex("opportunities_closed_cover")
    .ifNotExists()
    .on("opportunities")
    .columns(["status", "closed_at", "pipeline_id", "amount_fen", "created_at"])
    .execute();
  await db.schema.dropIndex("stage_visits_owner_entered").ifExists().execute();
  await db.schema.dropIndex("opportunities_closed_owner_cover").ifExists().execute();
  await db.schema.dropTable("forecast_cells").ifExists().execute();
}
