/** Opens the database: an embedded SQLite file by default, PostgreSQL when a postgres:// URL is given. */
import { createHash } from "node:crypto";
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

/** Where each handle opened here points (engine and URL or file), so a worker thread can open its own connection to it. */
const locations = new WeakMap<object, { kind: DbKind; location: string }>();
export const dbLocation = (db: object): { kind: DbKind; location: string } | undefined => locations.get(db);

export function openDb(url: string, opts: OpenOptions = {}): DbHandle {
  const log = opts.onQuery
    ? (e: LogEvent) => {
        if (e.level === "query") opts.onQuery!(e.query.sql);
      }
    : undefined;
  if (/^postgres(ql)?:\/\//.test(url)) {
    const pool = new pg.Pool({ connectionString: url, max: Number(process.env.PG_POOL_MAX ?? 10), connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
    // An idle connection closed by the server (restart, dropped test database) must not crash the process;
    // the pool replaces it on the next query.
    pool.on("error", (err) => {
      if (process.env.JINDOU_DEBUG) console.warn(`postgres idle connection: ${err.message}`);
    });
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: withPreparedStatements(pool) }), log });
    locations.set(db, { kind: "postgres", location: url });
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
  if (file !== ":memory:" && file !== "") {
    sqliteFiles.set(db, file);
    locations.set(db, { kind: "sqlite", location: file });
  }
  return { db, kind: "sqlite", location: file, close: () => db.destroy() };
}

/**
 * Named (server-side prepared) statements on PostgreSQL for the statements a process sends again and again — the
 * sign-in lookup, the move's read and write, list pages: each connection parses and plans them once. Kysely sends
 * text and parameters; a statement is named by a hash of its text from its second use on, for at most
 * PREPARED_MAX distinct texts per process (so a connection holds a bounded set); long report SQL stays unnamed,
 * unless the text ends with ALWAYS_NAMED (the stage move's one write statement, ~10 kB: unnamed, PostgreSQL parsed
 * and planned it on every move).
 */
const PREPARED_MAX = 300;
const PREPARED_TEXT_MAX = 4000;
/** Ends the text of a long statement of the hot path that is named all the same (a comment: the SQL is unchanged). */
export const ALWAYS_NAMED = "/* named */";
const seen = new Map<string, string | number>();
let named = 0;

/**
 * Whether a statement text may be sent as a named statement: a select or DML, not over the length limit unless marked
 * ALWAYS_NAMED, and with no `*` anywhere (even in a CTE: a column added by a migration elsewhere would change the
 * result type of a prepared statement whose text names no columns).
 */
export function nameable(text: string): boolean {
  return (
    (text.length <= PREPARED_TEXT_MAX || text.endsWith(ALWAYS_NAMED)) &&
    /^\s*(select|insert|update|delete|with)\b/i.test(text) &&
    !/(\.\*|select\s+\*|returning\s+\*)/i.test(text)
  );
}

function statementName(text: string): string | null {
  // A named text is looked up before the tests below (they scan the whole text on every call).
  const s = seen.get(text);
  if (typeof s === "string") return s;
  if (!nameable(text)) return null;
  if (s === undefined) {
    if (seen.size < PREPARED_MAX * 20) seen.set(text, 1);
    return null;
  }
  if (named >= PREPARED_MAX) return null;
  const name = `j${createHash("sha1").update(text).digest("hex").slice(0, 20)}`;
  seen.set(text, name);
  named++;
  return name;
}

function withPreparedStatements(pool: pg.Pool): pg.Pool {
  const patched = new WeakSet<pg.PoolClient>();
  const connect = pool.connect.bind(pool);
  const wrapped = async () => {
    const client = await connect();
    if (!patched.has(client)) {
      patched.add(client);
      const query = client.query.bind(client) as (...a: unknown[]) => unknown;
      (client as { query: unknown }).query = (text: unknown, values?: unknown, cb?: unknown) => {
        const name = typeof text === "string" && Array.isArray(values) && cb === undefined ? statementName(text) : null;
        return name ? query({ name, text, values }) : query(text, values, cb);
      };
    }
    return client;
  };
  return new Proxy(pool, {
    get: (t, p, r) => (p === "connect" ? wrapped : typeof Reflect.get(t, p, r) === "function" ? Reflect.get(t, p, r).bind(t) : Reflect.get(t, p, r)),
  });
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
        if (stmt) {
          cache.delete(source);
          cache.set(source, stmt);
          return stmt;
        }
        stmt = prepare(source);
        cache.set(source, stmt);
        if (cache.size > size) cache.delete(cache.keys().next().value!);
        return stmt;
      };
    },
  });
}
