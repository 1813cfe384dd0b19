/**
 * Lists and search at scale (issue 10): an index for every sort the list routes offer (keyset paging reads them in
 * order), and substring search that works for Chinese — FTS5 trigram tables kept by triggers on SQLite, pg_trgm GIN
 * indexes on PostgreSQL. Queries of one or two characters (below a trigram) fall back to a scan in sort order.
 * And pipelines.config_version, the key of the move path's cache of pipeline rules, stages and criteria.
 */
import { type Kysely, sql } from "kysely";
import { isPostgres } from "../dialect";
import { dropFtsTable, dropTrgmIndex, ftsTable, trgmIndex } from "../fts-sync";

const SORT_INDEXES: Array<[string, string, string[]]> = [
  ["opportunities_updated_id", "opportunities", ["updated_at", "id"]],
  ["opportunities_created_id", "opportunities", ["created_at", "id"]],
  ["opportunities_amount_id", "opportunities", ["amount_fen", "id"]],
  ["opportunities_close_id", "opportunities", ["expected_close_date", "id"]],
  ["opportunities_title_id", "opportunities", ["title", "id"]],
  ["opportunities_entered_id", "opportunities", ["stage_entered_at", "id"]],
  ["opportunities_owner_updated_id", "opportunities", ["owner_id", "updated_at", "id"]],
  ["customers_name_id", "customers", ["name", "id"]],
  ["customers_updated_id", "customers", ["updated_at", "id"]],
  ["customers_created_id", "customers", ["created_at", "id"]],
  ["customers_priority_id", "customers", ["priority", "id"]],
  ["customers_owner_name_id", "customers", ["owner_id", "name", "id"]],
  ["activities_created_id", "activities", ["created_at", "id"]],
  ["activities_owner_created_id", "activities", ["owner_id", "created_at", "id"]],
];

/** What each search covers: table, FTS table, searched columns. */
const SEARCHED: Array<[string, string, string[]]> = [
  ["customers", "customers_fts", ["name", "credit_code", "external_id"]],
  ["opportunities", "opportunities_fts", ["title"]],
];

export async function up(db: Kysely<any>): Promise<void> {
  // Bumped by every change to a pipeline's rules, stages or criteria: the move path caches the gate's view by it.
  await db.schema
    .alterTable("pipelines")
    .addColumn("config_version", "integer", (c) => c.notNull().defaultTo(0))
    .execute();
  for (const [name, table, cols] of SORT_INDEXES) await db.schema.createIndex(name).ifNotExists().on(table).columns(cols).execute();
  if (isPostgres(db)) {
    await sql`create extension if not exists pg_trgm`.execute(db);
    for (const [table, , cols] of SEARCHED) for (const col of cols) await trgmIndex(db, table, col);
    return;
  }
  for (const [table, fts, cols] of SEARCHED) await ftsTable(db, table, fts, cols);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("pipelines").dropColumn("config_version").execute();
  for (const [name] of SORT_INDEXES) await db.schema.dropIndex(name).ifExists().execute();
  if (isPostgres(db)) {
    for (const [table, , cols] of SEARCHED) for (const col of cols) await dropTrgmIndex(db, table, col);
    return;
  }
  for (const [, fts] of SEARCHED) await dropFtsTable(db, fts);
}
