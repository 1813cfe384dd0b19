/**
 * Keyset paging for list routes: a page continues after the last row's (sort value, id), so page 1,000 costs what
 * page 1 does and inserts between requests never repeat or skip rows. The cursor is opaque: base64url of the sort
 * name, value and id, with a keyed checksum; a cursor that was changed, or comes from another sort, answers 400.
 * NULLs sort last in both directions (the same on SQLite and PostgreSQL); ties break on id in the sort's direction,
 * so an index on (column, id) serves both.
 */
import { createHmac } from "node:crypto";
import { type RawBuilder, type SqlBool, sql } from "kysely";
import { invalid } from "../core/errors";

export interface SortSpec {
  /** the name in the API, e.g. "-updated" */
  name: string;
  /** the column, e.g. "o.updated_at" */
  col: string;
  dir: "asc" | "desc";
  nullable?: boolean;
  /** the id column, e.g. "o.id" */
  idCol: string;
}

type Key = string | number | null;
export interface Cursor {
  value: Key;
  id: number;
}

const secret = () => process.env.CURSOR_SECRET ?? "jindou-keyset-v1";
const mac = (payload: string) => createHmac("sha256", secret()).update(payload).digest("base64url").slice(0, 16);

export function encodeCursor(sort: string, value: Key, id: number): string {
  const payload = Buffer.from(JSON.stringify([sort, value, id])).toString("base64url");
  return `${payload}.${mac(payload)}`;
}

/** The position a cursor names, or a 400 when it was altered, is malformed, or belongs to another sort order. */
export function decodeCursor(cursor: string, sort: string): Cursor {
  const bad = () => invalid("cursor", "cursor is opaque: pass back nextCursor unchanged, with the same sort");
  const [payload, check, extra] = cursor.split(".");
  if (!payload || !check || extra !== undefined || check !== mac(payload)) throw bad();
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(payload, "base64url").toString("utf8"));
  } catch {
    throw bad();
  }
  if (!Array.isArray(parsed) || parsed.length !== 3) throw bad();
  const [s, value, id] = parsed as [unknown, unknown, unknown];
  if (s !== sort || !Number.isInteger(id) || !(value === null || typeof value === "string" || typeof value === "number")) throw bad();
  return { value, id: id as number };
}

/** Rows after the cursor in the sort order. */
export function afterCursor(spec: SortSpec, c: Cursor): RawBuilder<SqlBool> {
  const col = sql.ref(spec.col),
    id = sql.ref(spec.idCol);
  const idAfter = spec.dir === "asc" ? sql`${id} > ${c.id}` : sql`${id} < ${c.id}`;
  if (c.value === null) return sql<SqlBool>`(${col} is null and ${idAfter})`;
  const beyond = spec.dir === "asc" ? sql`${col} > ${c.value}` : sql`${col} < ${c.value}`;
  return spec.nullable
    ? sql<SqlBool>`(${beyond} or (${col} = ${c.value} and ${idAfter}) or ${col} is null)`
    : sql<SqlBool>`(${beyond} or (${col} = ${c.value} and ${idAfter}))`;
}

/** ORDER BY terms of the sort: the column (NULLs last when nullable), then the id the same way. */
export function sortOrder(spec: SortSpec): RawBuilder<unknown>[] {
  const dir = sql.raw(spec.dir);
  return [spec.nullable ? sql`${sql.ref(spec.col)} ${dir} nulls last` : sql`${sql.ref(spec.col)} ${dir}`, sql`${sql.ref(spec.idCol)} ${dir}`];
}

/** Picks the sort by its API name ("-updated" = newest first) from the offered columns, or the default. */
export function sortSpec(
  offered: Record<string, { col: string; nullable?: boolean }>,
  requested: string | undefined,
  fallback: string,
  idCol: string,
): SortSpec {
  const name = requested && offered[requested.replace(/^-/, "")] ? requested : fallback;
  const o = offered[name.replace(/^-/, "")];
  if (!o) throw invalid("sort", `sort must be one of ${Object.keys(offered).join(", ")} (prefix - for descending)`);
  return { name, col: o.col, dir: name.startsWith("-") ? "desc" : "asc", nullable: o.nullable, idCol };
}

/** The page (limit rows, fetched limit + 1) and the cursor after its last row, from the raw rows. */
export function keysetPage<R, V>(rows: R[], limit: number, spec: SortSpec, key: (r: R) => { value: Key; id: number }, view: (r: R) => V) {
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  const k = last && rows.length > limit ? key(last) : null;
  return { items: page.map(view), nextCursor: k ? encodeCursor(spec.name, k.value, k.id) : null };
}
