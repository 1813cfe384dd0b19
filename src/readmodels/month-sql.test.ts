/**
 * The month index of a local day number as SQL, on both engines: the portable arithmetic (monthOfDaySql) and the
 * engine's own expression (monthOfDayFor: PostgreSQL's calendar there) against the JS calendar (Date.UTC), on month
 * ends and starts, leap days (2000, 2024, and 1900/2100, which are not) and a spread of days from 1970 to 2200.
 */
import { sql } from "kysely";
import { expect, test } from "vitest";
import { isPostgres } from "../db/dialect";
import { forEachDatabase } from "../db/testing";
import { monthOfDayFor, monthOfDaySql } from "./month-sql";

const dayOf = (y: number, m: number, d: number) => Date.UTC(y, m - 1, d) / 86_400_000;
const days = [
  0,
  1,
  dayOf(2000, 2, 28),
  dayOf(2000, 2, 29),
  dayOf(2000, 3, 1),
  dayOf(2024, 2, 29),
  dayOf(2024, 12, 31),
  dayOf(2025, 1, 1),
  dayOf(2100, 2, 28),
  dayOf(2100, 3, 1),
  ...Array.from({ length: 400 }, (_, i) => i * 211 + (i % 7)),
];
// the month index (year × 12 + month − 1) by the JS calendar, independently of the SQL
const expected = days.map((d) => {
  const t = new Date(d * 86_400_000);
  return t.getUTCFullYear() * 12 + t.getUTCMonth();
});

forEachDatabase("month of a day number", (ctx) => {
  test("the portable and the engine's month expressions equal the calendar's", async () => {
    const db = ctx().db;
    const rows = sql.join(
      days.map((d) => sql`select ${sql.lit(d)} as d`),
      sql` union all `,
    );
    const engine = monthOfDayFor(isPostgres(db));
    const r = await sql<{ d: number; portable: number; own: number }>`select x.d, ${monthOfDaySql(sql.ref("x.d"))} as portable,
        ${engine(sql.ref("x.d"))} as own from (${rows}) x order by x.d`.execute(db);
    const byDay = new Map(r.rows.map((x) => [Number(x.d), [Number(x.portable), Number(x.own)]]));
    expect(days.map((d) => byDay.get(d)![0])).toEqual(expected);
    expect(days.map((d) => byDay.get(d)![1])).toEqual(expected);
  });
});
