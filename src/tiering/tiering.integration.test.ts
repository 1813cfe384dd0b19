/**
 * The tiering reports against tiers computed independently by direct SQL window functions (RANK, SUM OVER) on a
 * small hand-made data set, on SQLite and PostgreSQL; role scoping; and the re-tiering job's history.
 */
import { ordersChanged } from "../readmodels/maintain";
import { sql } from "kysely";
import { beforeAll, expect, test } from "vitest";
import { forEachApp, TEST_NOW } from "../http/testing";
import { retier } from "./retier";

const DAY = 86_400_000;

forEachApp("tiering reports", (t) => {
  const ids: number[] = [];
  beforeAll(async () => {
    const { db, ids: who } = t();
    const owners = [who.rep, who.rep2, who.otherRep];
    for (let i = 1; i <= 12; i++) {
      const c = await db
        .insertInto("customers")
        .values({
          name: `客户${i}`,
          name_norm: `客户${i}`,
          owner_id: owners[i % 3],
          tags: "[]",
          credit_rating: i % 2 ? "A" : "B",
          prospect_rating: i % 3 ? "高" : "低",
          size_band: i > 8 ? "large" : "small",
          created_at: TEST_NOW - 400 * DAY,
          updated_at: TEST_NOW - 400 * DAY,
        } as never)
        .returning("id")
        .executeTakeFirstOrThrow();
      ids.push(c.id);
      // customer i: (i % 4) + 1 orders, k-th order of 1,000·i·(k+1) yuan at cost 60 % (customers 5 and 6 tie on revenue)
      const n = (i % 4) + 1;
      for (let k = 0; k < n; k++) {
        const amount = (i === 6 ? 5 : i) * 100_000 * (k + 1) * (i === 6 ? 1 : 1);
        await db
          .insertInto("orders")
          .values({
            customer_id: c.id,
            ordered_at: TEST_NOW - (i * 17 + k * 5) * DAY,
            amount_fen: amount,
            cost_fen: Math.round(amount * (i % 5 === 0 ? 0.9 : 0.6)),
            units: 1,
            product: null,
            created_at: TEST_NOW,
            opportunity_id: null,
            external_id: null,
          })
          .execute();
      }
    }
    // an order outside the 12-month window does not count
    await db
      .insertInto("orders")
      .values({
        customer_id: ids[0],
        ordered_at: TEST_NOW - 500 * DAY,
        amount_fen: 99_999_999,
        cost_fen: 0,
        units: 1,
        product: null,
        created_at: TEST_NOW,
        opportunity_id: null,
        external_id: null,
      })
      .execute();
    await ordersChanged(db, ids); // rows written straight into the tables: keep the order roll-up in step, as the writers do
  });

  const windowFrom = () => Date.parse("2025-06-15T16:00:00Z");
  const windowTo = () => Date.parse("2026-06-15T16:00:00Z");
  const totals = () => sql`select customer_id, sum(amount_fen) as revenue, sum(amount_fen - cost_fen) as profit, count(*) as orders,
      max(ordered_at) as last_at from orders where ordered_at >= ${windowFrom()} and ordered_at < ${windowTo()} group by customer_id`;

  test("RFM scores equal 1 + 5(RANK − 1) / n computed in SQL", async () => {
    const { db } = t();
    const direct = await sql<{ customer_id: number; r: number; f: number; m: number }>`
      with t as (${totals()}), d as (select customer_id, orders, revenue, (cast(${windowTo()} as bigint) - 1 - last_at) / 86400000 as days from t),
      k as (select customer_id, rank() over (order by days desc) as rr, rank() over (order by orders) as fr,
                   rank() over (order by revenue) as mr, count(*) over () as n from d)
      select customer_id, 1 + (5 * (rr - 1)) / n as r, 1 + (5 * (fr - 1)) / n as f, 1 + (5 * (mr - 1)) / n as m from k order by customer_id`.execute(db);
    const res = await t().call("admin", "GET", "/api/v1/reports/rfm?limit=1000");
    expect(res.status).toBe(200);
    const got = res.body.scores
      .map((s: { customerId: number; r: number; f: number; m: number }) => [s.customerId, s.r, s.f, s.m])
      .sort((a: number[], b: number[]) => a[0] - b[0]);
    expect(got).toEqual(direct.rows.map((r) => [Number(r.customer_id), Number(r.r), Number(r.f), Number(r.m)]));
    expect(res.body.customers).toBe(12);
  });

  test("pyramid tiers equal the SQL ranking: (RANK − 1)·100 < share·n", async () => {
    const direct = await sql<{ customer_id: number; tier: string }>`
      with t as (${totals()}), k as (select customer_id, rank() over (order by profit desc) as r, count(*) over () as n from t)
      select customer_id, case when (r - 1) * 100 < 1 * n then 'key' when (r - 1) * 100 < 5 * n then 'major'
        when (r - 1) * 100 < 20 * n then 'ordinary' else 'small' end as tier from k order by customer_id`.execute(t().db);
    const res = await t().call("admin", "GET", "/api/v1/reports/pyramid?limit=1000");
    const got = res.body.places.map((p: { customerId: number; tier: string }) => [p.customerId, p.tier]).sort((a: [number], b: [number]) => a[0] - b[0]);
    expect(got).toEqual(direct.rows.map((r) => [Number(r.customer_id), r.tier]));
  });

  test("ABC classes by revenue equal the SQL running sum: share before the customer < 80 % → A, < 95 % → B", async () => {
    const direct = await sql<{ customer_id: number; abc: string }>`
      with t as (${totals()}), k as (select customer_id, revenue,
        coalesce(sum(revenue) over (order by revenue desc, customer_id rows between unbounded preceding and 1 preceding), 0) as before,
        sum(revenue) over () as total from t)
      select customer_id, case when before * 100 < 80 * total then 'A' when before * 100 < 95 * total then 'B' else 'C' end as abc
      from k order by customer_id`.execute(t().db);
    const res = await t().call("admin", "GET", "/api/v1/reports/pareto?limit=1000");
    const got = res.body.revenue.points.map((p: { customerId: number; abc: string }) => [p.customerId, p.abc]).sort((a: [number], b: [number]) => a[0] - b[0]);
    expect(got).toEqual(direct.rows.map((r) => [Number(r.customer_id), r.abc]));
    expect(res.body.revenue.total).toBe(Number((await sql<{ s: number }>`select sum(revenue) as s from (${totals()}) x`.execute(t().db)).rows[0].s));
  });

  test("a rep sees only their customers, a manager the team's, an admin all", async () => {
    const count = async (who: "rep" | "manager" | "admin" | "otherRep") => (await t().call(who, "GET", "/api/v1/reports/pareto")).body.revenue.customers;
    expect(await count("admin")).toBe(12);
    expect(await count("manager")).toBe(8); // rep + rep2 own i % 3 ∈ {0, 1}
    expect(await count("rep")).toBe(4);
    expect(await count("otherRep")).toBe(4);
  });

  test("every report answers for every role", async () => {
    for (const r of ["pareto", "pyramid", "grades", "rfm", "kaism", "key-accounts", "priority"])
      for (const who of ["admin", "manager", "rep"] as const) expect((await t().call(who, "GET", `/api/v1/reports/${r}`)).status, `${r} as ${who}`).toBe(200);
  });

  test("the re-tiering job records tiers once, then only changes, and the history shows them", async () => {
    const first = await retier(t().db, TEST_NOW, "Asia/Shanghai");
    expect(first.pyramid).toBe(12);
    const again = await retier(t().db, TEST_NOW + DAY, "Asia/Shanghai");
    expect(Object.values(again).every((n) => n === 0)).toBe(true);
    const h = await t().call("rep2", "GET", `/api/v1/customers/${ids[0]}/tiers`); // customer 1 belongs to rep2
    expect(h.status).toBe(200);
    expect(Object.keys(h.body.current).sort()).toEqual(["abc", "grade", "kaism", "priority", "pyramid", "rfm"]);
    expect(h.body.revisitDays).toBeGreaterThan(0);
    expect((await t().call("otherRep", "GET", `/api/v1/customers/${ids[0]}/tiers`)).status).toBe(404);
  });

  test("settings: admins change the ABC cuts, reps may not", async () => {
    expect((await t().call("rep", "PUT", "/api/v1/settings/tiering", { abc: { a: 0.5, b: 0.9, topFraction: 0.2 } })).status).toBe(403);
    expect((await t().call("admin", "PUT", "/api/v1/settings/tiering", { abc: { a: 0.95, b: 0.9, topFraction: 0.2 } })).status).toBe(400);
    const ok = await t().call("admin", "PUT", "/api/v1/settings/tiering", { abc: { a: 0.5, b: 0.9, topFraction: 0.2 } });
    expect(ok.status).toBe(200);
    expect((await t().call("rep", "GET", "/api/v1/reports/pareto")).body.cuts.a).toBe(0.5);
  });
});
