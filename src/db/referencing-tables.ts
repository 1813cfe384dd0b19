/**
 * The tables of the live schema that have a given column (customer_id, contact_id …), read from the database's own
 * catalogue — so a merge moves the rows of a table added after it was written, and a test can prove none is left.
 */
import { sql } from "kysely";
import { isPostgres } from "./dialect";
import type { DbOrTx } from "./tx";

/** Names of the ordinary tables (no views, no FTS shadow tables) that have `column`, sorted. */
export async function tablesWithColumn(db: DbOrTx, column: string): Promise<string[]> {
  if (isPostgres(db)) {
    const r = await sql<{ t: string }>`select c.table_name as t from information_schema.columns c
      join information_schema.tables tb on tb.table_schema = c.table_schema and tb.table_name = c.table_name and tb.table_type = 'BASE TABLE'
      where c.table_schema = current_schema() and c.column_name = ${column} order by c.table_name`.execute(db);
    return r.rows.map((x) => x.t);
  }
  const r = await sql<{ t: string }>`select m.name as t from sqlite_master m, pragma_table_info(m.name) p
    where m.type = 'table' and m.sql not like 'create virtual%' and m.name not like 'sqlite_%' and p.name = ${column} order by m.name`.execute(db);
  return r.rows.map((x) => x.t);
}
