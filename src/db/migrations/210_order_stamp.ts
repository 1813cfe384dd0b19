/**
 * Scale (issue 10): read_model_state.version, a counter every change of customer_months bumps in the writer's own
 * transaction (refresh and rebuild), so aggregates that depend only on orders — the per-customer order totals the
 * tiering reports share, the lifetime-value fit — are cached per order stamp instead of per whole-data stamp.
 */
import type { Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable("read_model_state")
    .addColumn("version", "bigint", (c) => c.notNull().defaultTo(0))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("read_model_state").dropColumn("version").execute();
}
