/**
 * Report queries in one read-only transaction: on PostgreSQL with `work_mem` raised locally (SET LOCAL, so it ends
 * with the transaction and never leaks into pooled connections), which keeps the large per-customer GROUP BY and
 * sorts of the tiering and value reports in memory instead of spilling to disk. On SQLite the queries run as they are.
 */
import { sql } from "kysely";
import type { Db } from "./connect";
import { isPostgres } from "./dialect";
import type { DbOrTx } from "./tx";

export async function inReportTx<T>(db: Db, workMem: string, fn: (tx: DbOrTx) => Promise<T>): Promise<T> {
  if (!isPostgres(db)) return fn(db);
  if (!/^\d+(kB|MB|GB)$/.test(workMem)) throw new RangeError(`work_mem ${workMem}: use a size like 64MB`);
  return db.transaction().execute(async (tx) => {
    await sql`set transaction read only`.execute(tx);
    await sql.raw(`set local work_mem = '${workMem}'`).execute(tx);
    return fn(tx);
  });
}
