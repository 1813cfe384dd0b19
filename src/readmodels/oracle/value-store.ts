/** The full-scan query this file held before the read models (issue 10), kept as the oracle tests compare against.
 * Value SQL: per-customer purchase histories for BG/NBD (distinct purchase days), active customers per month,
 * cohorts, conversion, satisfaction and engagement counts — all aggregated in the database, scoped to the viewer.
 */
import { type RawBuilder, sql } from "kysely";
import { zonedParts } from "../../core/dates";
import type { Db } from "../../db/connect";
import { isPostgres } from "../../db/dialect";
import { customerScope, type Scope, type Window } from "./tiering-store";

/** The zone's UTC offset at an instant, in ms (exact for zones without daylight saving, such as Asia/Shanghai). */
export function zoneOffsetMs(tz: string, at: number): number {
  const p = zonedParts(at, tz);
  return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - Math.floor(at / 1000) * 1000;
}

/** Local day number (days since 1970-01-01 in the zone) of an epoch-ms column. Integer division on both engines. */
const dayOf = (col: string, off: number) => sql<number>`((${sql.ref(col)} + ${sql.lit(off)}) / 86400000)`;

/** Month index (year × 12 + month − 1) of an epoch-ms column in the zone. */
function monthOf(db: Db, col: string, off: number): RawBuilder<number> {
  const c = sql.ref(col);
  if (isPostgres(db)) {
    const ts = sql`(to_timestamp((${c} + ${sql.lit(off)}) / 1000.0) at time zone 'UTC')`;
    return sql<number>`(cast(extract(year from ${ts}) as integer) * 12 + cast(extract(month from ${ts}) as integer) - 1)`;
  }
  const s = sql`(${c} + ${sql.lit(off)}) / 1000, 'unixepoch'`;
  return sql<number>`(cast(strftime('%Y', ${s}) as integer) * 12 + cast(strftime('%m', ${s}) as integer) - 1)`;
}

export interface HistoryRow {
  customer_id: number;
  first_day: number;
  last_day: number;
  days: number;
  total: number;
  first_amount: number;
}

/** Per customer, over orders before `end`: first and last purchase day, distinct purchase days, value, value of the first day. */
export async function purchaseHistories(db: Db, scope: Scope, end: number, off: number): Promise<HistoryRow[]> {
  const r = await sql<HistoryRow>`
    with d as (
      select o.customer_id, ${dayOf("o.ordered_at", off)} as day, sum(o.amount_fen) as amount
      from orders o join customers c on c.id = o.customer_id
      where o.ordered_at < ${sql.lit(end)} and ${customerScope(scope)}
      group by o.customer_id, ${dayOf("o.ordered_at", off)}
    ), f as (
      select customer_id, min(day) as first_day, max(day) as last_day, count(*) as days, sum(amount) as total from d group by customer_id
    )
    select f.customer_id, f.first_day, f.last_day, f.days, f.total, d.amount as first_amount
    from f join d on d.customer_id = f.customer_id and d.day = f.first_day
    order by f.customer_id`.execute(db);
  return r.rows.map((x) => ({
    customer_id: Number(x.customer_id),
    first_day: Number(x.first_day),
    last_day: Number(x.last_day),
    days: Number(x.days),
    total: Number(x.total),
    first_amount: Number(x.first_amount),
  }));
}

/** Cohort cells (first-order month × active month → customers) and month-over-month retained counts, up to `end`. */
export async function monthlyActivity(db: Db, scope: Scope, end: number, off: number) {
  const act = sql`select distinct o.customer_id, ${monthOf(db, "o.ordered_at", off)} as m
    from orders o join customers c on c.id = o.customer_id where o.ordered_at < ${sql.lit(end)} and ${customerScope(scope)}`;
  const cohorts = await sql<{ cohort: number; period: number; customers: number }>`
    with a as (${act}), f as (select customer_id, min(m) as m0 from a group by customer_id)
    select f.m0 as cohort, a.m as period, count(*) as customers from a join f on f.customer_id = a.customer_id
    group by f.m0, a.m order by f.m0, a.m`.execute(db);
  const retained = await sql<{ period: number; customers: number }>`
    with a as (${act}) select b.m as period, count(*) as customers from a join a b on b.customer_id = a.customer_id and b.m = a.m + 1
    group by b.m order by b.m`.execute(db);
  const conversion = await sql<{ created: number; first_order: number | null; customers: number }>`
    with f as (select o.customer_id, min(o.ordered_at) as first_at from orders o where o.ordered_at < ${sql.lit(end)} group by o.customer_id)
    select ${monthOf(db, "c.created_at", off)} as created, ${monthOf(db, "f.first_at", off)} as first_order, count(*) as customers
    from customers c left join f on f.customer_id = c.id where c.created_at < ${sql.lit(end)} and ${customerScope(scope)}
    group by ${monthOf(db, "c.created_at", off)}, ${monthOf(db, "f.first_at", off)}`.execute(db);
  const num = (v: unknown) => Number(v);
  return {
    cohorts: cohorts.rows.map((r) => ({ cohort: num(r.cohort), period: num(r.period), customers: num(r.customers) })),
    retained: retained.rows.map((r) => ({ period: num(r.period), customers: num(r.customers) })),
    conversion: conversion.rows.map((r) => ({
      created: num(r.created),
      firstOrder: r.first_order === null ? null : num(r.first_order),
      customers: num(r.customers),
    })),
  };
}

/** Buyers and repeat buyers (two or more purchase days) in the window; orders and revenue for the simple CLV. */
export async function windowBuyers(db: Db, scope: Scope, w: Window, off: number) {
  const r = await sql<{ buyers: number; repeaters: number; orders: number; revenue: number; cost: number }>`
    with d as (select o.customer_id, count(distinct ${dayOf("o.ordered_at", off)}) as days, count(*) as orders,
                      sum(o.amount_fen) as revenue, sum(o.cost_fen) as cost
      from orders o join customers c on c.id = o.customer_id
      where o.ordered_at >= ${sql.lit(w.from)} and o.ordered_at < ${sql.lit(w.to)} and ${customerScope(scope)} group by o.customer_id)
    select count(*) as buyers, sum(case when days >= 2 then 1 else 0 end) as repeaters,
           coalesce(sum(orders), 0) as orders, coalesce(sum(revenue), 0) as revenue, coalesce(sum(cost), 0) as cost from d`.execute(db);
  const x = r.rows[0];
  return { buyers: Number(x.buyers), repeaters: Number(x.repeaters ?? 0), orders: Number(x.orders), revenue: Number(x.revenue), cost: Number(x.cost) };
}

export async function satisfactionCounts(db: Db, scope: Scope, w: Window) {
  return db
    .selectFrom("satisfaction as s")
    .innerJoin("customers as c", "c.id", "s.customer_id")
    .where("s.at", ">=", w.from)
    .where("s.at", "<", w.to)
    .where(customerScope(scope))
    .select((eb) => ["s.kind", "s.score", eb.fn.count<number>("s.id").as("count")])
    .groupBy(["s.kind", "s.score"])
    .execute();
}

export async function engagementCounts(db: Db, scope: Scope, w: Window) {
  const r = await sql<{ customers: number; engaged: number; activities: number }>`
    select count(*) as customers, sum(case when n > 0 then 1 else 0 end) as engaged, coalesce(sum(n), 0) as activities from (
      select c.id, (select count(*) from activities a where a.customer_id = c.id and a.done_at >= ${sql.lit(w.from)} and a.done_at < ${sql.lit(w.to)}) as n
      from customers c where ${customerScope(scope)}) x`.execute(db);
  const x = r.rows[0];
  return { customers: Number(x.customers), engaged: Number(x.engaged ?? 0), activities: Number(x.activities) };
}

/** The grouped join over every done activity of the window that followed the per-customer subquery above (h/cash), before the activity-months read model. */
export async function engagementCountsJoined(db: Db, scope: Scope, w: Window) {
  const r = await sql<{ customers: number; engaged: number; activities: number }>`
    select count(*) as customers, sum(case when n.k > 0 then 1 else 0 end) as engaged, coalesce(sum(n.k), 0) as activities
    from customers c left join (
      select a.customer_id, count(*) as k from activities a join customers c on c.id = a.customer_id and ${customerScope(scope)}
      where a.done_at >= ${sql.lit(w.from)} and a.done_at < ${sql.lit(w.to)} group by a.customer_id
    ) n on n.customer_id = c.id where ${customerScope(scope)}`.execute(db);
  const x = r.rows[0];
  return { customers: Number(x.customers), engaged: Number(x.engaged ?? 0), activities: Number(x.activities) };
}

export function listSatisfaction(db: Db, customerId: number) {
  return db.selectFrom("satisfaction").where("customer_id", "=", customerId).selectAll().orderBy("at", "desc").execute();
}

/** Customers who bought in window `a` and again in window `b`. */
export async function boughtInBoth(db: Db, scope: Scope, a: Window, b: Window): Promise<number> {
  const r = await sql<{ n: number }>`select count(*) as n from customers c where ${customerScope(scope)}
    and exists (select 1 from orders o where o.customer_id = c.id and o.ordered_at >= ${sql.lit(a.from)} and o.ordered_at < ${sql.lit(a.to)})
    and exists (select 1 from orders o where o.customer_id = c.id and o.ordered_at >= ${sql.lit(b.from)} and o.ordered_at < ${sql.lit(b.to)})`.execute(db);
  return Number(r.rows[0].n);
}
