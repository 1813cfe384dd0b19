import { expect, test } from "vitest";
import { changedAssignments, nextVisit, prioritise } from "./priority";

/*
 * Four customers              band    revenue  open amount  intent
 *   1                          large   900      500          75
 *   2                          –       600      0            0
 *   3                          small   100      200          25
 *   4                          medium  0        100          90
 * size: 1 → 100, 3 → 20, 4 → 60; 2 has no band → revenue percentile: 600 has 2 of 3 below → 66.67
 * need: open amounts 500, 0, 200, 100 → percentiles 100, –(no need: 0), 66.67, 33.33
 * score = .3 size + .3 need + .4 intent:
 *   1: 30 + 30 + 30 = 90 → high;  2: 20 + 0 + 0 = 20 → low;  3: 6 + 20 + 10 = 36 → medium;  4: 18 + 10 + 36 = 64 → medium
 */
test("priority from size, need and intent", () => {
  const p = prioritise([
    { customerId: 1, sizeBand: "large", revenue: 900, openAmount: 500, intent: 75 },
    { customerId: 2, sizeBand: null, revenue: 600, openAmount: 0, intent: 0 },
    { customerId: 3, sizeBand: "small", revenue: 100, openAmount: 200, intent: 25 },
    { customerId: 4, sizeBand: "medium", revenue: 0, openAmount: 100, intent: 90 },
  ]);
  expect(p.map((x) => x.size)).toEqual([100, expect.closeTo(66.667, 2), 20, 60]);
  expect(p.map((x) => x.score)).toEqual([expect.closeTo(90, 9), expect.closeTo(20, 9), expect.closeTo(36, 9), expect.closeTo(64, 9)]);
  expect(p.map((x) => x.priority)).toEqual(["high", "low", "medium", "medium"]);
});

test("only changed tiers are recorded", () => {
  const latest = new Map([
    [1, "high"],
    [2, "low"],
  ]);
  const now = [
    { customerId: 1, tier: "high", score: 90 },
    { customerId: 2, tier: "medium", score: 40 },
    { customerId: 3, tier: "low", score: 5 },
  ];
  expect(changedAssignments(latest, now).map((a) => a.customerId)).toEqual([2, 3]);
});

test("revisit cadence: high every 7 days, low every 30", () => {
  expect(nextVisit("2026-06-28", "high")).toBe("2026-07-05");
  expect(nextVisit("2026-06-15", "low")).toBe("2026-07-15");
});
