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

test("ranks equal an independent count of the values strictly before each, on random lists with ties, -0 and infinities", () => {
  let seed = 7;
  const r = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const pool = [0, -0, 1, 2, 2.5, -3, 1e9, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY];
  for (let round = 0; round < 200; round++) {
    const xs = Array.from({ length: Math.floor(r() * 40) }, () => pool[Math.floor(r() * pool.length)]);
    expect(competitionRanks(xs)).toEqual(xs.map((v) => 1 + xs.filter((u) => u < v).length));
    expect(competitionRanks(xs, true)).toEqual(xs.map((v) => 1 + xs.filter((u) => u > v).length));
  }
});
