import fc from "fast-check";
import { expect, test } from "vitest";
import { indexesOf, indexOfId } from "../core/sorted-ids";
import { type OrderTotal, pickTotals, totalsAt, totalsColumns } from "./totals-columns";

// The object form the columns replace (store-totals' Base before): rows, an id map and a purchase-days map.
function objectForm(raw: { customer_id: string; revenue: string; cost: string; orders: string; last_at: string; days: string }[]) {
  const rows: OrderTotal[] = raw.map((x) => ({
    customer_id: Number(x.customer_id),
    revenue: Number(x.revenue),
    cost: Number(x.cost),
    orders: Number(x.orders),
    last_at: Number(x.last_at),
  }));
  return { rows, byId: new Map(rows.map((r) => [r.customer_id, r])), days: new Map(raw.map((r) => [Number(r.customer_id), Number(r.days)])) };
}

// PostgreSQL hands bigint sums back as strings: the rows come as text, ascending customer id, as the query orders them.
const rawRows = fc.uniqueArray(fc.integer({ min: 1, max: 5000 }), { maxLength: 200 }).chain((ids) =>
  fc.tuple(
    ...[...ids]
      .sort((a, b) => a - b)
      .map((id) =>
        fc.record({
          customer_id: fc.constant(String(id)),
          revenue: fc.bigInt({ min: 0n, max: 9_000_000_000_000n }).map(String),
          cost: fc.bigInt({ min: 0n, max: 9_000_000_000_000n }).map(String),
          orders: fc.integer({ min: 1, max: 10_000 }).map(String),
          last_at: fc.integer({ min: 1_500_000_000_000, max: 1_900_000_000_000 }).map(String),
          days: fc.integer({ min: 1, max: 400 }).map(String),
        }),
      ),
  ),
);

test("the columns answer what the object form answered: every customer's totals, a scope's entries, purchase days, look-ups", () => {
  fc.assert(
    fc.property(rawRows, fc.uniqueArray(fc.integer({ min: 1, max: 5000 }), { maxLength: 300 }), (raw, scopeIdsRaw) => {
      const old = objectForm(raw);
      const c = totalsColumns(raw);
      expect(totalsAt(c)).toEqual(old.rows);
      const scopeIds = [...scopeIdsRaw].sort((a, b) => a - b);
      // the scope's entries: old = ids looked up in the map, in id order
      const oldScope = scopeIds.flatMap((id) => (old.byId.has(id) ? [old.byId.get(id)!] : []));
      const at = indexesOf(c.customerId, scopeIds);
      expect(totalsAt(c, at)).toEqual(oldScope);
      const picked = pickTotals(c, at);
      expect(totalsAt(picked)).toEqual(oldScope);
      expect([...picked.days]).toEqual(oldScope.map((r) => old.days.get(r.customer_id)));
      for (const id of scopeIds) {
        const i = indexOfId(c.customerId, id);
        expect(i >= 0 ? totalsAt(c, [i])[0] : undefined).toEqual(old.byId.get(id));
      }
    }),
  );
});

test("customers in both of two windows: the merge walk counts what a set intersection counted", () => {
  fc.assert(
    fc.property(fc.uniqueArray(fc.integer({ min: 1, max: 300 })), fc.uniqueArray(fc.integer({ min: 1, max: 300 })), (a, b) => {
      const sa = [...a].sort((x, y) => x - y);
      const sb = [...b].sort((x, y) => x - y);
      const inB = new Set(b);
      expect(indexesOf(Float64Array.from(sa), Float64Array.from(sb)).length).toBe(a.filter((x) => inB.has(x)).length);
    }),
  );
});

test("a worked example: three customers, a scope of two (one without orders), amounts beyond 2^31 fen kept exactly", () => {
  const c = totalsColumns([
    { customer_id: "3", revenue: "5000000000", cost: "1", orders: "2", last_at: "1782791999999", days: "2" },
    { customer_id: 7, revenue: 10, cost: 4, orders: 1, last_at: 1700000000000, days: 1 },
    { customer_id: "12", revenue: "8", cost: "0", orders: "1", last_at: "1700000000001", days: "1" },
  ]);
  expect(totalsAt(c, indexesOf(c.customerId, [7, 9]))).toEqual([{ customer_id: 7, revenue: 10, cost: 4, orders: 1, last_at: 1700000000000 }]);
  expect(c.revenue[0]).toBe(5_000_000_000);
  expect(indexOfId(c.customerId, 12)).toBe(2);
  expect(indexOfId(c.customerId, 4)).toBe(-1);
  expect(() => totalsColumns([c, c].map(() => ({ customer_id: 1, revenue: 0, cost: 0, orders: 0, last_at: 0, days: 0 })))).toThrow(/ascending/);
});
