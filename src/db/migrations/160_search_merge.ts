/**
 * Global search and merge (issue 12). A stored `search_pinyin` column ("initials full", e.g. "jdkj jindoukeji") on
 * customers, contacts, opportunities and activities: a trigger on each engine clears it whenever the text it was
 * computed from changes, on every write path (API, import, restore, raw SQL), and src/search/pinyin-store.ts fills
 * the cleared rows (the write paths call it in their transaction; search calls it before reading). Search indexes for
 * the new kinds: FTS5 trigram tables on SQLite, pg_trgm GIN indexes on PostgreSQL. On SQLite the pinyin has FTS
 * tables of its own (<table>_pinyin_fts): the clearing trigger updates the row inside the update that changed the
 * text, and an external-content FTS table fed by both updates could be told the wrong old values; a table that
 * indexes only search_pinyin is always told exactly what it holds. And `external_id_aliases`: a merged record's external ids, so a re-import
 * finds the survivor.
 */
import { type Kysely, sql } from "kysely";
import { isPostgres } from "../dialect";
import { dropFtsTable, dropTrgmIndex, ftsTable, trgmIndex } from "../fts-sync";

/** Table → the text columns its pinyin is computed from. */
const PINYIN_OF: Array<[string, string[]]> = [
  ["customers", ["name"]],
  ["contacts", ["name"]],
  ["opportunities", ["title"]],
  ["activities", ["subject", "met_person"]],
];

/** SQLite FTS5 tables: table, fts table, indexed columns (customers_fts and opportunities_fts are 060's). */
const FTS: Array<[string, string, string[]]> = [
  ["contacts", "contacts_fts", ["name", "phone", "email", "title"]],
  ["activities", "activities_fts", ["subject", "met_person"]],
  ["quotes", "quotes_fts", ["number", "note"]],
  ...PINYIN_OF.map(([t]): [string, string, string[]] => [t, `${t}_pinyin_fts`, ["search_pinyin"]]),
];

/** PostgreSQL trigram indexes: table, column. */
const TRGM: Array<[string, string]> = [
  ["customers", "search_pinyin"],
  ["opportunities", "search_pinyin"],
  ["contacts", "name"],
  ["contacts", "phone"],
  ["contacts", "email"],
  ["contacts", "title"],
  ["contacts", "search_pinyin"],
  ["activities", "subject"],
  ["activities", "met_person"],
  ["activities", "search_pinyin"],
  ["quotes", "number"],
  ["quotes", "note"],
];

export async function up(db: Kysely<any>): Promise<void> {
  const pg = isPostgres(db);
  for (const [table] of PINYIN_OF) {
    await db.schema.alterTable(table).addColumn("search_pinyin", "text").execute();
    // the rows waiting for their pinyin, found without a scan
    await sql.raw(`create index ${table}_pinyin_pending on ${table} (id) where search_pinyin is null`).execute(db);
  }
  await db.schema
    .createTable("external_id_aliases")
    .addColumn("id", pg ? "bigserial" : "integer", (c) => (pg ? c.primaryKey() : c.primaryKey().autoIncrement()))
    .addColumn("entity", "text", (c) => c.notNull())
    .addColumn("alias", "text", (c) => c.notNull())
    .addColumn("target_id", "bigint", (c) => c.notNull())
    .addColumn("created_at", "bigint", (c) => c.notNull())
    .addUniqueConstraint("external_id_aliases_unique", ["entity", "alias"])
    .execute();
  await db.schema.createIndex("external_id_aliases_target").on("external_id_aliases").columns(["entity", "target_id"]).execute();

  if (pg) {
    await sql`create or replace function jindou_pinyin_stale() returns trigger language plpgsql as $$
      begin
        if new.search_pinyin is not distinct from old.search_pinyin then new.search_pinyin := null; end if;
        return new;
      end $$`.execute(db);
    for (const [table, cols] of PINYIN_OF) {
      const changed = cols.map((c) => `new.${c} is distinct from old.${c}`).join(" or ");
      await sql
        .raw(
          `create trigger ${table}_pinyin_stale before update of ${cols.join(", ")} on ${table} for each row when (${changed}) execute function jindou_pinyin_stale()`,
        )
        .execute(db);
    }
    for (const [table, col] of TRGM) await trgmIndex(db, table, col);
    return;
  }
  for (const [table, cols] of PINYIN_OF) {
    const changed = cols.map((c) => `new.${c} is not old.${c}`).join(" or ");
    await sql
      .raw(`create trigger ${table}_pinyin_stale after update of ${cols.join(", ")} on ${table} when (${changed}) and new.search_pinyin is old.search_pinyin
      begin update ${table} set search_pinyin = null where id = new.id; end`)
      .execute(db);
  }
  for (const [table, fts, cols] of FTS) await ftsTable(db, table, fts, cols);
}

export async function down(db: Kysely<any>): Promise<void> {
  const pg = isPostgres(db);
  if (pg) {
    for (const [table] of PINYIN_OF) await sql.raw(`drop trigger if exists ${table}_pinyin_stale on ${table}`).execute(db);
    await sql`drop function if exists jindou_pinyin_stale()`.execute(db);
    for (const [table, col] of TRGM) await dropTrgmIndex(db, table, col);
  } else {
    for (const [table] of PINYIN_OF) await sql.raw(`drop trigger if exists ${table}_pinyin_stale`).execute(db);
    for (const [, fts] of FTS) await dropFtsTable(db, fts);
  }
  await db.schema.dropTable("external_id_aliases").execute();
  for (const [table] of PINYIN_OF) {
    await sql.raw(`drop index if exists ${table}_pinyin_pending`).execute(db);
    await db.schema.alterTable(table).dropColumn("search_pinyin").execute();
  }
}
