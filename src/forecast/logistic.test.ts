import { expect, test } from "vitest";
import { fitLogistic, predict, sigmoid, solveSymmetric } from "./logistic";

// One yes/no feature, no penalty: the maximum-likelihood fit reproduces each group's win rate.
//   x = 0: 1 won of 4 → p = 0.25 → intercept = ln(0.25 / 0.75) = −ln 3 = −1.098612
//   x = 1: 3 won of 4 → p = 0.75 → intercept + w = ln 3 → w = 2 ln 3 = 2.197225
const X = [[0], [0], [0], [0], [1], [1], [1], [1]];
const y = [1, 0, 0, 0, 1, 1, 1, 0];

test("without a penalty the fit matches each group's win rate", () => {
  const fit = fitLogistic(X, y, { lambda: 0, seed: 7 });
  expect(fit.converged).toBe(true);
  expect(fit.intercept).toBeCloseTo(-Math.log(3), 6);
  expect(fit.weights[0]).toBeCloseTo(2 * Math.log(3), 6);
  expect(predict(fit, [1])).toBeCloseTo(0.75, 6);
});

test("the L2 penalty shrinks the weight and the fit satisfies the penalised optimality condition", () => {
  const fit = fitLogistic(X, y, { lambda: 0.1, seed: 7 });
  expect(fit.weights[0]).toBeGreaterThan(0);
  expect(fit.weights[0]).toBeLessThan(2 * Math.log(3));
  // ∂/∂w [mean log loss + λ/2 w²] = mean((p − y) x) + λ w = 0, and mean(p − y) = 0 for the intercept
  const ps = X.map((x) => predict(fit, x));
  const gw = ps.reduce((s, p, i) => s + (p - y[i]) * X[i][0], 0) / X.length + 0.1 * fit.weights[0];
  const gb = ps.reduce((s, p, i) => s + (p - y[i]), 0) / X.length;
  expect(Math.abs(gw)).toBeLessThan(1e-9);
  expect(Math.abs(gb)).toBeLessThan(1e-9);
  const stronger = fitLogistic(X, y, { lambda: 1, seed: 7 });
  expect(stronger.weights[0]).toBeLessThan(fit.weights[0]);
});

test("the seed does not change the answer of a convex problem", () => {
  const a = fitLogistic(X, y, { lambda: 0.01, seed: 1 });
  const b = fitLogistic(X, y, { lambda: 0.01, seed: 99 });
  expect(a.weights[0]).toBeCloseTo(b.weights[0], 9);
});

test("a perfectly separable book stays finite thanks to the penalty", () => {
  const fit = fitLogistic([[0], [0], [1], [1]], [0, 0, 1, 1], { lambda: 0.01 });
  expect(Number.isFinite(fit.weights[0])).toBe(true);
  expect(predict(fit, [1])).toBeGreaterThan(0.9);
});

test("sigmoid is stable for large inputs and Cholesky solves a 2 × 2 system", () => {
  expect(sigmoid(-800)).toBe(0);
  expect(sigmoid(800)).toBe(1);
  expect(sigmoid(0)).toBe(0.5);
  // [4 2; 2 3] x = [2; 1] → x = [0.5, 0]
  const x = solveSymmetric(
    [
      [4, 2],
      [2, 3],
    ],
    [2, 1],
  );
  expect(x[0]).toBeCloseTo(0.5, 12);
  expect(x[1]).toBeCloseTo(0, 12);
});
