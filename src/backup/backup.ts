/**
 * Backup and restore as gzipped JSON lines, one table after another, read inside one transaction so the copy
 * is consistent while the server keeps running (WAL snapshot on SQLite, REPEATABLE READ on PostgreSQL). The
 * same file restores into either engine. Restore takes any Jindou backup: columns the current schema no longer has
 * are dropped, missing ones take their defaults, and NUL characters (which older versions let SQLite store but
 * PostgreSQL refuses) are removed from text and reported.
 */
import { rebuildAll } from "../readmodels/rebuild";
import { createReadStream, createWriteStream } from "node:fs";
import { createInterface } from "node:readline";
import { pipeline } from "node:stream/promises";
import { PassThrough } from "node:stream";
import { createGunzip, createGzip } from "node:zlib";
import { type Kysely, sql } from "kysely";
import type { Db } from "../db/connect";
import { isPostgres } from "../db/dialect";

const CHUNK = 5000;

/** Cache keys, not data (migration 401): kept out of backups, so a restore neither copies nor resets their counters. */
const NOT_BACKED_UP = new Set(["customer_stamps"]);

export async function listTables(db: Kysely<any>): Promise<string[]> {
  const rows = isPostgres(db)
    ? await sql<{
        name: string;
      }>`select tablename as name from pg_tables where schemaname = current_schema() and tablename not like 'kysely_%' order by tablename`.execute(db)
    : await sql<{
        name: string;
      }>`select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like 'kysely_%' and instr(name, '_fts') = 0 order by name`.execute(
        db,
      );
  return rows.rows.map((r) => r.name).filter((t) => !NOT_BACKED_UP.has(t));
}

/** Tables whose rows carry an auto-incrementing id (read in id order, sequences reset after restore). */
async function tablesWithId(db: Kysely<any>): Promise<Set<string>> {
  const tables = await db.introspection.getTables();
  return new Set(tables.filter((t) => t.columns.some((c) => c.name === "id" && c.isAutoIncrementing)).map((t) => t.name));
}

export async function backup(db: Db, file: string, onTable?: (table: string, rows: number) => void): Promise<Record<string, number>> {
  const out = new PassThrough();
  const done = pipeline(out, createGzip(), createWriteStream(file));
  const counts: Record<string, number> = {};
  const write = (line: string) => (out.write(line + "\n") ? Promise.resolve() : new Promise<void>((r) => out.once("drain", () => r())));
  let tx = db.transaction();
  if (isPostgres(db)) tx = tx.setIsolationLevel("repeatable read");
  await tx.execute(async (t) => {
    const any = t as unknown as Kysely<any>;
    await write(JSON.stringify({ jindou_backup: 1, engine: isPostgres(db) ? "postgres" : "sqlite", at: new Date().toISOString() }));
    const withId = await tablesWithId(any);
    for (const table of await listTables(any)) {
      await write(JSON.stringify({ table }));
      let n = 0;
      if (withId.has(table)) {
        for (let last = -Infinity; ; ) {
          const rows = await any
            .selectFrom(table)
            .selectAll()
            .where("id", ">", last === -Infinity ? -1 : last)
            .orderBy("id")
            .limit(CHUNK)
            .execute();
          for (const row of rows) await write(JSON.stringify(row));
          n += rows.length;
          if (rows.length < CHUNK) break;
          last = rows[rows.length - 1].id;
        }
      } else {
        const rows = await any.selectFrom(table).selectAll().execute();
        for (const row of rows) await write(JSON.stringify(row));
        n = rows.length;
      }
      counts[table] = n;
      onTable?.(table, n);
    }
  });
  out.end();
  await done;
  return counts;
}

/** A row fitted to the current table: known columns only, NUL removed from text, objects as JSON text. */
function fitRow(row: Record<string, unknown>, columns: Set<string>, onNul: () => void): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(row)) {
    if (!columns.has(k)) continue;
    if (typeof v === "string" && v.includes("\u0000")) {
      onNul();
      out[k] = v.replaceAll("\u0000", "");
    } else out[k] = v !== null && typeof v === "object" ? JSON.stringify(v) : v;
  }
  return out;
}

export interface RestoreOptions {
  force?: boolean;
  /** told of every table where NUL characters were removed, with the number of values cleaned */
  onCleaned?: (table: string, values: number) => void;
}

/** Restores a backup into a migrated database; refuses a database that holds records unless `force` empties it first. */
export async function restore(db: Db, file: string, opts: RestoreOptions = {}): Promise<Record<string, number>> {
  const any = db as unknown as Kysely<any>;
  const tables = await listTables(any);
  const columnsOf = new Map((await any.introspection.getTables()).map((t) => [t.name, new Set(t.columns.map((c) => c.name))]));
  const cleaned: Record<string, number> = {};
  const counts: Record<string, number> = {};
  await db.transaction().execute(async (tx) => {
    const t = tx as unknown as Kysely<any>;
    const nonEmpty: string[] = [];
    for (const table of tables) if ((await t.selectFrom(table).select(sql`1`.as("x")).limit(1).execute()).length) nonEmpty.push(table);
    if (nonEmpty.length && !opts.force)
      throw new Error(`the database is not empty (${nonEmpty.slice(0, 5).join(", ")}…); restore into a new database or pass --force`);
    for (const table of tables) await t.deleteFrom(table).execute();
    const lines = createInterface({ input: createReadStream(file).pipe(createGunzip()), crlfDelay: Infinity });
    let table: string | null = null;
    let batch: Record<string, unknown>[] = [];
    const flush = async () => {
      if (table && batch.length) await t.insertInto(table).values(batch).execute();
      batch = [];
    };
    let first = true;
    for await (const line of lines) {
      if (!line) continue;
      let obj: Record<string, unknown>;
      try {
        obj = JSON.parse(line);
      } catch {
        throw new Error(`${file} is not a Jindou backup (a line is not JSON)`);
      }
      if (first) {
        if (!obj?.jindou_backup) throw new Error(`${file} is not a Jindou backup`);
        first = false;
        continue;
      }
      if (typeof obj.table === "string" && Object.keys(obj).length === 1) {
        await flush();
        table = tables.includes(obj.table) ? obj.table : null;
        if (table) counts[table] = 0;
        continue;
      }
      if (!table) continue;
      const current = table;
      batch.push(
        fitRow(obj, columnsOf.get(current) ?? new Set(), () => {
          cleaned[current] = (cleaned[current] ?? 0) + 1;
        }),
      );
      counts[table]++;
      if (batch.length >= 500) await flush();
    }
    await flush();
    const withId = await tablesWithId(t);
    if (isPostgres(db))
      for (const table of Object.keys(counts))
        if (counts[table] && withId.has(table))
          await sql`select setval(pg_get_serial_sequence(${table}, 'id'), (select max(id) from ${sql.table(table)}))`.execute(t);
    await rebuildAll(tx);
  });
  for (const [table, n] of Object.entries(cleaned)) opts.onCleaned?.(table, n);
  return counts;
}
