/**
 * Calendar arithmetic in portable integer SQL (the same on SQLite and PostgreSQL): local day numbers at a fixed
 * zone offset, and the month index (year × 12 + month − 1) of a day number by Hinnant's civil-from-days.
 */
import { type RawBuilder, sql } from "kysely";

/** Local day number (days since 1970-01-01) of an epoch-ms expression at a fixed offset expression. */
export const dayOfSql = (ms: RawBuilder<unknown>, offset: RawBuilder<unknown>): RawBuilder<number> => sql<number>`((${ms} + ${offset}) / 86400000)`;

/**
 * The offset as a one-row derived table with column `off`, for `cross join … z` and `z.off` in the expressions: the
 * month arithmetic below names its day ~80 times, and SQLite would otherwise evaluate an offset given as a subquery
 * (the move trigger's read of read_model_state) that many times per row. The LIMIT keeps SQLite from flattening it
 * back into the expressions.
 */
export const offsetOnce = (offset: RawBuilder<unknown>): RawBuilder<unknown> => sql`(select ${offset} as off limit 1)`;

/** Month index of a day-number expression (valid for days ≥ 0). */
export function monthOfDaySql(day: RawBuilder<unknown>): RawBuilder<number> {
  const z = sql`(${day} + 719468)`;
  const era = sql`(${z} / 146097)`;
  const doe = sql`(${z} - ${era} * 146097)`;
  const yoe = sql`((${doe} - ${doe} / 1460 + ${doe} / 36524 - ${doe} / 146096) / 365)`;
  const doy = sql`(${doe} - (365 * ${yoe} + ${yoe} / 4 - ${yoe} / 100))`;
  const mp = sql`((5 * ${doy} + 2) / 153)`;
  const m = sql`(case when ${mp} < 10 then ${mp} + 3 else ${mp} - 9 end)`;
  const y = sql`(${yoe} + ${era} * 400 + (case when ${m} <= 2 then 1 else 0 end))`;
  return sql<number>`(${y} * 12 + ${m} - 1)`;
}

/**
 * The same on PostgreSQL by its own calendar: equal to monthOfDaySql for every day from 0000-03-01 on (both are the
 * proleptic Gregorian calendar), but a few nodes, where monthOfDaySql names its day ~170 times — PostgreSQL plans
 * and evaluates that tree in every statement that uses it (a stage move's two roll-up upserts spent most of their
 * planning and execution time on it).
 */
export function monthOfDayPgSql(day: RawBuilder<unknown>): RawBuilder<number> {
  const d = sql`(date '1970-01-01' + cast(${day} as integer))`;
  return sql<number>`(cast(extract(year from ${d}) as integer) * 12 + cast(extract(month from ${d}) as integer) - 1)`;
}

/** The month-index expression of an engine: PostgreSQL's calendar there, the portable arithmetic on SQLite. */
export const monthOfDayFor = (postgres: boolean): ((day: RawBuilder<unknown>) => RawBuilder<number>) => (postgres ? monthOfDayPgSql : monthOfDaySql);

/** The same in JS, for bounds: month index of a local day number. */
export function monthOfDay(day: number): number {
  const d = new Date(day * 86_400_000);
  return d.getUTCFullYear() * 12 + d.getUTCMonth();
}

/** Epoch ms at which month index `m` starts at the fixed offset. */
export const monthStartMs = (m: number, offsetMs: number): number => Date.UTC(Math.floor(m / 12), m % 12, 1) - offsetMs;
