import { beforeAll, expect, test } from "vitest";
import { ordersChanged } from "../readmodels/maintain";
import { forEachApp, TEST_NOW } from "../http/testing";

// Issue 11: a customer's "simple" CLV is its own (order value × frequency × expected lifespan), not the company average.
const DAY = 86_400_000;
forEachApp("per-customer simple CLV", (t) => {
  const ids: number[] = [];
  beforeAll(async () => {
    const { db } = t();
    // A: two orders of ¥1,000 and ¥3,000 at 60 % cost; B: one order of ¥10,000 at 90 % cost; both within the 12-month window
    const spec: Array<Array<[number, number]>> = [
      [
        [100_000, 60_000],
        [300_000, 180_000],
      ],
      [[1_000_000, 900_000]],
    ];
    for (const [i, orders] of spec.entries()) {
      const c = await db
        .insertInto("customers")
        .values({ name: `CLV客户${i}`, name_norm: `clv客户${i}`, owner_id: t().ids.rep, tags: "[]", created_at: TEST_NOW - 500 * DAY, updated_at: TEST_NOW })
        .returning("id")
        .executeTakeFirstOrThrow();
      ids.push(c.id);
      for (const [k, [amount, cost]] of orders.entries())
        await db
          .insertInto("orders")
          .values({
            customer_id: c.id,
            ordered_at: TEST_NOW - (40 + 30 * k) * DAY,
            amount_fen: amount,
            cost_fen: cost,
            units: 1,
            product: null,
            created_at: TEST_NOW,
            opportunity_id: null,
            external_id: null,
          })
          .execute();
    }
    await ordersChanged(db, ids); // rows written straight to the table: keep the order roll-up in step, as the writers do
    const s = await t().call("admin", "PUT", "/api/v1/settings/tiering", { clv: { horizonMonths: 12, monthlyDiscount: 0.01, margin: null, lifespanYears: 3 } });
    expect(s.status).toBe(200);
  });

  test("each customer's simple CLV is its own average order × orders a year × 3 years (× its own margin)", async () => {
    const [a, b] = await Promise.all(ids.map((id) => t().call("rep", "GET", `/api/v1/customers/${id}/clv`)));
    expect(a.status).toBe(200);
    // the window is the 12 months to 2026-06-15 in Shanghai: 2025-06-16 … 2026-06-15, 365 days
    const years = 365 / 365.25;
    expect(a.body.simple).toMatchObject({ orders: 2, averageOrderValue: 200_000, lifespanYears: 3, margin: 0.4 });
    expect(a.body.simple.purchasesPerYear).toBeCloseTo(2 / years, 9);
    expect(a.body.simple.revenueClv).toBeCloseTo(200_000 * (2 / years) * 3, 3);
    expect(a.body.simple.profitClv).toBeCloseTo(200_000 * (2 / years) * 3 * 0.4, 3);
    expect(b.body.simple).toMatchObject({ orders: 1, averageOrderValue: 1_000_000 });
    expect(b.body.simple.revenueClv).toBeCloseTo(1_000_000 * (1 / years) * 3, 3);
    expect(b.body.simple.margin).toBeCloseTo(0.1, 12);
    // the company figure stays beside it: 3 orders, ¥14,000 → average order ¥4,666.67
    expect(a.body.companySimple.averageOrderValue).toBeCloseTo(1_400_000 / 3, 6);
    expect(a.body.simple.revenueClv).not.toBeCloseTo(b.body.simple.revenueClv, 0);
  });
});
