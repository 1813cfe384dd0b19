/**
 * The one shared per-customer order aggregate (issue 10): every customer's totals of a window, computed once per
 * order stamp (the customer_months version, bumped by every order write in its transaction) and window, and read
 * by every tiering report and every scope — a scope takes its customers' entries. Until the whole base is computed
 * for the stamp, a narrower scope computes only its own customers (cost in proportion to the scope's rows).
 */
import { sql } from "kysely";
import { filterConditions } from "../access/filters";
import { scopeKey } from "../access/visible";
import type { Db } from "../db/connect";
import { hasShared, sharedAggregate } from "../db/data-stamp";
import { monthsOffset, orderStamp } from "../readmodels/customer-months";
import { windowTotals } from "../readmodels/order-cells";
import { customerScope, type Scope, type Window } from "./store";

export interface OrderTotal {
  customer_id: number;
  revenue: number;
  cost: number;
  orders: number;
  last_at: number;
}

interface Base {
  rows: OrderTotal[];
  byId: Map<number, OrderTotal>;
  /** distinct purchase days per customer (repeat buyers: two or more) */
  days: Map<number, number>;
}

/** True for a scope that sees every customer (全部, no filters). */
export function isWholeBase(scope: Scope): boolean {
  return scopeKey(scope.viewer) === "all" && filterConditions(scope.filters, { owner: "c.owner_id", customer: "c.id" }).length === 0;
}

/** The ids of the scope's customers, in id order (through the owner index for a narrower scope than 全部, see customerScope). */
export async function scopeIds(db: Db, scope: Scope): Promise<number[]> {
  const r = await db.selectFrom("customers as c").where(customerScope(scope)).select("c.id").orderBy("c.id").execute();
  return r.map((x) => Number(x.id));
}

async function computeRows(db: Db, scope: Scope, w: Window) {
  const off = await monthsOffset(db);
  const r = await sql<OrderTotal & { days: number }>`${windowTotals(customerScope(scope), w.from, w.to, off)} order by 1`.execute(db);
  return r.rows;
}

const total = (x: OrderTotal): OrderTotal => ({
  customer_id: Number(x.customer_id),
  revenue: Number(x.revenue),
  cost: Number(x.cost),
  orders: Number(x.orders),
  last_at: Number(x.last_at),
});

async function computeTotals(db: Db, scope: Scope, w: Window): Promise<OrderTotal[]> {
  return (await computeRows(db, scope, w)).map(total);
}

/** The whole base as a scope (an admin without filters). */
export const WHOLE: Scope = { viewer: { id: 0, role: "admin", teamId: null, name: "base", email: "", locale: "zh-CN" } as Scope["viewer"], filters: {} };

const baseKey = (w: Window) => `baseTotals:${w.from}:${w.to}`;

/** The whole base's totals of the window for the order stamp (computed once, then shared). */
function baseTotals(db: Db, w: Window, stamp: string): Promise<Base> {
  return sharedAggregate<Base>(
    db,
    baseKey(w),
    async () => {
      const raw = await computeRows(db, WHOLE, w);
      const rows = raw.map(total);
      return { rows, byId: new Map(rows.map((r) => [r.customer_id, r])), days: new Map(raw.map((r) => [Number(r.customer_id), Number(r.days)])) };
    },
    async () => stamp,
  );
}

/** The scope's entries of the whole base, in customer id order. */
async function scopeOf(db: Db, scope: Scope, base: Base): Promise<OrderTotal[]> {
  if (isWholeBase(scope)) return base.rows;
  const out: OrderTotal[] = [];
  for (const id of await scopeIds(db, scope)) {
    const t = base.byId.get(id);
    if (t) out.push(t);
  }
  return out;
}

/**
 * Per customer of the scope with orders in [from, to): revenue, cost, orders, last order —
 * in customer id order. From the whole-base aggregate of the order stamp when there is one (or the scope is the
 * whole base), else computed for the scope alone and shared while the data stamp holds.
 */
export async function scopedTotals(db: Db, scope: Scope, w: Window): Promise<OrderTotal[]> {
  const stamp = await orderStamp(db);
  if (stamp && (isWholeBase(scope) || hasShared(db, baseKey(w), stamp))) return scopeOf(db, scope, await baseTotals(db, w, stamp));
  const key = `orderTotals:${scopeKey(scope.viewer)}:${JSON.stringify(scope.filters)}:${w.from}:${w.to}`;
  return sharedAggregate(db, key, () => computeTotals(db, scope, w));
}

/**
 * The scope's totals and every customer's purchase days of the window from the whole-base aggregate, when it is at
 * hand for the order stamp (or the scope is the whole base) and months are cut at `off`; else null (the caller asks
 * the database for the scope alone).
 */
export async function sharedWindowTotals(db: Db, scope: Scope, w: Window, off: number): Promise<{ rows: OrderTotal[]; days: Map<number, number> } | null> {
  const stamp = await orderStamp(db);
  if (!stamp || off !== (await monthsOffset(db))) return null;
  if (!isWholeBase(scope) && !hasShared(db, baseKey(w), stamp)) return null;
  const base = await baseTotals(db, w, stamp);
  return { rows: await scopeOf(db, scope, base), days: base.days };
}

/** Every customer's first order instant (all time), once per order stamp; null when the roll-up was never built. */
export async function firstOrders(db: Db): Promise<Map<number, number> | null> {
  const stamp = await orderStamp(db);
  if (!stamp) return null;
  return sharedAggregate(
    db,
    "firstOrders",
    async () => {
      const r = await sql<{
        customer_id: number;
        first_at: number;
      }>`select customer_id, min(first_at) as first_at from customer_months group by customer_id`.execute(db);
      return new Map(r.rows.map((x) => [Number(x.customer_id), Number(x.first_at)]));
    },
    async () => stamp,
  );
}

/**
 * A small whole-base answer that depends on orders only (buyers of a window, customers who bought in two windows)
 * — or on orders and the customers' creation (`alsoCustomers`: cohorts and conversion) — shared per order stamp when
 * the scope is the whole base, else computed for the scope each time.
 */
export async function orderShared<T>(db: Db, scope: Scope, key: string, compute: () => Promise<T>, alsoCustomers = false): Promise<T> {
  const stamp = isWholeBase(scope) ? await orderStamp(db) : null;
  if (!stamp) return compute();
  return sharedAggregate(db, `orderShared:${key}`, compute, async () => (alsoCustomers ? `${stamp}:${await customersStamp(db)}` : stamp));
}

/** Newest customer and newest customer change (both indexed): with the order stamp, what per-customer counts of the base depend on. */
async function customersStamp(db: Db): Promise<string> {
  const r = await sql<{
    i: number | null;
    u: number | null;
  }>`select (select max(id) from customers) as i, (select max(updated_at) from customers) as u`.execute(db);
  return `${r.rows[0].i}:${r.rows[0].u}`;
}

/**
 * Revenue, cost, order count, purchase days and last order per customer in the window, from the customer_months
 * roll-up (whole months) and the orders of the partial months at the edges: the one whole-base aggregate per order
 * stamp that every tiering report (Pareto, ABC, pyramid, grades, RFM, KAISM, key accounts, priority) and every
 * scope reads (scopedTotals below).
 */
export function orderTotals(db: Db, scope: Scope, w: Window): Promise<OrderTotal[]> {
  return scopedTotals(db, scope, w);
}

/** Customers with any order before `to` (signed customers, 签约客户): any roll-up month whose first order is before it. */
export async function buyersBefore(db: Db, scope: Scope, to: number): Promise<Set<number>> {
  const first = isWholeBase(scope) || hasShared(db, "firstOrders", (await orderStamp(db)) ?? "") ? await firstOrders(db) : null;
  if (first) {
    const ids = isWholeBase(scope) ? first.keys() : await scopeIds(db, scope);
    const out = new Set<number>();
    for (const id of ids) if ((first.get(id) ?? Number.POSITIVE_INFINITY) < to) out.add(id);
    return out;
  }
  const rows = await db
    .selectFrom("customers as c")
    .where(customerScope(scope))
    .where((eb) =>
      eb.exists(eb.selectFrom("customer_months as cm").select("cm.customer_id").whereRef("cm.customer_id", "=", "c.id").where("cm.first_at", "<", to)),
    )
    .select("c.id")
    .execute();
  return new Set(rows.map((r) => Number(r.id)));
}
