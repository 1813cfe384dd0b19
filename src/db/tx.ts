/** One helper for every write: a transaction on either database. */
import type { Transaction } from "kysely";
import type { Db } from "./connect";
import type { Database } from "./schema";

export type Tx = Transaction<Database>;
export type DbOrTx = Db | Tx;

export function inTx<T>(db: Db, work: (tx: Tx) => Promise<T>): Promise<T> {
  return db.transaction().execute(work);
}
