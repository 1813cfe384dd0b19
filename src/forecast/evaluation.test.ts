import { expect, test } from "vitest";
import { auc, brier, calibration, logLoss } from "./evaluation";
import { seededRandom } from "../core/seeded-random";

// The textbook four-point example: lost deals score 0.1 and 0.4, won deals 0.35 and 0.8.
// Pairs (won, lost): 0.35>0.1 ✓, 0.35>0.4 ✗, 0.8>0.1 ✓, 0.8>0.4 ✓ → AUC = 3/4.
// Brier = (0.1² + 0.4² + 0.65² + 0.2²) / 4 = (0.01 + 0.16 + 0.4225 + 0.04) / 4 = 0.158125.
const p = [0.1, 0.4, 0.35, 0.8];
const y = [0, 0, 1, 1];

test("AUC and Brier of the four-point example", () => {
  expect(auc(p, y)).toBeCloseTo(0.75, 12);
  expect(brier(p, y)).toBeCloseTo(0.158125, 12);
  // log loss = −(ln 0.9 + ln 0.6 + ln 0.35 + ln 0.8) / 4 = (0.10536 + 0.51083 + 1.04982 + 0.22314) / 4 = 0.47229
  expect(logLoss(p, y)).toBeCloseTo(0.47229, 4);
});

test("tied scores count half a pair", () => {
  // one won and one lost deal with the same score: AUC 0.5
  expect(auc([0.3, 0.3], [1, 0])).toBe(0.5);
  // won {0.5, 0.9}, lost {0.5, 0.1}: pairs 0.5=0.5 ½, 0.5>0.1 1, 0.9>0.5 1, 0.9>0.1 1 → 3.5/4
  expect(auc([0.5, 0.9, 0.5, 0.1], [1, 1, 0, 0])).toBe(0.875);
});

test("AUC is undefined without both outcomes", () => {
  expect(auc([0.2, 0.3], [1, 1])).toBeNull();
  expect(brier([], [])).toBeNull();
});

test("a constant 25 % on a 1-in-4 book is perfectly calibrated and scores Brier 0.1875", () => {
  // Brier = (3 × 0.25² + 0.75²) / 4 = (0.1875 + 0.5625) / 4 = 0.1875
  expect(brier([0.25, 0.25, 0.25, 0.25], [0, 0, 0, 1])).toBeCloseTo(0.1875, 12);
  const bins = calibration([0.25, 0.25, 0.25, 0.25], [0, 0, 0, 1], 4);
  expect(bins[1]).toEqual({ from: 0.25, to: 0.5, count: 4, meanPredicted: 0.25, observedRate: 0.25 });
  expect(bins.filter((b) => b.count === 0)).toHaveLength(3);
});

test("a probability of exactly 1 falls in the top bin", () => {
  expect(calibration([1, 0], [1, 0], 10)[9].count).toBe(1);
});

test("the seeded generator repeats its sequence and stays in [0, 1)", () => {
  const a = seededRandom(42),
    b = seededRandom(42);
  const xs = Array.from({ length: 1000 }, a);
  expect(Array.from({ length: 1000 }, b)).toEqual(xs);
  expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
  expect(Math.max(...xs)).toBeLessThan(1);
  expect(Math.abs(xs.reduce((s, x) => s + x, 0) / 1000 - 0.5)).toBeLessThan(0.05);
});
