import { expect, test } from "vitest";
import { bottleneck, conversion, overallConversion, reachedFromFurthest, steepestStep } from "./conversion";

test("the seed's retail funnel 100 → 70 → 40 → 20 → 10", () => {
  const steps = conversion([100, 70, 40, 20, 10]);
  // by hand: 70/100 = 70 %, 40/70 = 57.1 %, 20/40 = 50 %, 10/20 = 50 %; overall 10/100 = 10 %
  expect(steps.map((s) => s.rate)).toEqual([0.7, 40 / 70, 0.5, 0.5]);
  expect(steps[1].rate).toBeCloseTo(0.571, 3);
  expect(overallConversion([100, 70, 40, 20, 10])).toBe(0.1);
  // lost per step 30, 30, 20, 10; loss ratios 30/100, 30/70, 20/40, 10/20
  expect(steps.map((s) => s.lost)).toEqual([30, 30, 20, 10]);
  expect(steps.map((s) => s.lossRatio)).toEqual([0.3, 30 / 70, 0.5, 0.5]);
});

test("the seed's bottleneck is 70 → 40, losing 42.9 %", () => {
  // 100 → 70 and 70 → 40 both lose 30 of the 100 who entered; 30/70 = 42.9 % > 30/100, so 70 → 40.
  const b = bottleneck(conversion([100, 70, 40, 20, 10]))!;
  expect(b.from).toBe(1);
  expect(b.lossRatio).toBeCloseTo(0.429, 3);
  // the steepest single step on its own is 40 → 20 (50 %; tie with 20 → 10 goes to the earlier)
  expect(steepestStep(conversion([100, 70, 40, 20, 10]))!.from).toBe(2);
});

test("the bottleneck moves to whichever step loses the most", () => {
  // 100 → 90 → 40 → 35: losses 10, 50, 5 → 90 → 40
  expect(bottleneck(conversion([100, 90, 40, 35]))!.from).toBe(1);
  // 100 → 50 → 45 → 20: losses 50, 5, 25 → 100 → 50
  expect(bottleneck(conversion([100, 50, 45, 20]))!.from).toBe(0);
});

test("an empty or lossless funnel has no rates or no bottleneck", () => {
  expect(conversion([0, 0, 0]).map((s) => s.rate)).toEqual([null, null]);
  expect(bottleneck(conversion([0, 0]))).toBeNull();
  expect(bottleneck(conversion([5, 5, 5]))).toBeNull();
  expect(overallConversion([0, 0])).toBeNull();
});

test("reached counts each opportunity at every rank up to its furthest", () => {
  // furthest ranks: 3 opps stop at 1, 2 at 2, 1 reaches 4 (won) → reached = [6, 3, 1, 1]
  expect(
    reachedFromFurthest(
      new Map([
        [1, 3],
        [2, 2],
        [4, 1],
      ]),
      4,
    ),
  ).toEqual([6, 3, 1, 1]);
});
