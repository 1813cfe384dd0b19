/**
 * Reading the customer_months roll-up for a window of time: the whole months inside it come from the roll-up, the
 * partial months at its edges from the orders themselves (through the ordered_at index). Every piece is a "cell"
 * (customer, orders, distinct days, amount, cost, units, first/last order and day); cells of one customer never
 * share a day, so sums over them are exact.
 */
import { type Expression, type RawBuilder, type SqlBool, sql } from "kysely";
import { monthOfDay, monthStartMs } from "./month-sql";

const DAY = 86_400_000;
const dayOf = (ms: number, off: number) => Math.floor((ms + off) / DAY);

export interface WindowSplit {
  months: [number, number] | null;
  raw: Array<[number, number]>;
}

/** Whole months [m0, m1) inside [from, to) and the ms ranges left over at the edges. */
export function splitWindow(from: number, to: number, off: number): WindowSplit {
  if (!(to > from)) return { months: null, raw: [] };
  let m0 = monthOfDay(dayOf(from, off));
  if (monthStartMs(m0, off) < from) m0++;
  const m1 = monthOfDay(dayOf(to - 1, off)) + (monthStartMs(monthOfDay(dayOf(to - 1, off)) + 1, off) <= to ? 1 : 0);
  if (m0 >= m1) return { months: null, raw: [[from, to]] };
  const raw: Array<[number, number]> = [];
  if (from < monthStartMs(m0, off)) raw.push([from, monthStartMs(m0, off)]);
  if (monthStartMs(m1, off) < to) raw.push([monthStartMs(m1, off), to]);
  return { months: [m0, m1], raw };
}

/**
 * Cells of the customers matching `scope` (a condition on customers aliased `c`) with orders in [from, to). Columns:
 * customer_id, orders, days, amount, cost, units, first_at, last_at, first_day, last_day.
 */
export function windowCells(scope: Expression<SqlBool>, from: number, to: number, off: number): RawBuilder<unknown> {
  const split = splitWindow(from, to, off);
  const parts: RawBuilder<unknown>[] = [];
  if (split.months) {
    parts.push(sql`select cm.customer_id, cm.orders, cm.days, cm.amount_fen as amount, cm.cost_fen as cost, cm.units, cm.first_at, cm.last_at, cm.first_day, cm.last_day
      from customer_months cm join customers c on c.id = cm.customer_id
      where cm.month >= ${sql.lit(split.months[0])} and cm.month < ${sql.lit(split.months[1])} and ${scope}`);
  }
  if (split.raw.length) {
    const ranges = sql.join(
      split.raw.map(([a, b]) => sql`(o.ordered_at >= ${sql.lit(a)} and o.ordered_at < ${sql.lit(b)})`),
      sql` or `,
    );
    parts.push(sql`select p.customer_id, count(*) as orders, count(distinct p.day) as days, sum(p.amount_fen) as amount, sum(p.cost_fen) as cost,
        sum(p.units) as units, min(p.ordered_at) as first_at, max(p.ordered_at) as last_at, min(p.day) as first_day, max(p.day) as last_day
      from (select o.customer_id, (o.ordered_at + ${sql.lit(off)}) / 86400000 as day, o.amount_fen, o.cost_fen, o.units, o.ordered_at
            from orders o join customers c on c.id = o.customer_id where (${ranges}) and ${scope}) p
      group by p.customer_id`);
  }
  if (!parts.length)
    return sql`select 0 as customer_id, 0 as orders, 0 as days, 0 as amount, 0 as cost, 0 as units, 0 as first_at, 0 as last_at, 0 as first_day, 0 as last_day where 1 = 0`;
  return sql.join(parts, sql` union all `);
}

/** Per customer over [from, to): orders, days, revenue, cost, last order. */
export function windowTotals(scope: Expression<SqlBool>, from: number, to: number, off: number): RawBuilder<unknown> {
  return sql`select w.customer_id, sum(w.orders) as orders, sum(w.days) as days, sum(w.amount) as revenue, sum(w.cost) as cost, max(w.last_at) as last_at
    from (${windowCells(scope, from, to, off)}) w group by w.customer_id`;
}
