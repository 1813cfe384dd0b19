/**
 * Multi-row INSERT for imports, inside the caller's transaction: SQLite gets `values (…),(…)` lists within its
 * bound-parameter limit; PostgreSQL gets one array per column through `unnest` (no parameter limit, one plan).
 */
import { CompiledQuery } from "kysely";
import { isPostgres } from "../db/dialect";
import type { DbOrTx } from "../db/tx";

export type PgType = "int8" | "int4" | "text" | "float8";
export type BulkCell = string | number | null;
export type BulkColumns = ReadonlyArray<readonly [string, PgType]>;

const SQLITE_MAX_PARAMS = 32_000;

/** Inserts the rows (cells in `columns` order); returns the `returning` columns of each row, in order. */
export async function insertRows(
  tx: DbOrTx, table: string, columns: BulkColumns, rows: BulkCell[][], returning: string[] = [],
): Promise<Array<Record<string, unknown>>> {
  if (rows.length === 0) return [];
  const names = columns.map((c) => c[0]).join(", ");
  const ret = returning.length ? ` returning ${returning.join(", ")}` : "";
  const out: Array<Record<string, unknown>> = [];
  if (isPostgres(tx)) {
    const arrays = columns.map((_, c) => rows.map((r) => r[c]));
    const unnest = columns.map((c, i) => `$${i + 1}::${c[1]}[]`).join(", ");
    // `with ordinality … order by` keeps the returned ids in input order.
    const sql = `insert into ${table} (${names}) select ${columns.map((_, i) => `u.c${i}`).join(", ")} from unnest(${unnest}) with ordinality as u(${columns.map((_, i) => `c${i}`).join(", ")}, n) order by u.n${ret}`;
    const r = await tx.executeQuery(CompiledQuery.raw(sql, arrays));
    return r.rows as Array<Record<string, unknown>>;
  }
  const per = Math.max(1, Math.floor(SQLITE_MAX_PARAMS / columns.length));
  const one = `(${columns.map(() => "?").join(",")})`;
  for (let i = 0; i < rows.length; i += per) {
    const part = rows.slice(i, i + per);
    const sql = `insert into ${table} (${names}) values ${new Array(part.length).fill(one).join(",")}${ret}`;
    const params: BulkCell[] = [];
    for (const r of part) for (const v of r) params.push(v);
    const r = await tx.executeQuery(CompiledQuery.raw(sql, params));
    for (const x of r.rows) out.push(x as Record<string, unknown>);
  }
  return out;
}

/** Rows of `table` whose `column` is one of `values`, in slices that respect both engines' parameter limits. */
export async function selectWhereIn<T = Record<string, unknown>>(
  tx: DbOrTx, table: string, select: string, column: string, values: readonly (string | number)[],
): Promise<T[]> {
  if (values.length === 0) return [];
  const out: T[] = [];
  if (isPostgres(tx)) {
    const type = typeof values[0] === "number" ? "int8" : "text";
    const r = await tx.executeQuery(CompiledQuery.raw(`select ${select} from ${table} where ${column} = any($1::${type}[])`, [values]));
    return r.rows as T[];
  }
  for (let i = 0; i < values.length; i += 10_000) {
    const part = values.slice(i, i + 10_000);
    const r = await tx.executeQuery(CompiledQuery.raw(`select ${select} from ${table} where ${column} in (${part.map(() => "?").join(",")})`, [...part]));
    for (const x of r.rows) out.push(x as T);
  }
  return out;
}
