import { expect, test } from "vitest";
import { mean, quantileOfDays, quantileOfHistogram, relativeChange } from "./stats";

test("median of whole days is the nearest-rank middle value", () => {
  // 3, 5, 5, 9, 20 → the 3rd of 5 values is 5.
  expect(quantileOfDays([3.2, 5.9, 5.1, 9, 20.5], 0.5)).toBe(5);
  // 1, 2, 3, 4 → rank ceil(0.5·4) = 2 → 2 (lower middle).
  expect(quantileOfDays([1, 2, 3, 4], 0.5)).toBe(2);
});

test("90th percentile of ten stays 1…10 days is 9 (rank ceil(0.9·10) = 9)", () => {
  expect(quantileOfHistogram(new Map([1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((d) => [d, 1])), 0.9)).toBe(9);
  // counts in bins: day 0 ×5, day 30 ×4, day 100 ×1 → rank 9 is in the day-30 bin.
  expect(
    quantileOfHistogram(
      [
        [0, 5],
        [30, 4],
        [100, 1],
      ],
      0.9,
    ),
  ).toBe(30);
});

test("empty inputs give null, not zero", () => {
  expect(quantileOfHistogram(new Map(), 0.5)).toBeNull();
  expect(mean(0, 0)).toBeNull();
  expect(relativeChange(5, 0)).toBeNull();
  expect(relativeChange(12, 10)).toBeCloseTo(0.2);
});
