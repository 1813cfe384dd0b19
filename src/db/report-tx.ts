/**
 * Report queries in one read-only transaction: on PostgreSQL with `work_mem` raised locally (SET LOCAL, so it ends
 * with the transaction and never leaks into pooled connections), which keeps the large per-customer GROUP BY and
 * sorts of the tiering and value reports in memory instead of spilling to disk. On SQLite the queries run as they are.
 */
import { sql } from "kysely";
import type { Db } from "./connect";
import { isPostgres } from "./dialect";
import type { DbOrTx } from "./tx";

/**
 * `o.jitOff`: also `set local jit = off`. The settings go in one statement without parameters (the simple query
 * protocol takes several), so a report pays one round trip for them, not one each.
 */
export async function inReportTx<T>(db: Db, workMem: string, fn: (tx: DbOrTx) => Promise<T>, o: { jitOff?: boolean } = {}): Promise<T> {
  if (!isPostgres(db)) return fn(db);
  if (!/^\d+(kB|MB|GB)$/.test(workMem)) throw new RangeError(`work_mem ${workMem}: use a size like 64MB`);
  return db.transaction().execute(async (tx) => {
    await sql.raw(`set transaction read only; set local work_mem = '${workMem}'${o.jitOff ? "; set local jit = off" : ""}`).execute(tx);
    return fn(tx);
  });
}
