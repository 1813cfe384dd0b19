/** Lifetime value over a horizon in days, weeks or months on the API, customers by name and external id, γ in yuan (issue 13, item 9). */
import { beforeAll, expect, test } from "vitest";
import { generateDemo } from "../demo/generate";
import { forEachApp } from "../http/testing";

const MONTH_DAYS = 365.25 / 12;

forEachApp("lifetime value horizons", (t) => {
  let customer = 0;
  beforeAll(async () => {
    await generateDemo(t().db, { scale: "tiny", seed: 9, now: t().clock.now });
    customer = (await t().db.selectFrom("orders").select("customer_id").groupBy("customer_id").orderBy("customer_id").limit(1).executeTakeFirstOrThrow())
      .customer_id;
  }, 120_000);

  const clv = async (q: string) => {
    const r = await t().call("admin", "GET", `/api/v1/reports/clv?limit=100000${q}`);
    expect(r.status, q).toBe(200);
    return r.body.predictive;
  };

  test("a horizon in weeks or days is the same span in months; a longer horizon is worth more", async () => {
    const w26 = await clv("&horizon=26w");
    const d90 = await clv("&horizon=90d");
    const m12 = await clv("&horizon=12m");
    expect(w26.horizonMonths).toBeCloseTo((26 * 7) / MONTH_DAYS, 12);
    expect(d90.horizonMonths).toBeCloseTo(90 / MONTH_DAYS, 12);
    expect(m12.horizonMonths).toBe(12);
    expect(d90.totalClvFen).toBeLessThan(w26.totalClvFen);
    expect(w26.totalClvFen).toBeLessThan(m12.totalClvFen);
    // the default setting is 12 months: no horizon answers as 12m does
    expect((await clv("")).totalClvFen).toBeCloseTo(m12.totalClvFen, 6);
  });

  test("customers come with their name and external id; γ is given in yuan beside the fit's fen", async () => {
    const p = await clv("");
    const stored = new Map((await t().db.selectFrom("customers").select(["id", "name", "external_id"]).execute()).map((c) => [c.id, c]));
    for (const c of p.top.slice(0, 20))
      expect({ name: c.name, externalId: c.externalId }).toEqual({ name: stored.get(c.customerId)!.name, externalId: stored.get(c.customerId)!.external_id });
    expect(p.gammaYuan).toBeCloseTo(p.gammaGamma.params.gamma / 100, 12);
  });

  test("one customer's value takes the horizon too; a bad horizon is a 400 on `horizon`", async () => {
    const r = await t().call("admin", "GET", `/api/v1/customers/${customer}/clv?horizon=13w`);
    expect(r.status).toBe(200);
    expect(r.body.predictive.horizonMonths).toBeCloseTo(91 / MONTH_DAYS, 12);
    expect(r.body.predictive.gammaYuan).toBeCloseTo(r.body.predictive.gammaGamma.gamma / 100, 12);
    for (const bad of ["banana", "0d", "200m"]) {
      const b = await t().call("admin", "GET", `/api/v1/reports/clv?horizon=${bad}`);
      expect(b.status, bad).toBe(400);
      expect(b.body.error.field, bad).toBe("horizon");
    }
  });
});
