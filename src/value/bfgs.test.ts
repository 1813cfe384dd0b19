import { expect, test } from "vitest";
import { minimizeBfgs } from "./bfgs";
import { minimize } from "./nelder-mead";

const rosenbrock = (x: ArrayLike<number>, g: Float64Array) => {
  const [a, b] = [x[0], x[1]];
  g[0] = -400 * a * (b - a * a) - 2 * (1 - a);
  g[1] = 200 * (b - a * a);
  return 100 * (b - a * a) ** 2 + (1 - a) ** 2;
};

test("finds the minimum of the Rosenbrock valley at (1, 1), as Nelder–Mead does", () => {
  const m = minimizeBfgs(rosenbrock, [-1.2, 1]);
  expect(m.converged).toBe(true);
  expect(m.x[0]).toBeCloseTo(1, 8);
  expect(m.x[1]).toBeCloseTo(1, 8);
  const nm = minimize((x) => rosenbrock(x, new Float64Array(2)), [-1.2, 1]);
  expect(m.x[0]).toBeCloseTo(nm.x[0], 6);
  expect(m.x[1]).toBeCloseTo(nm.x[1], 6);
  expect(m.evaluations).toBeLessThan(200);
});

test("a shifted, badly scaled quadratic bowl in four dimensions", () => {
  const c = [0.3, -2, 5, 1.5],
    w = [1, 100, 1e4, 0.01];
  const m = minimizeBfgs(
    (x, g) => {
      let f = 0;
      for (let i = 0; i < 4; i++) {
        f += w[i] * (x[i] - c[i]) ** 2;
        g[i] = 2 * w[i] * (x[i] - c[i]);
      }
      return f;
    },
    [0, 0, 0, 0],
    { maxStep: 10 },
  );
  expect(m.converged).toBe(true);
  m.x.forEach((v, i) => expect(v).toBeCloseTo(c[i], 7));
});

test("non-finite values are walls the line search backs away from", () => {
  const m = minimizeBfgs(
    (x, g) => {
      g[0] = 2 * (x[0] - 2);
      return x[0] < 0 ? NaN : (x[0] - 2) ** 2;
    },
    [1],
    { maxStep: 100 },
  );
  expect(m.x[0]).toBeCloseTo(2, 8);
  expect(minimizeBfgs(() => NaN, [0])).toMatchObject({ f: Infinity, evaluations: 1, converged: false });
});

test("stops at the starting point when the gradient is already zero", () => {
  const m = minimizeBfgs(
    (x, g) => {
      g[0] = 2 * x[0];
      return x[0] * x[0];
    },
    [0],
  );
  expect(m).toMatchObject({ x: [0], iterations: 0, evaluations: 1, converged: true });
});

test("is deterministic: the same start gives the same answer", () => {
  const f = (x: ArrayLike<number>, g: Float64Array) => {
    g[0] = Math.cos(x[0]) * Math.cos(x[1]) + 0.2 * x[0];
    g[1] = -Math.sin(x[0]) * Math.sin(x[1]) + 0.2 * x[1];
    return Math.sin(x[0]) * Math.cos(x[1]) + 0.1 * (x[0] * x[0] + x[1] * x[1]);
  };
  expect(minimizeBfgs(f, [1, 1])).toEqual(minimizeBfgs(f, [1, 1]));
});
