import { expect, test } from "vitest";
import { minimize } from "./nelder-mead";

test("finds the minimum of the Rosenbrock valley at (1, 1)", () => {
  const m = minimize(([x, y]) => 100 * (y - x * x) ** 2 + (1 - x) ** 2, [-1.2, 1]);
  expect(m.converged).toBe(true);
  expect(m.x[0]).toBeCloseTo(1, 6);
  expect(m.x[1]).toBeCloseTo(1, 6);
});

test("a shifted quadratic bowl in four dimensions", () => {
  const c = [0.3, -2, 5, 1.5];
  const m = minimize((x) => x.reduce((s, v, i) => s + (i + 1) * (v - c[i]) ** 2, 0), [0, 0, 0, 0]);
  m.x.forEach((v, i) => expect(v).toBeCloseTo(c[i], 6));
});

test("NaN values are treated as walls, not minima", () => {
  const m = minimize(([x]) => (x < 0 ? NaN : (x - 2) ** 2), [1]);
  expect(m.x[0]).toBeCloseTo(2, 6);
});

test("is deterministic: the same start gives the same answer", () => {
  const f = ([x, y]: number[]) => Math.sin(x) * Math.cos(y) + 0.1 * (x * x + y * y);
  expect(minimize(f, [1, 1])).toEqual(minimize(f, [1, 1]));
});
