import { beforeAll, expect, test } from "vitest";
import { forEachApp } from "../http/testing";
import { type LoadedSample, loadSample } from "../funnel/sample-load";
import { on } from "../funnel/sample-funnel";

forEachApp("planning routes", (t) => {
  let S: LoadedSample;
  beforeAll(async () => {
    S = await loadSample(t().db, { 1: t().ids.rep, 2: t().ids.otherRep }, on(1, 1));
  });

  test("the seed's balance: 300万 ÷ 3万 at 10 % and 200 台 ÷ 2 台", async () => {
    const a = await t().call("rep", "GET", `/api/v1/planning/balance?pipeline=${S.pipelineId}&target=300万&averageContract=3万&probability=10%25`);
    expect(a.status).toBe(200);
    expect(a.body).toMatchObject({ contracts: 100, customersPerYear: 1000 });
    expect(Math.round(a.body.perMonth * 10) / 10).toBe(83.3);
    const u = await t().call("rep", "GET", `/api/v1/planning/balance?pipeline=${S.pipelineId}&unit=units&target=200&averageContract=2&probability=0.1`);
    expect(u.body).toMatchObject({ contracts: 100, customersPerYear: 1000, perMonth: a.body.perMonth });
    // first-stage probability of the sample pipeline is A's 10 %: the same answer
    const f = await t().call("rep", "GET", `/api/v1/planning/balance?pipeline=${S.pipelineId}&target=300万&averageContract=3万`);
    expect(f.body.input.probability).toBe(0.1);
  });

  test("stage by stage with January's measured conversion, against the open pipeline", async () => {
    const r = await t().call(
      "admin",
      "GET",
      `/api/v1/planning/balance?pipeline=${S.pipelineId}&target=300万&averageContract=3万&probability=measured&period=2026-01`,
    );
    // January's cohort 5 → 4 → 3 → 2 → 1: overall 20 % → 500 target customers a year.
    expect(r.body.input.probability).toBe(0.2);
    expect(r.body.customersPerYear).toBe(500);
    // 100/12 = 8.33 wins a month; D needs 8.33/0.5 = 16.67; C ÷ (2/3) = 25; B ÷ 0.75 = 33.3; A ÷ 0.8 = 41.67
    const per = r.body.stages.map((s: { perMonth: number }) => Math.round(s.perMonth * 100) / 100);
    expect(per).toEqual([41.67, 33.33, 25, 16.67, 8.33]);
    // open now: A 1, B 1, C 0, D 1; two active reps in the test company (rep, rep2, otherRep → 3)
    expect(r.body.stages.map((s: { open: number | null }) => s.open)).toEqual([1, 1, 0, 1, null]);
    expect(r.body.reps).toBe(3);
    expect(r.body.stages[0].perRepPerMonth).toBeCloseTo(41.6667 / 3, 3);
    expect((await t().call("admin", "GET", `/api/v1/planning/balance?target=abc&averageContract=3万`)).status).toBe(400);
  });

  test("targets: managers write their team's, reps read; stale versions are refused; attainment and proposal", async () => {
    const rep = t().ids.rep;
    expect((await t().call("rep", "POST", "/api/v1/planning/targets", { scope: "user", scopeId: rep, period: "2026-02", amount_fen: 2_000_000 })).status).toBe(
      403,
    );
    expect(
      (await t().call("manager", "POST", "/api/v1/planning/targets", { scope: "user", scopeId: t().ids.otherRep, period: "2026-02", amount_fen: 1 })).status,
    ).toBe(403);
    const c = await t().call("manager", "POST", "/api/v1/planning/targets", {
      scope: "user",
      scopeId: rep,
      period: "2026-02",
      amount_fen: 2_000_000,
      units: 4,
    });
    expect(c.status).toBe(201);
    expect((await t().call("manager", "POST", "/api/v1/planning/targets", { scope: "user", scopeId: rep, period: "2026-02", amount_fen: 1 })).status).toBe(409);
    const up = await t().call("manager", "PATCH", `/api/v1/planning/targets/${c.body.id}`, { version: c.body.version, amount_fen: 4_000_000 });
    expect(up.body).toMatchObject({ amount_fen: 4_000_000, version: c.body.version + 1 });
    expect((await t().call("manager", "PATCH", `/api/v1/planning/targets/${c.body.id}`, { version: c.body.version, amount_fen: 1 })).status).toBe(409);
    // the rep won 1 (1万 = 1,000,000 fen, 1 unit) in February: 25 % of 4,000,000 and 25 % of 4 units; February is over
    const a = await t().call("rep", "GET", "/api/v1/planning/targets/attainment?period=2026-02");
    expect(a.body.items).toHaveLength(1);
    expect(a.body.items[0]).toMatchObject({
      won_fen: 1_000_000,
      won_units: 1,
      amountAttainment: { ratio: 0.25, pace: 0.25 },
      unitsAttainment: { ratio: 0.25 },
      units: 4,
    });
    expect((await t().call("otherRep", "GET", "/api/v1/planning/targets?period=2026")).body.items).toHaveLength(0);
    // company won by month: January 0, February 1,000,000, March 4,000,000 → least-squares slope 2,000,000,
    // intercept −333,333.3 → April: 5,666,666.7 → 5,666,667 fen
    const p = await t().call("admin", "GET", "/api/v1/planning/targets/proposal?scope=company&period=2026-04&history=3");
    expect(p.body.history.map((h: { won_fen: number }) => h.won_fen)).toEqual([0, 1_000_000, 4_000_000]);
    expect(p.body.amount_fen.proposed).toBe(5_666_667);
    const del = await t().call("manager", "DELETE", `/api/v1/planning/targets/${c.body.id}?version=${up.body.version}`);
    expect(del.status).toBe(204);
  });

  test("target-group scenarios: the seed's seven 90 % steps, versioned writes", async () => {
    const steps = ["疾病认知", "就诊率/购药率", "诊断率", "治疗方案", "产品价值", "差异化优势", "顺应性"].map((label) => ({ label, ratio: 0.9 }));
    expect((await t().call("rep", "POST", "/api/v1/planning/scenarios", { name: "x", population: 1, price_fen: 1, steps })).status).toBe(403);
    const c = await t().call("manager", "POST", "/api/v1/planning/scenarios", { name: "目标客户群体漏斗", population: 1_000_000, price_fen: 10_000, steps });
    expect(c.status).toBe(201);
    expect(c.body.table.revenueFen).toBe(4_782_969_000); // 1,000,000 × 0.9^7 × ¥100
    const u = await t().call("admin", "PUT", `/api/v1/planning/scenarios/${c.body.id}`, {
      version: c.body.version,
      name: "目标客户群体漏斗",
      population: 2_000_000,
      price_fen: 10_000,
      steps,
    });
    expect(u.body.table.revenueFen).toBe(9_565_938_000);
    const stale = await t().call("manager", "PUT", `/api/v1/planning/scenarios/${c.body.id}`, {
      version: c.body.version,
      name: "目标客户群体漏斗",
      population: 5,
      price_fen: 1,
      steps,
    });
    expect(stale.status).toBe(409);
    expect((await t().call("rep", "GET", `/api/v1/planning/scenarios/${c.body.id}`)).body.population).toBe(2_000_000);
    expect((await t().call("admin", "DELETE", `/api/v1/planning/scenarios/${c.body.id}?version=${c.body.version}`)).status).toBe(409);
    expect((await t().call("admin", "DELETE", `/api/v1/planning/scenarios/${c.body.id}?version=${u.body.version}`)).status).toBe(204);
  });
});
