import { expect, test } from "vitest";
import { DAY_MS } from "../core/dates";
import { forEachApp, TEST_NOW } from "../http/testing";
import { seedBook, YUAN } from "./test-book";
import { opportunitiesChanged } from "../readmodels/maintain";

forEachApp("forecast", (t) => {
  let book: Awaited<ReturnType<typeof seedBook>>;
  const yuan = (fen: number) => fen / YUAN;

  test("the company forecast of the small book is 238 000 yuan, rolled up by team and rep", async () => {
    book = await seedBook(t().db, t().ids, TEST_NOW);
    const r = await t().call("admin", "GET", "/api/v1/forecast?period=2026-Q2");
    expect(r.status).toBe(200);
    expect(yuan(r.body.company.forecastFen)).toBe(238_000);
    expect(yuan(r.body.company.wonFen)).toBe(75_000);
    const rep = r.body.reps.find((l: { scopeId: number }) => l.scopeId === t().ids.rep);
    expect(yuan(rep.forecastFen)).toBe(158_000);
    expect(yuan(rep.categories.commit.weightedFen)).toBe(75_000);
    const teamA = r.body.teams.find((l: { scopeId: number }) => l.scopeId === t().ids.teamA);
    expect(yuan(teamA.forecastFen)).toBe(203_000);
    expect(yuan(r.body.company.categories.omitted.weightedFen)).toBe(5_000);
  });

  test("a rep sees their own forecast, a manager the team's", async () => {
    const rep = await t().call("rep", "GET", "/api/v1/forecast?period=2026-Q2");
    expect(yuan(rep.body.company.forecastFen)).toBe(158_000);
    const mgr = await t().call("manager", "GET", "/api/v1/forecast?period=2026-Q2");
    expect(yuan(mgr.body.company.forecastFen)).toBe(203_000);
    const june = await t().call("admin", "GET", "/api/v1/forecast?period=2026-06");
    // June: rep commit 75 000 + rep best 20 000 + rep2 commit 45 000 = 140 000 (nothing won in June)
    expect(yuan(june.body.company.forecastFen)).toBe(140_000);
  });

  test("an override replaces the stage probability; predicted probabilities replace it on request", async () => {
    const db = t().db;
    await db.updateTable("opportunities").set({ probability_override: 30 }).where("id", "=", book.o.repPipe).execute(); // 30 000 × (30 − 10) % = +6 000
    let r = await t().call("admin", "GET", "/api/v1/forecast?period=2026-Q2");
    expect(yuan(r.body.company.forecastFen)).toBe(244_000);
    await db
      .insertInto("win_predictions")
      .values({ opportunity_id: book.o.otherPipe, model_id: 1, probability: 0.5, factors: "[]", scored_at: TEST_NOW })
      .execute();
    r = await t().call("admin", "GET", "/api/v1/forecast?period=2026-Q2&probability=predicted");
    expect(yuan(r.body.company.forecastFen)).toBe(264_000); // 80 000 × (50 − 25) % = +20 000
    await db.updateTable("opportunities").set({ probability_override: null }).where("id", "=", book.o.repPipe).execute();
    await db.deleteFrom("win_predictions").execute();
  });

  test("reps submit weekly; a manager adjusts with a note; a rep may not adjust", async () => {
    const s = await t().call("rep", "POST", "/api/v1/forecast/submissions", {
      period: "2026-Q2",
      commitFen: 150_000 * YUAN,
      bestCaseFen: 180_000 * YUAN,
      note: "两单在谈",
    });
    expect(s.status).toBe(201);
    expect(s.body.week).toBe("2026-W25");
    const bad = await t().call("rep", "POST", "/api/v1/forecast/submissions", { period: "2026-Q4", commitFen: 1, bestCaseFen: 1 });
    expect(bad.status).toBe(400);
    expect((await t().call("rep2", "POST", `/api/v1/forecast/submissions/${s.body.id}/adjust`, { commitFen: 1, bestCaseFen: 2, note: "x" })).status).toBe(403);
    const adj = await t().call("manager", "POST", `/api/v1/forecast/submissions/${s.body.id}/adjust`, {
      commitFen: 120_000 * YUAN,
      bestCaseFen: 170_000 * YUAN,
      note: "大单推迟",
    });
    expect(adj.status).toBe(200);
    expect(adj.body.adjusted_commit_fen).toBe(120_000 * YUAN);
    const list = await t().call("manager", "GET", "/api/v1/forecast/submissions?period=2026-Q2");
    const mine = list.body.items.find((i: { userId: number }) => i.userId === t().ids.rep);
    expect(yuan(mine.system.forecastFen)).toBe(158_000);
    expect(mine.submission.adjust_note).toBe("大单推迟");
    expect(list.body.items.some((i: { userId: number }) => i.userId === t().ids.otherRep)).toBe(false);
  });

  test("the Friday view: movement since last week's snapshot, the biggest changes, at-risk commits", async () => {
    // last week's snapshot, then this week rep2's commit moves 90 % → 50 % (−20 000) and rep's pipeline deal is past its close date
    t().clock.now = TEST_NOW - 7 * DAY_MS;
    expect((await t().call("admin", "POST", "/api/v1/forecast/snapshots")).status).toBe(201);
    t().clock.now = TEST_NOW;
    const db = t().db;
    await db
      .updateTable("opportunities")
      .set({ stage_id: book.stage.p50, stage_entered_at: TEST_NOW - DAY_MS })
      .where("id", "=", book.o.rep2Commit)
      .execute();
    await db
      .insertInto("stage_events")
      .values({
        opportunity_id: book.o.rep2Commit,
        from_stage_id: book.stage.p90,
        to_stage_id: book.stage.p50,
        kind: "back",
        reason: "预算冻结",
        override: 0,
        actor_id: t().ids.rep2,
        at: TEST_NOW - DAY_MS,
      })
      .execute();
    await opportunitiesChanged(db, [book.o.rep2Commit]); // the read models, as a writer keeps them
    const r = await t().call("admin", "GET", "/api/v1/reports/forecast/friday?period=2026-Q2");
    expect(r.status).toBe(200);
    expect(r.body.comparedWithWeek).toBe("2026-W24");
    expect(yuan(r.body.movement.previousFen)).toBe(238_000);
    expect(yuan(r.body.movement.deltaFen)).toBe(-20_000); // 50 000 × (50 − 90) %
    expect(yuan(r.body.movement.categories.commit.deltaFen)).toBe(-20_000);
    expect(r.body.biggestChanges[0]).toMatchObject({ opportunityId: book.o.rep2Commit, kind: "moved_back", deltaFen: -20_000 * YUAN });
    // commits in Q2: rep commit (no activity → quiet), rep2 commit (no activity); both at risk for no recent activity
    expect(r.body.atRiskCommits.count).toBe(2);
    expect(r.body.atRiskCommits.items[0].reasons).toContain("no_recent_activity");
  });

  test("accuracy of closed quarters: error, bias and MAPE", async () => {
    // 2026-Q1 for otherRep: snapshots forecast 12万 and 9万; actual won 10万 → +20 %, −10 %; MAPE 15 %, bias +5 % (on target)
    const db = t().db;
    const row = (week: string, at: number, weighted: number) => ({
      period: "2026-Q1",
      week,
      scope: "user" as const,
      scope_id: t().ids.otherRep,
      taken_at: at,
      commit_fen: 0,
      best_case_fen: 0,
      pipeline_fen: weighted,
      omitted_fen: 0,
      weighted_fen: weighted,
      won_fen: 0,
    });
    await db
      .insertInto("forecast_snapshots")
      .values([row("2026-W02", Date.parse("2026-01-08T10:00:00Z"), 120_000 * YUAN), row("2026-W10", Date.parse("2026-03-05T10:00:00Z"), 90_000 * YUAN)])
      .execute();
    await db
      .insertInto("opportunities")
      .values({
        external_id: null,
        pipeline_id: book.pipeline,
        stage_id: book.stage.won,
        customer_id: book.customer,
        owner_id: t().ids.otherRep,
        title: "Q1 won",
        amount_fen: 100_000 * YUAN,
        units: 1,
        product: null,
        expected_close_date: "2026-03-01",
        source: null,
        forecast_category: "commit",
        probability_override: null,
        status: "won",
        lost_reason: null,
        closed_at: Date.parse("2026-03-01T04:00:00Z"),
        stage_entered_at: 0,
        created_at: 0,
        updated_at: 0,
      })
      .execute();
    const r = await t().call("admin", "GET", "/api/v1/reports/forecast/accuracy?kind=quarter&periods=1");
    expect(r.body.periods).toEqual(["2026-Q1"]);
    const other = r.body.system.find((s: { scope: string; scopeId: number }) => s.scope === "user" && s.scopeId === t().ids.otherRep);
    expect(other.periods[0].points.map((p: { errorFen: number }) => yuan(p.errorFen))).toEqual([20_000, -10_000]);
    expect(other.mape).toBeCloseTo(0.15, 10);
    expect(other.bias).toBeCloseTo(0.05, 10);
    expect(other.direction).toBe("on_target");
    const rep = await t().call("otherRep", "GET", "/api/v1/reports/forecast/accuracy?kind=quarter&periods=1");
    expect(rep.body.system.every((s: { scope: string }) => s.scope === "user")).toBe(true);
  });
});
