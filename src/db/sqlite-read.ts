/**
 * Read-only SQLite connections for worker threads: a long read runs there on its own connection (WAL lets it read
 * while the main connection writes), so the server's event loop and main connection stay free.
 */
import SQLite from "better-sqlite3";

const open = new Map<string, SQLite.Database>();

export function readSqlite<R>(file: string, sqlText: string, parameters: readonly unknown[]): R[] {
  let db = open.get(file);
  if (!db) {
    db = new SQLite(file, { readonly: true, fileMustExist: true });
    db.pragma("busy_timeout = 5000");
    open.set(file, db);
  }
  return db.prepare(sqlText).all(...(parameters as unknown[])) as R[];
}

/** The SQLite files opened by openDb, so that a heavy read can be sent to a worker holding its own connection. */
export const sqliteFiles = new WeakMap<object, string>();
