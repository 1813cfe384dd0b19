/** Opens the database: an embedded SQLite file by default, PostgreSQL when a postgres:// URL is given. */
import { dirname } from "node:path";
import SQLite from "better-sqlite3";
import { Kysely, type LogEvent, PostgresDialect, SqliteDialect } from "kysely";
import pg from "pg";
import type { DbKind } from "./dialect";
import { CONNECT_TIMEOUT_MS, ensureWritableDir } from "./preflight";
import type { Database } from "./schema";
import { sqliteFiles } from "./sqlite-read";

export type Db = Kysely<Database>;

export interface DbHandle {
  db: Db;
  kind: DbKind;
  /** the SQLite file path, or the PostgreSQL URL */
  location: string;
  close(): Promise<void>;
}

// int8 (counts, sums, bigint columns) and numeric (sum of bigint) arrive as strings from pg: all our
// values are below 2^53 (fen amounts, epoch ms), so numbers are exact.
pg.types.setTypeParser(20, (v) => Number(v));
pg.types.setTypeParser(1700, (v) => Number(v));

export interface OpenOptions {
  /** called with the SQL of every statement sent to the database (BEGIN and COMMIT included): tests count round trips */
  onQuery?: (sql: string) => void;
}

export function openDb(url: string, opts: OpenOptions = {}): DbHandle {
  const log = opts.onQuery ? (e: LogEvent) => { if (e.level === "query") opts.onQuery!(e.query.sql); } : undefined;
  if (/^postgres(ql)?:\/\//.test(url)) {
    const pool = new pg.Pool({ connectionString: url, max: Number(process.env.PG_POOL_MAX ?? 10), connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
    // An idle connection closed by the server (restart, dropped test database) must not crash the process;
    // the pool replaces it on the next query.
    pool.on("error", (err) => { if (process.env.JINDOU_DEBUG) console.warn(`postgres idle connection: ${err.message}`); });
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }), log });
    return { db, kind: "postgres", location: url, close: () => db.destroy() };
  }
  const file = url.replace(/^sqlite:(\/\/)?/, "");
  if (file !== ":memory:") ensureWritableDir(dirname(file), process.env.DATABASE_URL ? "DATABASE_URL" : "DATA_DIR");
  const sqlite = new SQLite(file);
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("synchronous = NORMAL");
  sqlite.pragma("busy_timeout = 5000");
  sqlite.pragma("foreign_keys = OFF");
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }), log });
  if (file !== ":memory:" && file !== "") sqliteFiles.set(db, file);
  return { db, kind: "sqlite", location: file, close: () => db.destroy() };
}

/**
 * Kysely prepares every query anew; compiling SQLite statements costs more than running the small ones, so
 * the connection keeps the last few hundred prepared statements by SQL text (one connection, used serially).
 */
function withStatementCache(sqlite: SQLite.Database, size = 500): SQLite.Database {
  const cache = new Map<string, SQLite.Statement>();
  const prepare = sqlite.prepare.bind(sqlite);
  return new Proxy(sqlite, {
    get(target, prop, receiver) {
      if (prop !== "prepare") {
        const v = Reflect.get(target, prop, receiver);
        return typeof v === "function" ? v.bind(target) : v;
      }
      return (source: string) => {
        let stmt = cache.get(source);
        if (stmt) { cache.delete(source); cache.set(source, stmt); return stmt; }
        stmt = prepare(source);
        cache.set(source, stmt);
        if (cache.size > size) cache.delete(cache.keys().next().value!);
        return stmt;
      };
    },
  });
}
