/**
 * Read model `opportunity_reach` (issue 10): one narrow row per opportunity — pipeline, owner, customer, source, status,
 * creation instant and the set of stages it ever entered (`,12,13,15,`: ids in ascending order between commas). The
 * conversion cohort becomes one grouped index range over the period's opportunities (group by stage set and status;
 * the furthest rank of each set is read off the ladder) instead of a join of the period's opportunities with all of
 * their stage visits (3.5 M visits hashed on the enterprise demo). The table starts empty; opening the database fills
 * it from opportunities and stage events (src/readmodels/opportunity-reach.ts).
 */
import type { Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("opportunity_reach")
    .ifNotExists()
    .addColumn("opportunity_id", "bigint", (c) => c.primaryKey())
    .addColumn("pipeline_id", "bigint", (c) => c.notNull())
    .addColumn("owner_id", "bigint", (c) => c.notNull())
    .addColumn("customer_id", "bigint", (c) => c.notNull())
    .addColumn("source", "text")
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("created_at", "bigint", (c) => c.notNull())
    .addColumn("stages", "text")
    .execute();
  // The whole pipeline's cohort: a range on (pipeline, created_at) answered from the index alone; a scoped viewer's
  // cohort: the scope's owners first.
  await db.schema
    .createIndex("opportunity_reach_pipe_created")
    .ifNotExists()
    .on("opportunity_reach")
    .columns(["pipeline_id", "created_at", "status", "stages"])
    .execute();
  await db.schema
    .createIndex("opportunity_reach_pipe_owner_created")
    .ifNotExists()
    .on("opportunity_reach")
    .columns(["pipeline_id", "owner_id", "created_at"])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("opportunity_reach").ifExists().execute();
}
