import { expect, test } from "vitest";
import { reportCacheFor } from "./report-cache";
import { forEachApp } from "./testing";

forEachApp("heavy reports are reused while the data is unchanged", (t) => {
  test("a repeated Pareto request is served from the cache; a new order, an edit or a setting change recomputes it", async () => {
    const cache = reportCacheFor(t().db);
    const c = await t().call("rep", "POST", "/api/v1/customers", { name: "缓存测试有限公司" });
    const cid = c.body.customer.id;
    const order = (n: number, fen: number) =>
      t()
        .db.insertInto("orders")
        .values({
          external_id: `rc${n}`,
          customer_id: cid,
          opportunity_id: null,
          ordered_at: t().clock.now - 86_400_000 * n,
          amount_fen: fen,
          cost_fen: 0,
          units: 1,
          product: null,
          created_at: t().clock.now,
        })
        .execute();
    await order(1, 100_00);
    const total = async () => (await t().call("rep", "GET", "/api/v1/reports/pareto")).body.revenue.total;
    const misses0 = cache.misses;
    expect(await total()).toBe(100_00);
    expect(await total()).toBe(100_00);
    expect(cache.misses - misses0).toBe(1);
    expect(cache.hits).toBeGreaterThan(0);
    await order(2, 50_00);
    expect(await total()).toBe(150_00);
    // Another viewer never gets this rep's cached answer: the other team sees none of these orders.
    expect((await t().call("otherRep", "GET", "/api/v1/reports/pareto")).body.revenue.total).toBe(0);
    const before = cache.misses;
    await t().call("rep", "PATCH", `/api/v1/customers/${cid}`, { version: c.body.customer.version, notes: "改动" });
    await total();
    expect(cache.misses).toBe(before + 1);
  });

  test("a recomputation after a data change releases every entry of the old stamp", async () => {
    const cache = reportCacheFor(t().db);
    await t().call("rep", "GET", "/api/v1/reports/pareto?months=6");
    await t().call("rep", "GET", "/api/v1/reports/pareto?months=12");
    await t().call("rep", "GET", "/api/v1/reports/rfm");
    expect(cache.size).toBeGreaterThanOrEqual(3);
    await t().call("rep", "POST", "/api/v1/customers", { name: "释放测试有限公司" });
    await t().call("rep", "GET", "/api/v1/reports/pareto?months=6");
    // only the answer just computed is held: the other two were of the superseded stamp
    expect(cache.size).toBe(1);
  });
});
