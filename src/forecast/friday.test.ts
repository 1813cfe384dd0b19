import { expect, test } from "vitest";
import { DAY_MS } from "../core/dates";
import { biggestChanges, movement, riskReasons, type DealMove } from "./friday";
import { rollUp } from "./sums";

const W = 1_000_000; // 1万 in fen

test("movement since last week's snapshot, overall and by category", () => {
  // now: won 60万, commit 100万 × 75 % = 75万, pipeline 40万 × 25 % = 10万 → forecast 145万
  const now = rollUp(
    [
      { ownerId: 1, category: "commit", count: 1, amountFen: 100 * W, amountPctFen: 100 * W * 75 },
      { ownerId: 1, category: "pipeline", count: 1, amountFen: 40 * W, amountPctFen: 40 * W * 25 },
    ],
    [{ ownerId: 1, count: 1, amountFen: 60 * W }],
    [{ id: 1, departmentId: null }],
  ).company;
  // last week: won 50万, commit 60万, best case 20万, pipeline 10万 → 140万; moved +5万, commit +15万, best case −20万
  const m = movement(now, { commitFen: 60 * W, bestCaseFen: 20 * W, pipelineFen: 10 * W, omittedFen: 0, weightedFen: 90 * W, wonFen: 50 * W });
  expect(m.forecastFen).toBe(145 * W);
  expect(m.previousFen).toBe(140 * W);
  expect(m.deltaFen).toBe(5 * W);
  expect(m.wonDeltaFen).toBe(10 * W);
  expect(m.categories.commit.deltaFen).toBe(15 * W);
  expect(m.categories.best_case.deltaFen).toBe(-20 * W);
  expect(movement(now, null).deltaFen).toBeNull();
});

test("the biggest changes are ranked by weighted movement in either direction", () => {
  const mv = (
    id: number,
    amountWan: number,
    then: number | null,
    now: number,
    status: DealMove["status"] = "open",
    lastKind: string | null = "advance",
  ): DealMove => ({ opportunityId: id, title: `#${id}`, ownerId: 1, amountFen: amountWan * W, probabilityThen: then, probabilityNow: now, status, lastKind });
  const c = biggestChanges(
    [
      mv(1, 100, 50, 75), // advanced: +25万
      mv(2, 200, 75, 50, "open", "back"), // moved back: −50万
      mv(3, 30, 90, 90, "won", "won"), // won: 30万 × (100 − 90) % = +3万
      mv(4, 80, null, 10, "open", "create"), // new: +8万
      mv(5, 10, 25, 25, "open", "stay"), // no movement: dropped
      mv(6, 40, 50, 50, "lost", "lost"), // lost: −20万
    ],
    10,
  );
  expect(c.map((x) => [x.opportunityId, x.kind, x.deltaFen / W])).toEqual([
    [2, "moved_back", -50],
    [1, "advanced", 25],
    [6, "lost", -20],
    [4, "new", 8],
    [3, "won", 3],
  ]);
});

test("a committed deal is at risk when past its close date, stalled, or quiet", () => {
  const now = Date.parse("2026-06-19T10:00:00Z");
  const base = { expectedCloseDate: "2026-06-30", stageEnteredAt: now - 5 * DAY_MS, stallDays: 30, lastActivityAt: now - DAY_MS };
  expect(riskReasons(base, "2026-06-19", now)).toEqual([]);
  expect(riskReasons({ ...base, expectedCloseDate: "2026-06-18" }, "2026-06-19", now)).toEqual(["past_close_date"]);
  expect(riskReasons({ ...base, expectedCloseDate: "2026-06-19" }, "2026-06-19", now)).toEqual([]); // due today is not late
  expect(riskReasons({ ...base, stageEnteredAt: now - 31 * DAY_MS }, "2026-06-19", now)).toEqual(["stalled"]);
  expect(riskReasons({ ...base, lastActivityAt: null, stallDays: null }, "2026-06-19", now)).toEqual(["no_recent_activity"]);
});
