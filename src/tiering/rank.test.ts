import { expect, test } from "vitest";
import { competitionRanks, percentileScores } from "./rank";

test("ties share the lowest rank and the next rank skips, as SQL RANK()", () => {
  expect(competitionRanks([10, 20, 20, 30])).toEqual([1, 2, 2, 4]);
  expect(competitionRanks([10, 20, 20, 30], true)).toEqual([4, 2, 2, 1]);
});

test("percentile scores: share of others strictly below", () => {
  // 4 customers: 10 has 0 below → 0; 20s have 1 of 3 below → 33.3; 30 has 3 of 3 → 100
  expect(percentileScores([10, 20, 20, 30])).toEqual([0, 100 / 3, 100 / 3, 100]);
  expect(percentileScores([5])).toEqual([100]);
});
