import { beforeAll, expect, test } from "vitest";
import { forEachApp } from "../http/testing";
import { type LoadedSample, loadSample } from "./sample-load";
import { on } from "./sample-funnel";

// The hand-worked sample (sample-funnel.ts): owner 1 → rep (team A), owner 2 → otherRep (team B).
// Sample instants are 00:00 UTC = 08:00 in Shanghai, so month membership is the same in the org's zone.
forEachApp("funnel report routes", (t) => {
  let S: LoadedSample;
  let q: string;
  beforeAll(async () => {
    S = await loadSample(t().db, { 1: t().ids.rep, 2: t().ids.otherRep }, on(1, 1));
    q = `pipeline=${S.pipelineId}`;
  });
  const get = (who: Parameters<ReturnType<typeof t>["call"]>[0], url: string) => t().call(who, "GET", `/api/v1/reports/${url}`);

  test("snapshot now, as of a date, per viewer, and drilled to ids", async () => {
    const now = await get("admin", `funnel?${q}`);
    expect(now.status).toBe(200);
    expect(now.body.stages.map((s: { count: number }) => s.count)).toEqual([1, 1, 0, 1]);
    // weighted: 60万×10 % + 300万×25 % + 500万×75 % in fen = 60,000 + 750,000 + 3,750,000
    expect(now.body.total).toEqual({ count: 3, amountFen: 8_600_000, weightedFen: 4_560_000 });
    const past = await get("admin", `funnel?${q}&asOf=2026-02-15&drill=stage:${S.stage(3)}`);
    expect(past.body.stages.map((s: { count: number }) => s.count)).toEqual([1, 1, 3, 0]);
    expect(past.body.drill).toEqual({ key: `stage:${S.stage(3)}`, total: 3, ids: [S.opp(2), S.opp(5), S.opp(7)] });
    const rep = await get("rep", `funnel?${q}`);
    expect(rep.body.total.count).toBe(1); // only 4 is the rep's
    const team = await get("admin", `funnel?${q}&team=${t().ids.teamB}`);
    expect(team.body.total.count).toBe(2);
  });

  test("conversion: January's cohort, its bottleneck, and February's flow", async () => {
    const r = await get("manager", `conversion?${q}&period=2026-01`);
    expect(r.status).toBe(200);
    // the manager of team A sees only the rep's 1, 2, 3, 4: furthest 5, 3, 1, 2 → reached 4, 3, 2, 1, 1
    expect(r.body.stages.map((s: { reached: number }) => s.reached)).toEqual([4, 3, 2, 1, 1]);
    const a = await get("admin", `conversion?${q}&period=2026-01`);
    expect(a.body.stages.map((s: { reached: number }) => s.reached)).toEqual([5, 4, 3, 2, 1]);
    expect(a.body.overall).toBe(0.2);
    // every step loses one; the largest loss ratio among them is D → Won (1 of 2)
    expect(a.body.bottleneck).toMatchObject({ fromStageId: S.stage(4), toStageId: S.stage(5), lost: 1, lossRatio: 0.5, previousLossRatio: null });
    expect(a.body.previousPeriod.key).toBe("2025-12");
    const flow = await get("admin", `conversion?${q}&period=2026-02&view=flow&drill=stage:${S.stage(3)}`);
    expect(flow.body.stages.map((s: { reached: number }) => s.reached)).toEqual([2, 1, 3, 2, 1]);
    expect(flow.body.drill.ids).toEqual([S.opp(2), S.opp(5), S.opp(7)]);
    expect((await get("admin", `conversion?${q}&drill=stage:999999`)).status).toBe(400);
  });

  test("cycle time per month and stalled deals", async () => {
    const r = await get("admin", `cycle-time?${q}&period=2026-Q1`);
    expect(r.body.periods.map((p: { key: string }) => p.key)).toEqual(["2026-01", "2026-02", "2026-03"]);
    expect(r.body.periods[0].stages[0]).toMatchObject({ count: 6, medianDays: 5 });
    expect(r.body.periods[0].stages[0].meanDays).toBeCloseTo(40 / 6, 9);
    expect(r.body.won).toMatchObject({ count: 2, meanDays: 40.5 });
    const s = await get("admin", `stalled?${q}&asOf=2026-03-20`);
    // 6 in A 38 days (A's p90 of past visits: 10), 4 in B 59 days (B's threshold 30); 7 in D 24 days < 30
    expect(s.body.items.map((i: { id: number }) => i.id)).toEqual([S.opp(4), S.opp(6)]);
    expect(s.body.stages[0]).toMatchObject({ p90Days: 10, thresholdDays: 10, thresholdSource: "p90", stalled: 1 });
    expect(s.body.stages[1]).toMatchObject({ thresholdDays: 30, thresholdSource: "stage", stalled: 1 });
  });

  test("velocity and the four levers over the next quarter", async () => {
    const r = await get("admin", `velocity?${q}&winRate=0.1`);
    // closed in the last 365 days: won 1 (1万, 40 d) and 5 (4万, 41 d), lost 2 and 3 → win rate 50 %,
    // average won 2.5万, cycle 40.5 days; open 3 → 3 × 0.5 × 2,500,000 / 40.5 = 92,592.59 fen a day;
    // 2026-Q3 has 92 days → 8,518,518.5 → 8,518,519 fen; with the win rate 55 %: 9,370,370 fen
    expect(r.body.inputs).toEqual({ openCount: 3, winRate: 0.5, avgWonFen: 2_500_000, avgCycleDays: 40.5 });
    expect(r.body.perDayFen).toBeCloseTo(92_592.59, 2);
    expect(r.body.nextQuarter).toEqual({ key: "2026-Q3", days: 92 });
    expect(r.body.whatIf[0]).toMatchObject({ lever: "base", revenueFen: 8_518_519 });
    expect(r.body.whatIf[1]).toMatchObject({ lever: "winRate", revenueFen: 9_370_370 });
  });

  test("sources and funnel health", async () => {
    const r = await get("admin", `sources?${q}&period=2026-Q1&drill=source:inbound`);
    const by = Object.fromEntries(r.body.sources.map((s: { source: string }) => [s.source, s]));
    expect(by.cold_visit).toMatchObject({ created: 2, won: 1, lost: 1, wonFen: 1_000_000, conversion: 0.5, avgCycleDays: 40 });
    expect(by.inbound).toMatchObject({ created: 2, won: 1, wonFen: 4_000_000, revenueShare: 0.8 });
    expect(r.body.drill).toMatchObject({ total: 2, ids: [S.opp(3), S.opp(5)] });
    const h = await get("admin", `funnel-health?${q}&period=2026-02`);
    // end of February: 4 (B), 6 (A), 7 (D) open — 5 was lost on Feb 23 → customers 1 and 2; quality 456万/860万
    expect(h.body.customerCount).toMatchObject({ value: 2, previous: 2, change: 0 });
    expect(h.body.quality.value).toBeCloseTo(4_560_000 / 8_600_000, 9);
    // closed in February: 1 won, 2 lost → 50 %; in January: 3 lost → 0 %. Cycle of 1: 40 days
    expect(h.body.conversion).toMatchObject({ value: 0.5, previous: 0, change: 0.5 });
    expect(h.body.cycleDays).toMatchObject({ value: 40, previous: null });
    expect(h.body.newCustomers).toMatchObject({ value: 0, previous: 2 });
  });

  test("reports need a sign-in and validate their input", async () => {
    expect((await t().call(null, "GET", `/api/v1/reports/funnel?${q}`)).status).toBe(401);
    expect((await get("admin", `conversion?${q}&period=2026-13`)).status).toBe(400);
    expect((await get("admin", `funnel?${q}&asOf=yesterday`)).status).toBe(400);
  });
});
