/**
 * Schema helpers the search migrations share (060, 120, 160): an SQLite FTS5 trigram table over a content table,
 * the three triggers that keep it in step with every write, and PostgreSQL's pg_trgm index on one lowered column.
 */
import { type Kysely, sql } from "kysely";

/** (Re)creates the insert, delete and update triggers that keep `fts` equal to `cols` of `table`, then re-indexes it. */
export async function ftsTriggers(db: Kysely<any>, table: string, fts: string, cols: string[]): Promise<void> {
  const list = cols.join(", ");
  const newVals = cols.map((c) => `new.${c}`).join(", ");
  const oldVals = cols.map((c) => `old.${c}`).join(", ");
  for (const t of ["ai", "ad", "au"]) await sql.raw(`drop trigger if exists ${fts}_${t}`).execute(db);
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

/** An external-content FTS5 trigram table `fts` over `cols` of `table` (rowid = id), with its triggers, built from the rows there. */
export async function ftsTable(db: Kysely<any>, table: string, fts: string, cols: string[]): Promise<void> {
  for (const t of ["ai", "ad", "au"]) await sql.raw(`drop trigger if exists ${fts}_${t}`).execute(db);
  await sql.raw(`drop table if exists ${fts}`).execute(db);
  await sql.raw(`create virtual table ${fts} using fts5(${cols.join(", ")}, content='${table}', content_rowid='id', tokenize='trigram')`).execute(db);
  await ftsTriggers(db, table, fts, cols);
}

/** Drops an FTS table and its triggers. */
export async function dropFtsTable(db: Kysely<any>, fts: string): Promise<void> {
  for (const t of ["ai", "ad", "au"]) await sql.raw(`drop trigger if exists ${fts}_${t}`).execute(db);
  await sql.raw(`drop table if exists ${fts}`).execute(db);
}

/** PostgreSQL: the GIN trigram index `<table>_<col>_trgm` on lower(col), which substring search (src/db/search.ts) uses. */
export async function trgmIndex(db: Kysely<any>, table: string, col: string): Promise<void> {
  await sql.raw(`create index if not exists ${table}_${col}_trgm on ${table} using gin (lower(${col}) gin_trgm_ops)`).execute(db);
}

export async function dropTrgmIndex(db: Kysely<any>, table: string, col: string): Promise<void> {
  await sql.raw(`drop index if exists ${table}_${col}_trgm`).execute(db);
}
