/**
 * The tables of the live schema that have a given column (customer_id, contact_id …), read from the database's own
 * catalogue — so a merge moves the rows of a table added after it was written, and a test can prove none is left.
 */
import { sql } from "kysely";
import { isPostgres } from "./dialect";
import type { DbOrTx, Tx } from "./tx";

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

export interface MoveRules {
  /** table → the other columns of its unique key with the moved column: the source's rows that would collide are dropped (the survivor's win) */
  colliding?: Record<string, string[]>;
  /** tables left alone (read models, re-derived by the caller instead) */
  derived?: string[];
}

/** Moves every row pointing at `fromId` through `column` to `toId`, in every table that has the column; returns { table: rows }. */
export async function moveReferencingRows(tx: Tx, column: string, fromId: number, toId: number, rules: MoveRules = {}): Promise<Record<string, number>> {
  const moved: Record<string, number> = {};
  const col = sql.ref(column);
  for (const table of await tablesWithColumn(tx, column)) {
    if (rules.derived?.includes(table)) continue;
    const t = sql.table(table);
    const key = rules.colliding?.[table];
    if (key) {
      const same = sql.join(
        key.map((k) => sql`k.${sql.ref(k)} = ${t}.${sql.ref(k)}`),
        sql` and `,
      );
      await sql`delete from ${t} where ${col} = ${fromId} and exists (select 1 from ${t} k where k.${col} = ${toId} and ${same})`.execute(tx);
    }
    const r = await sql`update ${t} set ${col} = ${toId} where ${col} = ${fromId}`.execute(tx);
    const n = Number(r.numAffectedRows ?? 0);
    if (n) moved[table] = n;
  }
  return moved;
}
