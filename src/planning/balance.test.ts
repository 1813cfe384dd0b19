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

test("balance: the whole result, probability 1 and the edges of the allowed range", () => {
  expect(balance({ annualTarget: 120, averageContract: 2, probability: 1 })).toEqual({ contracts: 60, customersPerYear: 60, perMonth: 5, perWeek: 60 / 52 });
  expect(balance({ annualTarget: 0, averageContract: 2, probability: 0.5 })).toEqual({ contracts: 0, customersPerYear: 0, perMonth: 0, perWeek: 0 });
  // 25 % is a whole percent: 10 contracts → exactly 40
  expect(balance({ annualTarget: 10, averageContract: 1, probability: 0.25 }).customersPerYear).toBe(40);
  // 0.1 + 0.2 is not exactly 0.3: still a whole percent, still exact
  expect(balance({ annualTarget: 30, averageContract: 1, probability: 0.1 + 0.2 }).customersPerYear).toBe(100);
  // a third: not a whole percent, contracts ÷ probability
  expect(balance({ annualTarget: 10, averageContract: 1, probability: 1 / 3 }).customersPerYear).toBeCloseTo(30, 12);
  expect(() => balance({ annualTarget: 1, averageContract: -1, probability: 0.1 })).toThrow(/average contract/);
  expect(() => balance({ annualTarget: 1, averageContract: Number.NaN, probability: 0.1 })).toThrow(RangeError);
  expect(() => balance({ annualTarget: 1, averageContract: 1, probability: 1.01 })).toThrow(/probability/);
  expect(() => balance({ annualTarget: 1, averageContract: 1, probability: -0.1 })).toThrow(RangeError);
  expect(round1(0.05)).toBe(0.1);
  expect(round1(83.349)).toBe(83.3);
});

test("stage needs in full: no reps, a zero conversion, missing open counts", () => {
  const r = stageNeeds(6, [0.5, 0], [3], 0);
  // a zero conversion into Won makes every stage above need null (no number of entries wins anything)
  expect(r.stages).toEqual([
    { perMonth: null, perRepPerMonth: null, open: 3, coverage: null, gap: null, winProbability: 0 },
    { perMonth: null, perRepPerMonth: null, open: 0, coverage: null, gap: null, winProbability: 0 },
    { perMonth: 6, perRepPerMonth: null, open: null, coverage: null, gap: null, winProbability: 1 },
  ]);
  expect(r.expectedWinsFromOpen).toBe(0);
  const two = stageNeeds(4, [0.5], [10], 2);
  expect(two.stages[0]).toEqual({ perMonth: 8, perRepPerMonth: 4, open: 10, coverage: 1.25, gap: 0, winProbability: 0.5 });
  expect(two.stages[1]).toEqual({ perMonth: 4, perRepPerMonth: 2, open: null, coverage: null, gap: null, winProbability: 1 });
  expect(two.expectedWinsFromOpen).toBe(5);
  // no wins wanted: every stage needs 0, coverage is unknown, no gap
  expect(stageNeeds(0, [0.5], [2], 1).stages[0]).toEqual({ perMonth: 0, perRepPerMonth: 0, open: 2, coverage: null, gap: 0, winProbability: 0.5 });
  // the open pipeline with an unknown conversion counts nothing
  expect(stageNeeds(1, [null, 0.5], [4, 2], 1).expectedWinsFromOpen).toBe(1);
});

test("an unknown conversion makes the win probability of every stage above it unknown (null), not 0", () => {
  const r = stageNeeds(5, [0.5, null, 0.5], [1, 1, 1], 1);
  expect(r.stages.map((s) => s.winProbability)).toEqual([null, null, 0.5, 1]);
  expect(r.stages.map((s) => s.perRepPerMonth)).toEqual([null, null, 10, 5]);
  expect(r.stages).toHaveLength(4);
  expect(stageNeeds(2, [], [], 1)).toEqual({
    stages: [{ perMonth: 2, perRepPerMonth: 2, open: null, coverage: null, gap: null, winProbability: 1 }],
    expectedWinsFromOpen: 0,
  });
});
