/** Win-probability models (F4): each trained model with its hold-out evaluation, and the latest prediction per open deal. */
import type { Kysely } from "kysely";
import { isPostgres } from "../dialect";

export async function up(db: Kysely<any>): Promise<void> {
  const pg = isPostgres(db);
  await db.schema
    .createTable("win_models")
    .addColumn("id", pg ? "bigserial" : "integer", (c) => (pg ? c.primaryKey() : c.primaryKey().autoIncrement()))
    .addColumn("trained_at", "bigint", (c) => c.notNull())
    .addColumn("trained_by", "bigint")
    .addColumn("params", "text", (c) => c.notNull())
    .addColumn("evaluation", "text", (c) => c.notNull())
    .execute();
  await db.schema
    .createTable("win_predictions")
    .addColumn("opportunity_id", "bigint", (c) => c.primaryKey())
    .addColumn("model_id", "bigint", (c) => c.notNull())
    .addColumn("probability", "double precision", (c) => c.notNull())
    .addColumn("factors", "text", (c) => c.notNull())
    .addColumn("scored_at", "bigint", (c) => c.notNull())
    .execute();
  // won-in-period sums (forecast, accuracy) filter on status and closed_at
  await db.schema.createIndex("opportunities_status_closed").on("opportunities").columns(["status", "closed_at"]).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex("opportunities_status_closed").execute();
  await db.schema.dropTable("win_predictions").execute();
  await db.schema.dropTable("win_models").execute();
}
