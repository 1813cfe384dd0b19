/**
 * Substring search for list routes, the same answers on both engines and for Chinese: three characters or more go
 * through the trigram index (FTS5 `trigram` tables on SQLite, pg_trgm GIN indexes on PostgreSQL); one or two
 * characters, below a trigram, are a LIKE scan read in the list's sort order (it stops once a page is full).
 * The caller adds the viewer's visibility condition as for any list, so search never reaches another rep's rows.
 */
import { type Expression, type Kysely, type SqlBool, sql } from "kysely";
import { isPostgres } from "./dialect";

/** Searched text fields per table, and the FTS5 table (SQLite) that indexes them. */
const FTS = {
  customers: "customers_fts",
  opportunities: "opportunities_fts",
  contacts: "contacts_fts",
  activities: "activities_fts",
  quotes: "quotes_fts",
  // the stored pinyin (migration 160) has FTS tables of its own, one column each
  customers_pinyin: "customers_pinyin_fts",
  opportunities_pinyin: "opportunities_pinyin_fts",
  contacts_pinyin: "contacts_pinyin_fts",
  activities_pinyin: "activities_pinyin_fts",
} as const;

const likePattern = (q: string) => `%${q.toLowerCase().replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
const like = (col: string, q: string) => sql<SqlBool>`lower(${sql.ref(col)}) like ${likePattern(q)} escape '\\'`;
/** An FTS5 phrase: the text in double quotes, quotes doubled; a trigram phrase matches any substring. */
const phrase = (q: string) => `"${q.replace(/"/g, '""')}"`;
const trigramable = (q: string) => [...q].length >= 3;

/**
 * Rows of `table` (id column `idCol`) whose `cols` contain q, case-insensitively. On SQLite with three or more
 * characters this is `idCol in (select rowid from <table>_fts where … match …)`, restricted to `ftsCols` when given.
 */
export function contains(db: Kysely<any>, table: keyof typeof FTS, idCol: string, cols: string[], q: string): Expression<SqlBool> {
  const text = q.trim();
  if (!isPostgres(db) && trigramable(text)) {
    const fts = sql.raw(FTS[table]);
    const names = cols.map((c) => c.replace(/^.*\./, ""));
    const query = names.length === 1 ? `${names[0]} : ${phrase(text)}` : `{${names.join(" ")}} : ${phrase(text)}`;
    return sql<SqlBool>`${sql.ref(idCol)} in (select rowid from ${fts} where ${fts} match ${query})`;
  }
  return sql<SqlBool>`(${sql.join(
    cols.map((c) => like(c, text)),
    sql` or `,
  )})`;
}

/** Rows whose stored pinyin (search_pinyin, "initials full") contains q: "jdkj" finds 金豆科技. Only letters and digits can match. */
export function pinyinContains(
  db: Kysely<any>,
  table: "customers" | "opportunities" | "contacts" | "activities",
  idCol: string,
  pinyinCol: string,
  q: string,
): Expression<SqlBool> {
  const text = q.trim().toLowerCase().replace(/\s+/g, "");
  if (!/^[a-z0-9]+$/.test(text)) return sql<SqlBool>`1 = 0`;
  return contains(db, `${table}_pinyin`, idCol, [pinyinCol], text);
}
