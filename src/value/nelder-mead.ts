/** Deterministic Nelder–Mead minimisation with restarts, for maximum-likelihood fits on log-parameters. */

export interface MinimizeOptions {
  /** initial simplex step along each axis */
  step?: number;
  /** stop when the spread of f over the simplex is below this */
  fTol?: number;
  /** and the simplex is smaller than this along every axis */
  xTol?: number;
  maxIterations?: number;
  /** restart from the best point until a restart no longer improves f by more than fTol */
  maxRestarts?: number;
}

export interface Minimum {
  x: number[];
  f: number;
  iterations: number;
  converged: boolean;
}

/**
 * Minimises f from x0 with the standard coefficients (reflection 1, expansion 2, contraction ½, shrink ½).
 * Non-finite values of f count as +∞, so a likelihood can reject impossible parameters by returning NaN.
 * Restarting on a fresh simplex guards against the simplex collapsing early, a known Nelder–Mead failure.
 */
export function minimize(f: (x: number[]) => number, x0: readonly number[], opts: MinimizeOptions = {}): Minimum {
  const { step = 0.5, fTol = 1e-12, xTol = 1e-9, maxIterations = 20_000, maxRestarts = 10 } = opts;
  const g = (x: number[]) => {
    const v = f(x);
    return Number.isFinite(v) ? v : Infinity;
  };
  let best = run(g, [...x0], step, fTol, xTol, maxIterations);
  let total = best.iterations;
  for (let i = 0; i < maxRestarts; i++) {
    const next = run(g, best.x, step / 10, fTol, xTol, maxIterations);
    total += next.iterations;
    const improved = best.f - next.f;
    if (next.f <= best.f) best = next;
    if (improved <= fTol * Math.max(1, Math.abs(best.f))) break;
  }
  return { ...best, iterations: total };
}

function run(f: (x: number[]) => number, x0: number[], step: number, fTol: number, xTol: number, maxIter: number): Minimum {
  const n = x0.length;
  const pts: number[][] = [x0];
  for (let i = 0; i < n; i++) {
    const p = [...x0];
    p[i] += step;
    pts.push(p);
  }
  let vals = pts.map(f);
  for (let it = 0; it < maxIter; it++) {
    const order = vals.map((_, i) => i).sort((i, j) => vals[i] - vals[j]);
    const P = order.map((i) => pts[i]);
    const V = order.map((i) => vals[i]);
    pts.splice(0, pts.length, ...P);
    vals = V;
    const fSpread = Math.abs(vals[n] - vals[0]);
    let xSpread = 0;
    for (let i = 1; i <= n; i++) for (let d = 0; d < n; d++) xSpread = Math.max(xSpread, Math.abs(pts[i][d] - pts[0][d]));
    if (fSpread <= fTol * Math.max(1, Math.abs(vals[0])) && xSpread <= xTol) return { x: pts[0], f: vals[0], iterations: it, converged: true };
    const centroid = new Array<number>(n).fill(0);
    for (let i = 0; i < n; i++) for (let d = 0; d < n; d++) centroid[d] += pts[i][d] / n;
    const along = (t: number) => centroid.map((c, d) => c + t * (pts[n][d] - c));
    const xr = along(-1);
    const fr = f(xr);
    if (fr < vals[0]) {
      const xe = along(-2);
      const fe = f(xe);
      if (fe < fr) {
        pts[n] = xe;
        vals[n] = fe;
      } else {
        pts[n] = xr;
        vals[n] = fr;
      }
    } else if (fr < vals[n - 1]) {
      pts[n] = xr;
      vals[n] = fr;
    } else {
      const xc = fr < vals[n] ? along(-0.5) : along(0.5);
      const fc = f(xc);
      if (fc < Math.min(fr, vals[n])) {
        pts[n] = xc;
        vals[n] = fc;
      } else {
        for (let i = 1; i <= n; i++) {
          pts[i] = pts[i].map((v, d) => pts[0][d] + 0.5 * (v - pts[0][d]));
          vals[i] = f(pts[i]);
        }
      }
    }
  }
  const i0 = vals.indexOf(Math.min(...vals));
  return { x: pts[i0], f: vals[i0], iterations: maxIter, converged: false };
}
