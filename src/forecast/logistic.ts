/** L2-regularised logistic regression fitted by Newton's method (own code: small, exact and reproducible). */
import { seededRandom } from "../core/seeded-random";

export interface LogisticFit {
  intercept: number;
  weights: number[];
  iterations: number;
  converged: boolean;
}

export interface FitOptions {
  /** L2 penalty on the weights (not the intercept), per example: minimises mean log loss + λ/2 · ‖w‖² */
  lambda: number;
  maxIterations?: number;
  /** stop when the largest Newton step is below this */
  tolerance?: number;
  /** seeds the tiny random start; the problem is convex, so the answer does not depend on it */
  seed?: number;
  /** per-example weights (default 1) */
  sampleWeights?: readonly number[];
}

export const sigmoid = (z: number): number => (z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z)));

export function predict(fit: Pick<LogisticFit, "intercept" | "weights">, x: readonly number[]): number {
  let z = fit.intercept;
  for (let j = 0; j < x.length; j++) z += fit.weights[j] * x[j];
  return sigmoid(z);
}

/** Fits P(y = 1 | x) = σ(b + w·x). Rows of X are examples; y is 0/1. */
export function fitLogistic(X: readonly (readonly number[])[], y: readonly number[], opts: FitOptions): LogisticFit {
  const n = X.length;
  const d = n ? X[0].length : 0;
  const m = d + 1; // index 0 is the intercept
  const rnd = seededRandom(opts.seed ?? 1);
  const beta = Array.from({ length: m }, () => (rnd() - 0.5) * 1e-3);
  const sw = opts.sampleWeights;
  const totalW = sw ? sw.reduce((a, b) => a + b, 0) : n;
  const maxIt = opts.maxIterations ?? 50;
  const tol = opts.tolerance ?? 1e-8;
  let it = 0;
  let converged = false;
  while (it < maxIt) {
    it++;
    const g = new Array<number>(m).fill(0);
    const H = Array.from({ length: m }, () => new Array<number>(m).fill(0));
    for (let i = 0; i < n; i++) {
      const xi = X[i];
      let z = beta[0];
      for (let j = 0; j < d; j++) z += beta[j + 1] * xi[j];
      const p = sigmoid(z);
      const wi = (sw ? sw[i] : 1) / totalW;
      const r = (p - y[i]) * wi;
      const v = Math.max(p * (1 - p), 1e-10) * wi;
      g[0] += r;
      H[0][0] += v;
      for (let j = 0; j < d; j++) {
        const xj = xi[j];
        if (xj === 0) continue;
        g[j + 1] += r * xj;
        const vx = v * xj;
        H[0][j + 1] += vx;
        for (let k = j; k < d; k++) if (xi[k] !== 0) H[j + 1][k + 1] += vx * xi[k];
      }
    }
    for (let j = 1; j < m; j++) {
      g[j] += opts.lambda * beta[j];
      H[j][j] += opts.lambda;
    }
    H[0][0] += 1e-12; // keeps the system solvable when a class is absent
    for (let j = 0; j < m; j++) for (let k = 0; k < j; k++) H[j][k] = H[k][j];
    const step = solveSymmetric(H, g);
    let maxStep = 0;
    for (let j = 0; j < m; j++) {
      beta[j] -= step[j];
      maxStep = Math.max(maxStep, Math.abs(step[j]));
    }
    if (maxStep < tol) {
      converged = true;
      break;
    }
  }
  return { intercept: beta[0], weights: beta.slice(1), iterations: it, converged };
}

/** Solves A x = b for symmetric positive definite A by Cholesky; a tiny ridge is added if A is not quite definite. */
export function solveSymmetric(A: readonly (readonly number[])[], b: readonly number[]): number[] {
  const n = b.length;
  for (let ridge = 0; ; ridge = ridge ? ridge * 10 : 1e-10) {
    const L = Array.from({ length: n }, () => new Array<number>(n).fill(0));
    let ok = true;
    for (let i = 0; i < n && ok; i++) {
      for (let j = 0; j <= i; j++) {
        let s = A[i][j] + (i === j ? ridge : 0);
        for (let k = 0; k < j; k++) s -= L[i][k] * L[j][k];
        if (i === j) {
          if (s <= 0) {
            ok = false;
            break;
          }
          L[i][i] = Math.sqrt(s);
        } else L[i][j] = s / L[j][j];
      }
    }
    if (!ok) {
      if (ridge > 1) throw new Error("matrix is not positive definite");
      continue;
    }
    const z = new Array<number>(n).fill(0);
    for (let i = 0; i < n; i++) {
      let s = b[i];
      for (let k = 0; k < i; k++) s -= L[i][k] * z[k];
      z[i] = s / L[i][i];
    }
    const x = new Array<number>(n).fill(0);
    for (let i = n - 1; i >= 0; i--) {
      let s = z[i];
      for (let k = i + 1; k < n; k++) s -= L[k][i] * x[k];
      x[i] = s / L[i][i];
    }
    return x;
  }
}
