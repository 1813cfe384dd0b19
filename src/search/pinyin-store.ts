/**
 * Fills the stored pinyin (search_pinyin) of rows whose text changed: migration 160's triggers clear it on every
 * write path, this computes it again. Write paths call it inside their transaction; search calls it before reading,
 * so a row written by a path that does not (a restore, a bulk load) is found all the same. Each update names the
 * text it was computed from, so a concurrent rename is never given the old name's pinyin.
 */
import { sql } from "kysely";
import type { DbOrTx } from "../db/tx";
import { pinyinKeys } from "./pinyin";

/** Table → the text columns its pinyin is computed from (as in migration 160). */
export const PINYIN_SOURCES = {
  customers: ["name"],
  contacts: ["name"],
  opportunities: ["title"],
  activities: ["subject", "met_person"],
} as const;

type PinyinTable = keyof typeof PINYIN_SOURCES;
const BATCH = 500;

/** Computes the pinyin of every row of `tables` that has none; returns how many rows it filled. */
export async function fillPinyin(db: DbOrTx, tables: readonly PinyinTable[] = Object.keys(PINYIN_SOURCES) as PinyinTable[]): Promise<number> {
  let filled = 0;
  for (const table of tables) {
    const cols = PINYIN_SOURCES[table];
    for (let last = 0; ; ) {
      const rows = (
        await sql<Record<string, string | number | null>>`select id, ${sql.join(cols.map((c) => sql.ref(c)))} from ${sql.table(table)}
        where search_pinyin is null and id > ${last} order by id limit ${BATCH}`.execute(db)
      ).rows;
      if (rows.length) {
        // one statement per batch: (id, pinyin, text…) rows joined by id, and only while the text is still the same
        const values = rows.map(
          (r) =>
            sql`(cast(${r.id} as bigint), cast(${pinyinKeys(...cols.map((c) => r[c] as string | null))} as text), ${sql.join(cols.map((c) => sql`cast(${r[c]} as text)`))})`,
        );
        const same = cols.map(
          (c, i) => sql`(t.${sql.ref(c)} = v.${sql.ref(`column${i + 3}`)} or (t.${sql.ref(c)} is null and v.${sql.ref(`column${i + 3}`)} is null))`,
        );
        await sql`update ${sql.table(table)} as t set search_pinyin = v.column2 from (values ${sql.join(values)}) as v
          where t.id = v.column1 and t.search_pinyin is null and ${sql.join(same, sql` and `)}`.execute(db);
      }
      filled += rows.length;
      if (rows.length < BATCH) break;
      last = Number(rows[rows.length - 1].id);
    }
  }
  return filled;
}
