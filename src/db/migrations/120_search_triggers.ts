/**
 * Puts back the SQLite triggers that keep customer search (customers_fts, from 060) in step: 070 rebuilt the
 * customers table to make owner_id nullable, and a table rebuild drops its triggers. Re-indexes every customer
 * written since. PostgreSQL searches through pg_trgm indexes, which the rebuild never touched: nothing to do there.
 */
import { type Kysely, sql } from "kysely";
import { isPostgres } from "../dialect";

const COLS = ["name", "credit_code", "external_id"];

export async function up(db: Kysely<any>): Promise<void> {
  if (isPostgres(db)) return;
  const list = COLS.join(", ");
  const newVals = COLS.map((c) => `new.${c}`).join(", ");
  const oldVals = COLS.map((c) => `old.${c}`).join(", ");
  for (const t of ["ai", "ad", "au"]) await sql.raw(`drop trigger if exists customers_fts_${t}`).execute(db);
  await sql
    .raw(`create trigger customers_fts_ai after insert on customers begin insert into customers_fts(rowid, ${list}) values (new.id, ${newVals}); end`)
    .execute(db);
  await sql
    .raw(
      `create trigger customers_fts_ad after delete on customers begin insert into customers_fts(customers_fts, rowid, ${list}) values ('delete', old.id, ${oldVals}); end`,
    )
    .execute(db);
  await sql
    .raw(`create trigger customers_fts_au after update of ${list} on customers begin
    insert into customers_fts(customers_fts, rowid, ${list}) values ('delete', old.id, ${oldVals});
    insert into customers_fts(rowid, ${list}) values (new.id, ${newVals}); end`)
    .execute(db);
  await sql.raw(`insert into customers_fts(customers_fts) values ('rebuild')`).execute(db);
}

export async function down(_db: Kysely<any>): Promise<void> {
  // The triggers belong to 060's search tables; 060's down drops them with the table.
}
