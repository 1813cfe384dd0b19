/**
 * Lists and search at scale (issue 10): an index for every sort the list routes offer (keyset paging reads them in
 * order), and substring search that works for Chinese — FTS5 trigram tables kept by triggers on SQLite, pg_trgm GIN
 * indexes on PostgreSQL. Queries of one or two characters (below a trigram) fall back to a scan in sort order.
 * And pipelines.config_version, the key of the move path's cache of pipeline rules, stages and criteria.
 */
import { type Kysely, sql } from "kysely";
import { isPostgres } from "../dialect";

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
    await sql`create index if not exists customers_name_trgm on customers using gin (lower(name) gin_trgm_ops)`.execute(db);
    await sql`create index if not exists customers_credit_code_trgm on customers using gin (lower(credit_code) gin_trgm_ops)`.execute(db);
    await sql`create index if not exists customers_external_id_trgm on customers using gin (lower(external_id) gin_trgm_ops)`.execute(db);
    await sql`create index if not exists opportunities_title_trgm on opportunities using gin (lower(title) gin_trgm_ops)`.execute(db);
    return;
  }
  for (const [table, fts, cols] of SEARCHED) {
    const list = cols.join(", ");
    const newVals = cols.map((c) => `new.${c}`).join(", ");
    const oldVals = cols.map((c) => `old.${c}`).join(", ");
    await sql.raw(`create virtual table ${fts} using fts5(${list}, content='${table}', content_rowid='id', tokenize='trigram')`).execute(db);
    await sql.raw(`create trigger ${fts}_ai after insert on ${table} begin insert into ${fts}(rowid, ${list}) values (new.id, ${newVals}); end`).execute(db);
    await sql
      .raw(`create trigger ${fts}_ad after delete on ${table} begin insert into ${fts}(${fts}, rowid, ${list}) values ('delete', old.id, ${oldVals}); end`)
      .execute(db);
    await sql
      .raw(`create trigger ${fts}_au after update of ${list} on ${table} begin
      insert into ${fts}(${fts}, rowid, ${list}) values ('delete', old.id, ${oldVals});
      insert into ${fts}(rowid, ${list}) values (new.id, ${newVals}); end`)
      .execute(db);
    await sql.raw(`insert into ${fts}(${fts}) values ('rebuild')`).execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("pipelines").dropColumn("config_version").execute();
  for (const [name] of SORT_INDEXES) await db.schema.dropIndex(name).ifExists().execute();
  if (isPostgres(db)) {
    await sql`drop index if exists customers_name_trgm`.execute(db);
    await sql`drop index if exists customers_credit_code_trgm`.execute(db);
    await sql`drop index if exists customers_external_id_trgm`.execute(db);
    await sql`drop index if exists opportunities_title_trgm`.execute(db);
    return;
  }
  for (const [, fts] of SEARCHED) await sql.raw(`drop table if exists ${fts}`).execute(db);
}
