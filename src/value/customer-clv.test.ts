import { beforeAll, expect, test } from "vitest";
import { generateDemo } from "../demo/generate";
import { forEachApp } from "../http/testing";

forEachApp("one customer's lifetime value", (t) => {
  let mine = 0,
    theirs = 0;
  beforeAll(async () => {
    await generateDemo(t().db, { scale: "tiny", seed: 7, now: t().clock.now });
    // Hand two demo customers with orders to the test reps of different teams.
    const buyers = await t().db.selectFrom("orders").select("customer_id").groupBy("customer_id").orderBy("customer_id").limit(2).execute();
    [mine, theirs] = buyers.map((b) => b.customer_id);
    await t().db.updateTable("customers").set({ owner_id: t().ids.rep }).where("id", "=", mine).execute();
    await t().db.updateTable("customers").set({ owner_id: t().ids.otherRep }).where("id", "=", theirs).execute();
  }, 120_000);

  test("a rep sees their customer's predicted value, from the model fitted on every customer", async () => {
    const r = await t().call("rep", "GET", `/api/v1/customers/${mine}/clv`);
    expect(r.status).toBe(200);
    expect(r.body.predictive.customer.customerId).toBe(mine);
    expect(r.body.predictive.customer.clvFen).toBeGreaterThanOrEqual(0);
    expect(r.body.predictive.customer.pAlive).toBeGreaterThan(0);
    expect(r.body.predictive.customer.pAlive).toBeLessThanOrEqual(1);
    // The same number as the admin's company-wide report for that customer.
    const all = await t().call("admin", "GET", "/api/v1/reports/clv?limit=100000");
    const row = all.body.predictive.top.find((c: { customerId: number }) => c.customerId === mine);
    expect(r.body.predictive.customer.clvFen).toBeCloseTo(row.clvFen, 6);
    expect(r.body.predictive.of).toBe(all.body.predictive.customers);
  });

  test("another team's customer answers 404", async () => {
    expect((await t().call("rep", "GET", `/api/v1/customers/${theirs}/clv`)).status).toBe(404);
  });
});
