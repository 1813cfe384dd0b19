/**
 * The one shared per-customer order aggregate (issue 10): every customer's totals of a window, computed once per
 * order stamp (the customer_months version, bumped by every order write in its transaction) and window, and read
 * by every tiering report and every scope — a scope takes its customers' entries. Until the whole base is computed
 * for the stamp, a narrower scope computes only its own customers (cost in proportion to the scope's rows).
 */
import { sql } from "kysely";
import { scopeKey } from "../access/visible";
import type { Db } from "../db/connect";
import { indexesOf, indexOfId } from "../core/sorted-ids";
import { hasShared, sharedAggregate } from "../db/data-stamp";
import { monthsOffset, orderStamp } from "../readmodels/customer-months";
import { windowTotals } from "../readmodels/order-cells";
import { computePool } from "../workers/pool";
import { offLoopLocation } from "../workers/worker-db";
import { isWholeBase, scopeIds } from "./store-customers";
import { customerScope, type Scope, type Window } from "./store";
import { type OrderTotal, pickTotals, type TotalsColumns, totalsAt, totalsColumns } from "./totals-columns";

export type { OrderTotal } from "./totals-columns";
export { isWholeBase, scopeIds } from "./store-customers";

async function computeRows(db: Db, scope: Scope, w: Window) {
  const off = await monthsOffset(db);
  const r = await sql<OrderTotal & { days: number }>`${windowTotals(customerScope(scope), w.from, w.to, off)} order by 1`.execute(db);
  return r.rows;
}

async function computeTotals(db: Db, scope: Scope, w: Window): Promise<OrderTotal[]> {
  return totalsAt(totalsColumns(await computeRows(db, scope, w)));
}

/** The whole base as a scope (an admin without filters). */
export const WHOLE: Scope = { viewer: { id: 0, role: "admin", teamId: null, name: "base", email: "", locale: "zh-CN" } as Scope["viewer"], filters: {} };

const baseKey = (w: Window) => `baseTotals:${w.from}:${w.to}`;

/**
 * The whole base's totals of the window for the order stamp (computed once, then shared), as columns. On the main
 * thread they come from a compute worker when one can open the database: the worker reads and parses the rows
 * (110,000 a window at enterprise scale) on its own connection, or hands over the copy the tiering reports already
 * made there, so the main thread neither stalls on them nor has the database aggregate the same orders twice.
 */
function baseTotals(db: Db, w: Window, stamp: string): Promise<TotalsColumns> {
  const at = offLoopLocation(db);
  if (!at) return localBaseTotals(db, w, stamp);
  return sharedAggregate(
    db,
    baseKey(w),
    () => computePool().run("baseTotals", { location: at, w: { from: w.from, to: w.to }, stamp }),
    async () => stamp,
  );
}

/** The same computed on this thread's own handle (in a worker, or where no worker can open the database). */
export function localBaseTotals(db: Db, w: Window, stamp: string): Promise<TotalsColumns> {
  return sharedAggregate(
    db,
    baseKey(w),
    async () => totalsColumns(await computeRows(db, WHOLE, w)),
    async () => stamp,
  );
}

/** Indexes in the whole base's columns of the scope's customers with totals; all of them for the whole base. */
async function scopeAt(db: Db, scope: Scope, base: TotalsColumns): Promise<number[] | undefined> {
  return isWholeBase(scope) ? undefined : indexesOf(base.customerId, await scopeIds(db, scope));
}

/**
 * Per customer of the scope with orders in [from, to): revenue, cost, orders, last order —
 * in customer id order. From the whole-base aggregate of the order stamp when there is one (or the scope is the
 * whole base), else computed for the scope alone and shared while the data stamp holds.
 */
export async function scopedTotals(db: Db, scope: Scope, w: Window): Promise<OrderTotal[]> {
  const stamp = await orderStamp(db);
  if (stamp && (isWholeBase(scope) || hasShared(db, baseKey(w), stamp))) {
    const base = await baseTotals(db, w, stamp);
    return totalsAt(base, await scopeAt(db, scope, base));
  }
  const key = `orderTotals:${scopeKey(scope.viewer)}:${JSON.stringify(scope.filters)}:${w.from}:${w.to}`;
  return sharedAggregate(db, key, () => computeTotals(db, scope, w));
}

/**
 * scopedTotals as columns (no object per customer): the whole base's shared columns, or the scope's entries of them,
 * else the scope's own totals computed and shared while the data stamp holds.
 */
export async function scopedTotalColumns(db: Db, scope: Scope, w: Window): Promise<TotalsColumns> {
  const stamp = await orderStamp(db);
  if (stamp && (isWholeBase(scope) || hasShared(db, baseKey(w), stamp))) {
    const base = await baseTotals(db, w, stamp);
    const at = await scopeAt(db, scope, base);
    return at ? pickTotals(base, at) : base;
  }
  const key = `orderTotalColumns:${scopeKey(scope.viewer)}:${JSON.stringify(scope.filters)}:${w.from}:${w.to}`;
  return sharedAggregate(db, key, async () => totalsColumns(await computeRows(db, scope, w)));
}

/**
 * The scope's totals and purchase days of the window (columns) from the whole-base aggregate, when it is at hand for
 * the order stamp (or the scope is the whole base) and months are cut at `off`; else null (the caller asks the
 * database for the scope alone).
 */
export async function sharedWindowTotals(db: Db, scope: Scope, w: Window, off: number): Promise<TotalsColumns | null> {
  const stamp = await orderStamp(db);
  if (!stamp || off !== (await monthsOffset(db))) return null;
  if (!isWholeBase(scope) && !hasShared(db, baseKey(w), stamp)) return null;
  const base = await baseTotals(db, w, stamp);
  const at = await scopeAt(db, scope, base);
  return at ? pickTotals(base, at) : base;
}

/** Every customer's first order instant (all time), ascending customer id, as two columns. */
interface FirstOrders {
  customerId: Float64Array;
  firstAt: Float64Array;
}

/** Every customer's first order instant (all time), once per order stamp; null when the roll-up was never built. */
export async function firstOrders(db: Db): Promise<FirstOrders | null> {
  const stamp = await orderStamp(db);
  if (!stamp) return null;
  return sharedAggregate(
    db,
    "firstOrders",
    async () => {
      const r = await sql<{
        customer_id: number;
        first_at: number;
      }>`select customer_id, min(first_at) as first_at from customer_months group by customer_id order by customer_id`.execute(db);
      const out = { customerId: new Float64Array(r.rows.length), firstAt: new Float64Array(r.rows.length) };
      r.rows.forEach((x, i) => {
        out.customerId[i] = Number(x.customer_id);
        out.firstAt[i] = Number(x.first_at);
      });
      return out;
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
    const out = new Set<number>();
    if (isWholeBase(scope)) {
      for (let i = 0; i < first.customerId.length; i++) if (first.firstAt[i] < to) out.add(first.customerId[i]);
    } else {
      for (const id of await scopeIds(db, scope)) {
        const i = indexOfId(first.customerId, id);
        if (i >= 0 && first.firstAt[i] < to) out.add(id);
      }
    }
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
