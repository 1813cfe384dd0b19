/** Tiering: KAISM criterion scores entered by hand (share of wallet, strategic fit…), one per customer and criterion. */
import type { Kysely } from "kysely";
import { isPostgres } from "../dialect";

export async function up(db: Kysely<any>): Promise<void> {
  const pg = isPostgres(db);
  await db.schema
    .createTable("kaism_scores")
    .addColumn("id", pg ? "bigserial" : "integer", (c) => (pg ? c.primaryKey() : c.primaryKey().autoIncrement()))
    .addColumn("customer_id", "bigint", (c) => c.notNull())
    .addColumn("criterion", "text", (c) => c.notNull())
    .addColumn("score", "double precision", (c) => c.notNull())
    .addColumn("updated_by", "bigint", (c) => c.notNull())
    .addColumn("updated_at", "bigint", (c) => c.notNull())
    .addUniqueConstraint("kaism_scores_customer_criterion", ["customer_id", "criterion"])
    .execute();
}
