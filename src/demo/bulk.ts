/**
 * Streaming bulk insert for the demo generator: rows are buffered per table and written as one multi-row
 * statement per batch (SQLite: VALUES lists within the bound-parameter limit, through cached prepared statements
 * when a raw better-sqlite3 connection is given; PostgreSQL: one array per column through unnest), with a commit
 * every `commitRows` rows so memory and transactions stay bounded.
 */
import type BetterSqlite3 from "better-sqlite3";
import { CompiledQuery, type Kysely } from "kysely";
import type { Database } from "../db/schema";

export type Cell = string | number | null;
type PgType = "int8" | "int4" | "text" | "float8";

export interface TableSpec {
  table: keyof Database;
  columns: readonly (readonly [string, PgType])[];
}

export const spec = (table: keyof Database, columns: string): TableSpec => ({
  table,
  columns: columns
    .split(/\s+/)
    .filter(Boolean)
    .map((c) => {
      const [name, type = "int8"] = c.split(":");
      return [name, type as PgType] as const;
    }),
});

const SQLITE_MAX_PARAMS = 32_000;

export class BulkWriter {
  private buffers = new Map<TableSpec, Cell[][]>();
  private sqlCache = new Map<string, string>();
  private sinceCommit = 0;
  private inTx = false;
  /** rows written so far, per table */
  readonly written = new Map<string, number>();

  private statements = new Map<string, BetterSqlite3.Statement>();

  /** `raw`: a better-sqlite3 connection to the same SQLite file, used instead of `conn` for the bulk writes. */
  constructor(
    private readonly conn: Kysely<Database>,
    private readonly pg: boolean,
    private readonly raw: BetterSqlite3.Database | null = null,
    private readonly batchRows = pg ? 10_000 : 5_000,
    private readonly commitRows = 200_000,
  ) {}

  private async exec(sql: string): Promise<void> {
    if (this.raw) this.raw.exec(sql);
    else await this.conn.executeQuery(CompiledQuery.raw(sql));
  }

  /** Buffers one row; call `flushFull()` when it returns true. */
  add(t: TableSpec, row: Cell[]): boolean {
    let buf = this.buffers.get(t);
    if (!buf) {
      buf = [];
      this.buffers.set(t, buf);
    }
    buf.push(row);
    return buf.length >= this.limit(t);
  }

  private limit(t: TableSpec): number {
    return this.pg ? this.batchRows : Math.min(this.batchRows, Math.floor(SQLITE_MAX_PARAMS / t.columns.length));
  }

  /** Writes every buffer that has reached its batch size. */
  async flushFull(): Promise<void> {
    for (const [t, buf] of this.buffers) if (buf.length >= this.limit(t)) await this.write(t, buf.splice(0));
  }

  /** Writes everything buffered and commits. */
  async flushAll(): Promise<void> {
    for (const [t, buf] of this.buffers) if (buf.length) await this.write(t, buf.splice(0));
    await this.commit();
  }

  private async write(t: TableSpec, rows: Cell[][]): Promise<void> {
    if (!this.inTx) {
      await this.exec("begin");
      this.inTx = true;
    }
    const cols = t.columns.map((c) => c[0]).join(", ");
    if (this.pg) {
      const arrays: Cell[][] = t.columns.map(() => new Array<Cell>(rows.length));
      for (let r = 0; r < rows.length; r++) for (let c = 0; c < arrays.length; c++) arrays[c][r] = rows[r][c];
      const key = t.table;
      let sql = this.sqlCache.get(key);
      if (!sql) {
        const unnest = t.columns.map((c, i) => `$${i + 1}::${c[1]}[]`).join(", ");
        sql = `insert into ${t.table} (${cols}) select * from unnest(${unnest})`;
        this.sqlCache.set(key, sql);
      }
      await this.conn.executeQuery(CompiledQuery.raw(sql, arrays));
    } else {
      const key = `${t.table}:${rows.length}`;
      let sql = this.sqlCache.get(key);
      if (!sql) {
        const one = `(${t.columns.map(() => "?").join(",")})`;
        sql = `insert into ${t.table} (${cols}) values ${new Array(rows.length).fill(one).join(",")}`;
        this.sqlCache.set(key, sql);
      }
      const params: Cell[] = [];
      for (const r of rows) for (const v of r) params.push(v);
      if (this.raw) {
        let stmt = this.statements.get(key);
        if (!stmt) {
          stmt = this.raw.prepare(sql);
          this.statements.set(key, stmt);
        }
        stmt.run(params);
      } else {
        await this.conn.executeQuery(CompiledQuery.raw(sql, params));
      }
    }
    this.written.set(t.table, (this.written.get(t.table) ?? 0) + rows.length);
    this.sinceCommit += rows.length;
    if (this.sinceCommit >= this.commitRows) await this.commit();
  }

  private async commit(): Promise<void> {
    if (this.inTx) await this.exec("commit");
    this.inTx = false;
    this.sinceCommit = 0;
  }

  /** Rolls back an open transaction after a failure. */
  async abort(): Promise<void> {
    if (this.inTx) await this.exec("rollback").catch(() => undefined);
    this.inTx = false;
  }
}
