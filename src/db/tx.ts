/** One helper for every write: a transaction on either database. */
import type { Transaction } from "kysely";
import type { Db } from "./connect";
import type { Database } from "./schema";

export type Tx = Transaction<Database>;
export type DbOrTx = Db | Tx;

export function inTx<T>(db: Db, work: (tx: Tx) => Promise<T>): Promise<T> {
  return db.transaction().execute(work);
}

/**
 * PostgreSQL's answer when it broke a deadlock (40P01) or could not serialise (40001): the statement did nothing and
 * may be sent again as it was, when it is a statement of its own (not inside a transaction, which is aborted).
 */
export function isTransientConflict(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return code === "40P01" || code === "40001";
}
