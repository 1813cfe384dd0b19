/**
 * CDNOW imported as orders (one customer per sample id, orders at noon Shanghai time) and fitted through the API
 * with calibration end 1997-09-30: the same BG/NBD and Gamma-Gamma estimates as the published summary, on SQLite
 * and PostgreSQL. Retention counts checked against a count made directly from the file.
 */
import { ordersChanged } from "../readmodels/maintain";
import { readFileSync } from "node:fs";
import { beforeAll, expect, test } from "vitest";
import { dateStart } from "../core/dates";
import { forEachApp } from "../http/testing";

const TZ = "Asia/Shanghai";
const raw = readFileSync(new URL("../../test/fixtures/cdnow/CDNOW_sample.txt", import.meta.url), "utf8")
  .trim()
  .split(/\r?\n/)
  .map((l) => {
    const [, id, d, , dollars] = l.trim().split(/\s+/);
    return { id: Number(id), date: `${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6, 8)}`, fen: Math.round(Number(dollars) * 100) };
  });

forEachApp("value reports on CDNOW", (t) => {
  beforeAll(async () => {
    const { db, ids } = t();
    const created = dateStart("1997-01-01", TZ);
    const custIds = new Map<number, number>();
    const sampleIds = [...new Set(raw.map((r) => r.id))];
    for (let i = 0; i < sampleIds.length; i += 500) {
      const rows = await db
        .insertInto("customers")
        .values(
          sampleIds.slice(i, i + 500).map(
            (s) =>
              ({
                external_id: `cdnow-${s}`,
                name: `CDNOW ${s}`,
                name_norm: `cdnow ${s}`,
                owner_id: s % 2 ? ids.rep : ids.otherRep,
                tags: "[]",
                created_at: created,
                updated_at: created,
              }) as never,
          ),
        )
        .returning(["id", "external_id"])
        .execute();
      for (const r of rows) custIds.set(Number(r.external_id!.slice(6)), r.id);
    }
    for (let i = 0; i < raw.length; i += 1000) {
      await db
        .insertInto("orders")
        .values(
          raw.slice(i, i + 1000).map((r) => ({
            customer_id: custIds.get(r.id)!,
            ordered_at: dateStart(r.date, TZ) + 12 * 3600_000,
            amount_fen: r.fen,
            cost_fen: Math.round(r.fen * 0.7),
            units: 1,
            product: null,
            created_at: created,
            opportunity_id: null,
            external_id: null,
          })),
        )
        .execute();
    }
    await ordersChanged(db, custIds.values()); // rows written straight into the tables: keep the order roll-up in step
  }, 120_000);

  test("BG/NBD and Gamma-Gamma from the orders reproduce the published CDNOW estimates", async () => {
    const r = await t().call("admin", "GET", "/api/v1/reports/clv?from=1997-01-01&to=1997-09-30&limit=5");
    expect(r.status).toBe(200);
    const p = r.body.predictive;
    expect(p.calibrationEnd).toBe("1997-09-30");
    expect(p.bgnbd.customers).toBe(2357);
    expect(p.bgnbd.params.r).toBeCloseTo(0.243, 3);
    expect(p.bgnbd.params.alpha).toBeCloseTo(4.414, 2);
    expect(p.bgnbd.params.a).toBeCloseTo(0.793, 3);
    expect(p.bgnbd.params.b).toBeCloseTo(2.426, 2);
    expect(p.bgnbd.logLikelihood).toBeCloseTo(-9582.4, 0);
    expect(p.gammaGamma.customers).toBe(946);
    expect(p.gammaGamma.params.p).toBeCloseTo(6.25, 1);
    expect(p.gammaGamma.params.q).toBeCloseTo(3.74, 1);
    expect(p.gammaGamma.params.gamma / 100).toBeCloseTo(15.45, 0); // fitted on fen: γ scales with the currency unit
    expect(p.top).toHaveLength(5);
    expect(p.top[0].clvFen).toBeGreaterThanOrEqual(p.top[4].clvFen);
  }, 60_000);

  test("retention: January 1997 cohort and monthly actives match a count made from the file", async () => {
    const r = await t().call("admin", "GET", "/api/v1/reports/retention?from=1997-01-01&to=1997-06-30");
    expect(r.status).toBe(200);
    const activeIn = (m: string) => new Set(raw.filter((x) => x.date.startsWith(m)).map((x) => x.id)).size;
    const firstOf = new Map<number, string>();
    for (const x of raw) if (!firstOf.has(x.id) || x.date < firstOf.get(x.id)!) firstOf.set(x.id, x.date);
    const jan = [...firstOf.values()].filter((d) => d.startsWith("1997-01")).length;
    expect(r.body.periods.map((p: { active: number }) => p.active)).toEqual(["01", "02", "03", "04", "05", "06"].map((m) => activeIn(`1997-${m}`)));
    expect(r.body.cohorts[0].key).toBe("1997-01");
    expect(r.body.cohorts[0].size).toBe(jan);
    const janIds = new Set([...firstOf].filter(([, d]) => d.startsWith("1997-01")).map(([id]) => id));
    const janInFeb = new Set(raw.filter((x) => janIds.has(x.id) && x.date.startsWith("1997-02")).map((x) => x.id)).size;
    expect(r.body.cohorts[0].active[1]).toBe(janInFeb);
  });

  test("a rep's CLV report scores only their customers, with the model fitted once on the whole base", async () => {
    const r = await t().call("rep", "GET", "/api/v1/reports/clv?from=1997-01-01&to=1997-09-30&limit=1");
    const odd = new Set(raw.filter((x) => x.id % 2 === 1).map((x) => x.id)).size;
    expect(r.body.predictive.customers).toBe(odd);
    expect(r.body.predictive.bgnbd.customers).toBe(2357);
    const admin = await t().call("admin", "GET", "/api/v1/reports/clv?from=1997-01-01&to=1997-09-30&limit=1");
    expect(r.body.predictive.bgnbd.params).toEqual(admin.body.predictive.bgnbd.params);
  }, 60_000);

  test("satisfaction entries: NPS out of range is refused; entries show in the summary", async () => {
    const c = (await t().db.selectFrom("customers").select("id").where("owner_id", "=", t().ids.rep).limit(1).executeTakeFirstOrThrow()).id;
    expect((await t().call("rep", "POST", `/api/v1/customers/${c}/satisfaction`, { kind: "nps", score: 11 })).status).toBe(400);
    expect((await t().call("otherRep", "POST", `/api/v1/customers/${c}/satisfaction`, { kind: "nps", score: 9 })).status).toBe(404);
    const at = dateStart("1997-03-01", TZ);
    expect((await t().call("rep", "POST", `/api/v1/customers/${c}/satisfaction`, { kind: "nps", score: 9, at })).status).toBe(201);
    expect((await t().call("rep", "POST", `/api/v1/customers/${c}/satisfaction`, { kind: "nps", score: 3, at })).status).toBe(201);
    const r = await t().call("rep", "GET", "/api/v1/reports/retention?from=1997-01-01&to=1997-06-30");
    expect(r.body.satisfaction.nps).toEqual({ answers: 2, promoters: 1, passives: 0, detractors: 1, score: 0 });
  });
});
