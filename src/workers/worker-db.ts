/**
 * The compute workers' own connections: where a worker can open the database the main thread uses (a SQLite file or
 * a PostgreSQL URL), and, worker side, one handle per database for the worker's lifetime — the shared per-customer
 * aggregates computed there (src/db/data-stamp.ts) live with it.
 */
import { isMainThread } from "node:worker_threads";
import { type Db, type DbHandle, dbLocation, openDb } from "../db/connect";

/**
 * The location a compute worker opens to read for the main thread: undefined when it cannot (SQLite in memory, a
 * transaction), when workers are switched off (WORKERS=0) or when already in a worker (which reads on its own handle).
 */
export function offLoopLocation(db: Db): string | undefined {
  if (!isMainThread || process.env.WORKERS === "0") return undefined;
  return dbLocation(db)?.location;
}

const handles = new Map<string, DbHandle>();

/** Worker side: the handle of the database at `location`, opened on first use and kept. */
export function workerDb(location: string): Db {
  let h = handles.get(location);
  if (!h) handles.set(location, (h = openDb(location)));
  return h.db;
}
