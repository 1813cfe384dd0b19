/** How a read model's maintenance picks its rows: a list of keys (the write paths) or a key range (rebuild chunks). */
import { type RawBuilder, type SqlBool, sql } from "kysely";
import type { DbOrTx } from "../db/tx";

export type Keys = { ids: readonly number[] } | { from: number; to: number };

/** `col in (…)` or `col >= from and col < to`. */
export function keyCond(col: string, k: Keys): RawBuilder<SqlBool> {
  if ("ids" in k) return k.ids.length ? sql<SqlBool>`${sql.ref(col)} in (${sql.join(k.ids.map((i) => sql.lit(i)))})` : sql<SqlBool>`1 = 0`;
  return sql<SqlBool>`${sql.ref(col)} >= ${sql.lit(k.from)} and ${sql.ref(col)} < ${sql.lit(k.to)}`;
}

/** Runs `work` over distinct ids in chunks of 5,000 (bind-parameter limits, statement size). */
export async function inChunks(ids: Iterable<number>, work: (k: Keys) => Promise<void>): Promise<void> {
  const all = [...new Set(ids)].filter((i) => Number.isInteger(i)).sort((a, b) => a - b);
  for (let i = 0; i < all.length; i += 5000) await work({ ids: all.slice(i, i + 5000) });
}

/** Walks [min, max] of a table's key in ranges of `step`, reporting progress; for rebuilds. */
export async function inRanges(
  db: DbOrTx,
  table: string,
  col: string,
  step: number,
  work: (k: Keys) => Promise<void>,
  onProgress?: (done: number, total: number) => void,
) {
  const r = await sql<{ lo: number | null; hi: number | null }>`select min(${sql.ref(col)}) as lo, max(${sql.ref(col)}) as hi from ${sql.table(table)}`.execute(
    db,
  );
  const lo = Number(r.rows[0]?.lo ?? 0),
    hi = Number(r.rows[0]?.hi ?? -1);
  const total = Math.max(0, hi - lo + 1);
  onProgress?.(0, total);
  for (let a = lo; a <= hi; a += step) {
    await work({ from: a, to: a + step });
    onProgress?.(Math.min(total, a + step - lo), total);
  }
}
