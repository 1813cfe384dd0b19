import { beforeAll, expect, test } from "vitest";
import { on } from "../funnel/sample-funnel";
import { loadSample } from "../funnel/sample-load";
import { forEachApp } from "../http/testing";

// Issue 11: the target proposal leaves out the unfinished period instead of counting its few weeks as a whole period.
forEachApp("target proposal and the unfinished period", (t) => {
  beforeAll(async () => {
    await loadSample(t().db, { 1: t().ids.rep, 2: t().ids.otherRep }, on(1, 1));
  });

  test("on 2026-06-15 a proposal for July uses March–May; June (half over) is left out and its deals do not count", async () => {
    const before = await t().call("admin", "GET", "/api/v1/planning/targets/proposal?scope=company&period=2026-07&history=3");
    expect(before.status).toBe(200);
    expect(before.body.excluded).toEqual([{ period: "2026-06", reason: "unfinished" }]);
    expect(before.body.history.map((h: { period: string }) => h.period)).toEqual(["2026-03", "2026-04", "2026-05"]);
    expect(before.body.history[0].won_fen).toBe(4_000_000); // the sample's March
    // a big deal won on 2026-06-10 belongs to the unfinished June: the proposal does not move
    const o = await t().db.selectFrom("opportunities").selectAll().where("status", "=", "won").executeTakeFirstOrThrow();
    const { id: _id, version: _v, ...copy } = o;
    await t()
      .db.insertInto("opportunities")
      .values({ ...copy, external_id: null, amount_fen: 900_000_000, closed_at: Date.parse("2026-06-10T02:00:00Z") })
      .execute();
    const after = await t().call("admin", "GET", "/api/v1/planning/targets/proposal?scope=company&period=2026-07&history=3");
    expect(after.body.history).toEqual(before.body.history);
    expect(after.body.amount_fen).toEqual(before.body.amount_fen);
  });

  test("a proposal for the next quarter leaves out the current one (Q2 on 2026-06-15)", async () => {
    const r = await t().call("admin", "GET", "/api/v1/planning/targets/proposal?scope=company&period=2026-Q3&history=2");
    expect(r.body.excluded).toEqual([{ period: "2026-Q2", reason: "unfinished" }]);
    expect(r.body.history.map((h: { period: string }) => h.period)).toEqual(["2025-Q4", "2026-Q1"]);
    // the line through Q4 (x = 0) and Q1 (x = 1) extended to Q3 (x = 3): h0 + 3·(h1 − h0), never below 0
    const [h0, h1] = r.body.history.map((h: { won_fen: number }) => h.won_fen);
    expect(r.body.amount_fen.proposed).toBe(Math.max(0, Math.round(h0 + 3 * (h1 - h0))));
  });
});
