/**
 * Value SQL: per-customer purchase histories for BG/NBD (distinct purchase days), active customers per month,
 * cohorts, conversion, satisfaction and engagement counts — all aggregated in the database, scoped to the viewer.
 */
import { type RawBuilder, sql } from "kysely";
import type { Viewer } from "../access/viewer";
import { audit } from "../audit/log";
import { DAY_MS, zonedParts } from "../core/dates";
import { indexesOf } from "../core/sorted-ids";
import type { Db } from "../db/connect";
import { inTx } from "../db/tx";
import { isPostgres } from "../db/dialect";
import { monthOfDay, monthStartMs } from "../readmodels/month-sql";
import { windowTotals } from "../readmodels/order-cells";
import { activityCounts } from "../tiering/store-facts";
import { orderShared, sharedWindowTotals } from "../tiering/store-totals";
import { customerScope, type Scope, type Window } from "../tiering/store";

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

/**
 * Per customer, over orders before `end`: first and last purchase day, distinct purchase days, value, value of the
 * first day — whole months from the customer_months roll-up, the partial month before `end` from the orders.
 */
export function purchaseHistoriesSql(scope: Scope, end: number, off: number): RawBuilder<HistoryRow> {
  const mEnd = monthOfDay(Math.floor((end - 1 + off) / DAY_MS));
  const whole = monthStartMs(mEnd + 1, off) <= end ? mEnd + 1 : mEnd;
  const rawFrom = monthStartMs(whole, off);
  return sql<HistoryRow>`
    with rd as (
      select o.customer_id, ${dayOf("o.ordered_at", off)} as day, sum(o.amount_fen) as amount
      from orders o join customers c on c.id = o.customer_id
      where o.ordered_at >= ${sql.lit(rawFrom)} and o.ordered_at < ${sql.lit(end)} and ${customerScope(scope)}
      group by o.customer_id, ${dayOf("o.ordered_at", off)}
    ), d as (
      select cm.customer_id, cm.first_day as day0, cm.last_day as day1, cm.days, cm.amount_fen as total, cm.first_day_amount_fen as amount0
      from customer_months cm join customers c on c.id = cm.customer_id where cm.month < ${sql.lit(whole)} and ${customerScope(scope)}
      union all
      select x.customer_id, min(x.day), max(x.day), count(*), sum(x.amount), sum(case when x.rk = 1 then x.amount else 0 end)
      from (select rd.customer_id, rd.day, rd.amount, row_number() over (partition by rd.customer_id order by rd.day) as rk from rd) x
      group by x.customer_id
    ), f as (
      select customer_id, min(day0) as first_day, max(day1) as last_day, sum(days) as days, sum(total) as total from d group by customer_id
    )
    select f.customer_id, f.first_day, f.last_day, f.days, f.total, d.amount0 as first_amount
    from f join d on d.customer_id = f.customer_id and d.day0 = f.first_day
    order by f.customer_id`;
}

export async function purchaseHistories(db: Db, scope: Scope, end: number, off: number): Promise<HistoryRow[]> {
  const r = await purchaseHistoriesSql(scope, end, off).execute(db);
  return r.rows.map((x) => ({
    customer_id: Number(x.customer_id),
    first_day: Number(x.first_day),
    last_day: Number(x.last_day),
    days: Number(x.days),
    total: Number(x.total),
    first_amount: Number(x.first_amount),
  }));
}

/**
 * Cohort cells (first-order month × active month → customers) and month-over-month retained counts, up to `end`,
 * from the customer_months roll-up: a customer is active in a month when it has a roll-up row whose first order is
 * before `end`. Month indexes are cut at the roll-up's offset; `off` is the zone's (the same for fixed-offset zones).
 * One pass over the scope's roll-up rows in (customer, month) order: each row carries its customer's first month
 * (the cohort) and previous active month (retained when it is the month before), and the first row the customer's
 * first order (conversion) — grouped in the database, no per-customer work in JavaScript.
 */
export function monthlyActivity(db: Db, scope: Scope, end: number, off: number) {
  return orderShared(db, scope, `monthlyActivity:${end}:${off}`, () => monthlyActivityOf(db, scope, end, off), true);
}

async function monthlyActivityOf(db: Db, scope: Scope, end: number, off: number) {
  const cond = customerScope(scope);
  const r = await sql<{ k: string; x: number; y: number | null; n: number }>`
    with a as (
      select cm.customer_id, cm.month as m, cm.first_at,
        min(cm.month) over (partition by cm.customer_id) as m0,
        lag(cm.month) over (partition by cm.customer_id order by cm.month) as prev
      from customer_months cm join customers c on c.id = cm.customer_id where cm.first_at < ${sql.lit(end)} and ${cond}
    )
    select 'c' as k, a.m0 as x, a.m as y, count(*) as n from a group by a.m0, a.m
    union all
    select 'r' as k, a.m as x, null as y, count(*) as n from a where a.prev = a.m - 1 group by a.m
    union all
    select 'v' as k, ${monthOf(db, "c.created_at", off)} as x, ${monthOf(db, "f.first_at", off)} as y, count(*) as n
    from customers c left join (select a.customer_id, a.first_at from a where a.m = a.m0) f on f.customer_id = c.id
    where c.created_at < ${sql.lit(end)} and ${cond}
    group by ${monthOf(db, "c.created_at", off)}, ${monthOf(db, "f.first_at", off)}`.execute(db);
  const num = (v: unknown) => Number(v);
  const of = (k: string) => r.rows.filter((x) => x.k === k);
  return {
    cohorts: of("c")
      .map((x) => ({ cohort: num(x.x), period: num(x.y), customers: num(x.n) }))
      .sort((a, b) => a.cohort - b.cohort || a.period - b.period),
    retained: of("r")
      .map((x) => ({ period: num(x.x), customers: num(x.n) }))
      .sort((a, b) => a.period - b.period),
    conversion: of("v").map((x) => ({ created: num(x.x), firstOrder: x.y === null ? null : num(x.y), customers: num(x.n) })),
  };
}

/**
 * Buyers and repeat buyers (two or more purchase days) in the window; orders and revenue for the simple CLV. From
 * the shared whole-base totals of the window when they are at hand (a scope takes its customers' entries), else
 * aggregated in the database.
 */
export async function windowBuyers(db: Db, scope: Scope, w: Window, off: number) {
  const t = await sharedWindowTotals(db, scope, w, off);
  if (!t) return orderShared(db, scope, `windowBuyers:${w.from}:${w.to}:${off}`, () => windowBuyersOf(db, scope, w, off));
  const out = { buyers: t.customerId.length, repeaters: 0, orders: 0, revenue: 0, cost: 0 };
  for (let i = 0; i < t.customerId.length; i++) {
    if (t.days[i] >= 2) out.repeaters++;
    out.orders += t.orders[i];
    out.revenue += t.revenue[i];
    out.cost += t.cost[i];
  }
  return out;
}

async function windowBuyersOf(db: Db, scope: Scope, w: Window, off: number) {
  const r = await sql<{ buyers: number; repeaters: number; orders: number; revenue: number; cost: number }>`
    select count(*) as buyers, sum(case when days >= 2 then 1 else 0 end) as repeaters,
           coalesce(sum(orders), 0) as orders, coalesce(sum(revenue), 0) as revenue, coalesce(sum(cost), 0) as cost
    from (${windowTotals(customerScope(scope), w.from, w.to, off)}) d`.execute(db);
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

/**
 * Customers in scope, those with activities done in the window, and the activities: the per-customer counts of done
 * activities in the window from the customer_activity_months read model (whole months, plus the window's partial
 * edge months from the activities; src/tiering/store-facts.ts, shared per activity stamp, which an audit row or an
 * order leaves alone) and one count of the scope's customers. The grouped join over every activity of the window it
 * replaced is the oracle (src/readmodels/oracle/value-store.ts).
 */
export async function engagementCounts(db: Db, scope: Scope, w: Window) {
  const [counts, customers] = await Promise.all([activityCounts(db, scope, w), scopeCount(db, scope)]);
  let engaged = 0,
    activities = 0;
  for (const c of counts)
    if (c.activities > 0) {
      engaged++;
      activities += c.activities;
    }
  return { customers, engaged, activities };
}

async function scopeCount(db: Db, scope: Scope): Promise<number> {
  const r = await db
    .selectFrom("customers as c")
    .where(customerScope(scope))
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

export function listSatisfaction(db: Db, customerId: number) {
  return db.selectFrom("satisfaction").where("customer_id", "=", customerId).selectAll().orderBy("at", "desc").execute();
}

/** Customers who bought in window `a` and again in window `b`: from the shared whole-base totals of both when at hand, else in the database. */
export async function boughtInBoth(db: Db, scope: Scope, a: Window, b: Window, off: number): Promise<number> {
  const [x, y] = await Promise.all([sharedWindowTotals(db, scope, a, off), sharedWindowTotals(db, scope, b, off)]);
  if (x && y) return indexesOf(x.customerId, y.customerId).length;
  return orderShared(db, scope, `boughtInBoth:${a.from}:${a.to}:${b.from}:${b.to}:${off}`, () => boughtInBothOf(db, scope, a, b, off));
}

async function boughtInBothOf(db: Db, scope: Scope, a: Window, b: Window, off: number): Promise<number> {
  const cond = customerScope(scope);
  const r = await sql<{ n: number }>`select count(*) as n from (${windowTotals(cond, a.from, a.to, off)}) x
    join (${windowTotals(cond, b.from, b.to, off)}) y on y.customer_id = x.customer_id`.execute(db);
  return Number(r.rows[0].n);
}

/** Records a CSAT or NPS score with its audit row, in one transaction. */
export async function addSatisfaction(
  db: Db,
  viewer: Viewer,
  customerId: number,
  e: { kind: "csat" | "nps"; score: number; note?: string | null; at?: number },
  now: number,
) {
  return inTx(db, async (tx) => {
    const r = await tx
      .insertInto("satisfaction")
      .values({
        customer_id: customerId,
        kind: e.kind,
        score: e.score,
        note: e.note ?? null,
        at: e.at ?? now,
        created_by: viewer.id,
      })
      .returning(["id", "customer_id", "kind", "score", "note", "at", "created_by"])
      .executeTakeFirstOrThrow();
    await audit(tx, viewer.id, "satisfaction", r.id, "create", { kind: r.kind, score: r.score }, now);
    return r;
  });
}

/** One customer's orders, revenue and cost in the window (for its own simple CLV). */
export async function customerOrders(db: Db, customerId: number, w: Window): Promise<{ orders: number; revenueFen: number; costFen: number }> {
  const r = await db
    .selectFrom("orders")
    .where("customer_id", "=", customerId)
    .where("ordered_at", ">=", w.from)
    .where("ordered_at", "<", w.to)
    .select((eb) => [eb.fn.countAll<number>().as("n"), eb.fn.sum<number>("amount_fen").as("revenue"), eb.fn.sum<number>("cost_fen").as("cost")])
    .executeTakeFirstOrThrow();
  return { orders: Number(r.n), revenueFen: Number(r.revenue ?? 0), costFen: Number(r.cost ?? 0) };
}
