/**
 * Puts back the SQLite triggers that keep customer search (customers_fts, from 060) in step: 070 rebuilt the
 * customers table to make owner_id nullable, and a table rebuild drops its triggers. Re-indexes every customer
 * written since. PostgreSQL searches through pg_trgm indexes, which the rebuild never touched: nothing to do there.
 */
import type { Kysely } from "kysely";
import { isPostgres } from "../dialect";
import { ftsTriggers } from "../fts-sync";

const COLS = ["name", "credit_code", "external_id"];

export async function up(db: Kysely<any>): Promise<void> {
  if (isPostgres(db)) return;
  await ftsTriggers(db, "customers", "customers_fts", COLS);
}

export async function down(_db: Kysely<any>): Promise<void> {
  // The triggers belong to 060's search tables; 060's down drops them with the table.
}
