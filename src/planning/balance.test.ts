import { expect, test } from "vitest";
import { balance, round1, stageNeeds } from "./balance";

test("the seed's example in amounts: 300万 ÷ 3万 = 100 contracts, 1000 target customers, 83.3 a month", () => {
  const b = balance({ annualTarget: 300 * 10_000 * 100, averageContract: 3 * 10_000 * 100, probability: 0.1 });
  expect(b.contracts).toBe(100);
  expect(b.customersPerYear).toBe(1000);
  expect(round1(b.perMonth)).toBe(83.3);
  expect(b.perMonth).toBe(1000 / 12);
  expect(round1(b.perWeek)).toBe(19.2); // 1000 / 52 = 19.23
});

test("the seed's example in units: 200 台 ÷ 2 台 gives the same", () => {
  const b = balance({ annualTarget: 200, averageContract: 2, probability: 0.1 });
  expect(b).toEqual(balance({ annualTarget: 300 * 10_000 * 100, averageContract: 3 * 10_000 * 100, probability: 0.1 }));
});

test("a measured probability that is not a whole percent", () => {
  // 120 contracts at 7.5 % → 1600 a year → 133.3 a month
  const b = balance({ annualTarget: 120, averageContract: 1, probability: 0.075 });
  expect(b.customersPerYear).toBeCloseTo(1600, 9);
  expect(round1(b.perMonth)).toBe(133.3);
});

test("bad inputs are refused", () => {
  expect(() => balance({ annualTarget: 1, averageContract: 0, probability: 0.1 })).toThrow(RangeError);
  expect(() => balance({ annualTarget: 1, averageContract: 1, probability: 0 })).toThrow(RangeError);
});

test("stage by stage on the seed's retail funnel: 10 wins a month need 100 at the top", () => {
  // conversions 70 %, 4/7, 50 %, 50 %; to win 10 a month: quote 20, consult 40, interest 70, find 100 (by hand:
  // 10 / 0.5 = 20, 20 / 0.5 = 40, 40 / (4/7) = 70, 70 / 0.7 = 100)
  const r = stageNeeds(10, [0.7, 4 / 7, 0.5, 0.5], [120, 50, 10, 25], 4);
  expect(r.stages.map((s) => s.perMonth && Math.round(s.perMonth * 1e9) / 1e9)).toEqual([100, 70, 40, 20, 10]);
  expect(r.stages[0].perRepPerMonth).toBeCloseTo(25, 9);
  // open now: 120 at the top covers 1.2 months; 10 in consult against 40 needed: gap 30, coverage 0.25
  expect(r.stages[0].coverage).toBeCloseTo(1.2, 9);
  expect(r.stages[2]).toMatchObject({ open: 10, gap: 30 });
  expect(r.stages[2].coverage).toBeCloseTo(0.25, 9);
  // expected wins from the open pipeline: 120·0.1 + 50·(1/7) + 10·0.25 + 25·0.5 = 12 + 7.142857 + 2.5 + 12.5
  expect(r.expectedWinsFromOpen).toBeCloseTo(34.142857, 5);
  expect(r.stages[4]).toMatchObject({ perMonth: 10, open: null, winProbability: 1 });
});

test("a step with no measured conversion leaves the stages above it unknown", () => {
  const r = stageNeeds(5, [0.5, null, 0.5], [1, 1, 1], 1);
  expect(r.stages.map((s) => s.perMonth)).toEqual([null, null, 10, 5]);
});
