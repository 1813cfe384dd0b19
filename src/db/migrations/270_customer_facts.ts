/**
 * Per-customer facts of the tiering reports (issue 10): `customer_deal_facts` (won and lost deals, open pipeline:
 * count, amount, Σ amount × probability, best probability, earliest close) and `customer_activity_months` (activities
 * done per customer and calendar month), each kept in step by the write paths (src/readmodels/customer-deals.ts,
 * activity-months.ts) with its own stamp in `read_model_stamps`: 64 shards per model, a write bumping only the shards
 * of the customers it touched, so concurrent moves of different customers rarely wait on one row and an audit row
 * or an order leaves these facts' caches valid. `opportunity_facts` gains the opportunity's customer, so a write that
 * moves or deletes an opportunity knows which customer it left; the tables start empty and opening the database
 * builds them (src/readmodels/rebuild.ts), opportunity_facts included.
 */
import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("customer_deal_facts")
    .ifNotExists()
    .addColumn("customer_id", "bigint", (c) => c.primaryKey())
    .addColumn("won", "integer", (c) => c.notNull())
    .addColumn("lost", "integer", (c) => c.notNull())
    .addColumn("open_count", "integer", (c) => c.notNull())
    .addColumn("open_amount_fen", "bigint", (c) => c.notNull())
    .addColumn("open_weighted_pct", "bigint", (c) => c.notNull())
    .addColumn("max_probability", "integer")
    .addColumn("earliest_close", "text")
    .execute();
  await db.schema
    .createTable("customer_activity_months")
    .ifNotExists()
    .addColumn("customer_id", "bigint", (c) => c.notNull())
    .addColumn("month", "integer", (c) => c.notNull())
    .addColumn("done", "integer", (c) => c.notNull())
    .addPrimaryKeyConstraint("customer_activity_months_pk", ["customer_id", "month"])
    .execute();
  await db.schema
    .createIndex("customer_activity_months_month")
    .ifNotExists()
    .on("customer_activity_months")
    .columns(["month", "customer_id", "done"])
    .execute();
  // the partial months at a window's edges are counted from the activities themselves
  await db.schema.createIndex("activities_done_customer").ifNotExists().on("activities").columns(["done_at", "customer_id"]).execute();
  await db.schema
    .createTable("read_model_stamps")
    .ifNotExists()
    .addColumn("model", "text", (c) => c.notNull())
    .addColumn("shard", "integer", (c) => c.notNull())
    .addColumn("version", "bigint", (c) => c.notNull())
    .addPrimaryKeyConstraint("read_model_stamps_pk", ["model", "shard"])
    .execute();
  // no rows here: each model's build (bumpAll) makes its 64 rows, so a new database holds no records
  // (a restore refuses a database that does) and a model never built has no stamp
  await db.schema.alterTable("opportunity_facts").addColumn("customer_id", "bigint").execute();
  // filled by the rebuild on open (the facts model counts as never built)
  await sql`delete from read_model_state where model = 'facts'`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ["customer_deal_facts", "customer_activity_months", "read_model_stamps"]) await db.schema.dropTable(t).ifExists().execute();
  await db.schema.dropIndex("activities_done_customer").ifExists().execute();
  await db.schema.alterTable("opportunity_facts").dropColumn("customer_id").execute();
}
