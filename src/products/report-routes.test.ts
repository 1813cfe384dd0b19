import { beforeAll, expect, test } from "vitest";
import { forEachApp, type Person } from "../http/testing";
import { SYSTEM_VIEWER } from "../forecast/store";
import { installDefaults } from "../pipelines/install";
import { productsReportCommand } from "./cli";

interface Line {
  code: string;
  units: number;
  unitPriceFen: number;
  discountBp: number;
}
interface Deal {
  who: Person;
  status: "won" | "lost" | "open";
  lines: Line[];
}

// Three products; deals of two reps in team A and one in team B, closed in 2026-Q2 (the test clock is 2026-06-15).
const PRODUCTS = [
  { code: "R-ERP", category: "软件", listPriceFen: 1_000_000 },
  { code: "R-CRM", category: "软件", listPriceFen: 300_000 },
  { code: "R-SVC", category: "服务", listPriceFen: 200_000 },
];
const DEALS: Deal[] = [
  {
    who: "rep",
    status: "won",
    lines: [
      { code: "R-ERP", units: 2, unitPriceFen: 900_000, discountBp: 0 },
      { code: "R-SVC", units: 5, unitPriceFen: 200_000, discountBp: 1_000 },
    ],
  },
  { who: "rep", status: "won", lines: [{ code: "R-ERP", units: 1, unitPriceFen: 1_000_000, discountBp: 500 }] },
  {
    who: "rep2",
    status: "lost",
    lines: [
      { code: "R-ERP", units: 3, unitPriceFen: 1_000_000, discountBp: 0 },
      { code: "R-CRM", units: 10, unitPriceFen: 300_000, discountBp: 0 },
    ],
  },
  { who: "rep2", status: "won", lines: [{ code: "R-CRM", units: 4, unitPriceFen: 250_000, discountBp: 333 }] },
  { who: "otherRep", status: "won", lines: [{ code: "R-ERP", units: 7, unitPriceFen: 800_000, discountBp: 0 }] },
  { who: "rep", status: "open", lines: [{ code: "R-SVC", units: 1, unitPriceFen: 200_000, discountBp: 0 }] },
];
const CLOSED_AT = Date.parse("2026-05-10T04:00:00Z");

/** Revenue, units and won/closed counts per product, summed here from the deals above (not from the app). */
function expected(who: (p: Person) => boolean) {
  const out = new Map<string, { revenueFen: number; units: number; won: number; lost: number }>();
  for (const d of DEALS.filter((x) => who(x.who) && x.status !== "open"))
    for (const l of d.lines) {
      const r = out.get(l.code) ?? { revenueFen: 0, units: 0, won: 0, lost: 0 };
      if (d.status === "won") {
        r.revenueFen += Math.round((l.units * l.unitPriceFen * (10_000 - l.discountBp)) / 10_000);
        r.units += l.units;
        r.won++;
      } else r.lost++;
      out.set(l.code, r);
    }
  return out;
}

forEachApp("products report", (t) => {
  const productIds = new Map<string, number>();
  const dealIds: number[] = [];
  let pipelineId = 0;
  beforeAll(async () => {
    const a = t();
    await installDefaults(a.db, a.clock.now);
    for (const p of PRODUCTS) {
      const r = await a.call("admin", "POST", "/api/v1/products", { ...p, name: `报表 ${p.code}`, unit: "套" });
      productIds.set(p.code, r.body.id);
    }
    const crm5 = (await a.call("admin", "GET", "/api/v1/pipelines")).body.items.find((p: { key: string }) => p.key === "crm5");
    pipelineId = crm5.id;
    for (const d of DEALS) {
      const c = await a.call(d.who, "POST", "/api/v1/customers", { name: `报表客户 ${Math.random()}` });
      const o = await a.call(d.who, "POST", "/api/v1/opportunities", {
        customerId: c.body.customer.id,
        pipelineId: crm5.id,
        title: "报表商机",
        amountFen: 1,
        expectedCloseDate: "2026-06-20",
      });
      const r = await a.call(d.who, "PUT", `/api/v1/opportunities/${o.body.id}/lines`, {
        version: o.body.version,
        lines: d.lines.map((l) => ({ productId: productIds.get(l.code), units: l.units, unitPriceFen: l.unitPriceFen, discountBp: l.discountBp })),
      });
      expect(r.status).toBe(200);
      dealIds.push(o.body.id);
      if (d.status !== "open") {
        const stage = crm5.stages.find((s: { kind: string }) => s.kind === d.status);
        await a.db
          .updateTable("opportunities")
          .set({ status: d.status, stage_id: stage.id, closed_at: CLOSED_AT, lost_reason: d.status === "lost" ? "price" : null })
          .where("id", "=", o.body.id)
          .execute();
      }
    }
  });

  const byCode = (rows: Array<{ code: string }>) => new Map(rows.map((r) => [r.code, r]));

  test("an admin's revenue by product matches the sum over the deals; win rate and average price follow", async () => {
    const r = await t().call("admin", "GET", "/api/v1/reports/products?period=2026-Q2");
    expect(r.status).toBe(200);
    const got = byCode(r.body.products);
    for (const [code, e] of expected(() => true)) {
      expect(got.get(code)).toMatchObject({ revenueFen: e.revenueFen, units: e.units, won: e.won, lost: e.lost, winRate: e.won / (e.won + e.lost) });
      expect((got.get(code) as unknown as { avgPriceFen: number }).avgPriceFen).toBe(e.units ? Math.round(e.revenueFen / e.units) : null);
    }
    const all = [...expected(() => true).values()];
    expect(r.body.totals.revenueFen).toBe(all.reduce((s, e) => s + e.revenueFen, 0));
    const soft = r.body.categories.find((c: { category: string }) => c.category === "软件");
    expect(soft.revenueFen).toBe((expected(() => true).get("R-ERP")?.revenueFen ?? 0) + (expected(() => true).get("R-CRM")?.revenueFen ?? 0));
    // 软件 deals: won rep#1, rep#2, rep2#2, otherRep; lost rep2#1 (which holds two 软件 products but counts once)
    expect(soft).toMatchObject({ won: 4, lost: 1 });
  });

  test("a rep sees only their own deals; the other department's rep sees none of team A's", async () => {
    const mine = await t().call("rep", "GET", "/api/v1/reports/products?period=2026-Q2");
    const got = byCode(mine.body.products);
    for (const [code, e] of expected((p) => p === "rep")) expect(got.get(code)).toMatchObject({ revenueFen: e.revenueFen, units: e.units });
    expect(got.has("R-CRM")).toBe(false);
    const other = await t().call("otherRep", "GET", "/api/v1/reports/products?period=2026-Q2");
    expect(other.body.products.map((p: { code: string }) => p.code)).toEqual(["R-ERP"]);
    expect(other.body.totals.revenueFen).toBe(7 * 800_000);
    const mgr = await t().call("manager", "GET", "/api/v1/reports/products?period=2026-Q2");
    expect(mgr.body.totals.revenueFen).toBe([...expected((p) => p === "rep" || p === "rep2").values()].reduce((s, e) => s + e.revenueFen, 0));
  });

  test("the product filter narrows the report, the opportunity list, the funnel and the forecast to deals holding it", async () => {
    const svc = productIds.get("R-SVC");
    const rep = await t().call("admin", "GET", `/api/v1/reports/products?period=2026-Q2&product=${svc}`);
    expect(rep.body.products.map((p: { code: string }) => p.code)).toEqual(["R-SVC"]);
    const list = await t().call("admin", "GET", `/api/v1/opportunities?product=${svc}&limit=100`);
    expect(list.body.items.map((o: { id: number }) => o.id).sort()).toEqual([dealIds[0], dealIds[5]].sort());
    const funnel = await t().call("admin", "GET", `/api/v1/reports/funnel?pipeline=${pipelineId}&product=${svc}`);
    expect(funnel.status).toBe(200);
    const first = (
      await t().call("admin", "GET", `/api/v1/reports/funnel?pipeline=${pipelineId}&product=${svc}&drill=stage:${funnel.body.pipeline.stages[0].id}`)
    ).body.drill;
    expect(first.ids).toEqual([dealIds[5]]);
    const forecast = await t().call("admin", "GET", `/api/v1/forecast?period=2026-Q2&product=${productIds.get("R-CRM")}`);
    expect(forecast.status).toBe(200);
    expect(JSON.stringify(forecast.body)).toContain(String(Math.round((4 * 250_000 * (10_000 - 333)) / 10_000)));
    const pareto = await t().call("admin", "GET", `/api/v1/reports/pareto?product=${svc}`);
    expect(pareto.status).toBe(200);
  });

  test("the CLI report prints the same revenue per category", async () => {
    const r = await productsReportCommand.run({
      db: t().db,
      config: t().app.config,
      now: t().clock.now,
      viewer: SYSTEM_VIEWER,
      opts: { period: "2026-Q2", by: "category" },
    });
    const e = expected(() => true);
    const svc = r.rows.find((x) => x.category === "服务") as { revenue: { fen: number }; units: number };
    expect(svc.units).toBe(e.get("R-SVC")?.units);
    expect(svc.revenue.fen).toBe(e.get("R-SVC")?.revenueFen);
    expect((r.json as { totals: { revenueFen: number } }).totals.revenueFen).toBe([...e.values()].reduce((s, x) => s + x.revenueFen, 0));
  });

  test("bad input is 400 naming the field; no sign-in is 401", async () => {
    expect((await t().call("admin", "GET", "/api/v1/reports/products?period=2026-13")).body.error.field).toBe("period");
    expect((await t().call("admin", "GET", "/api/v1/reports/products?product=abc")).body.error.field).toBe("product");
    expect((await t().call(null, "GET", "/api/v1/reports/products")).status).toBe(401);
  });
});
