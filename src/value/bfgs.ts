/** Deterministic BFGS minimisation with an analytic gradient and a Wolfe line search, for maximum-likelihood fits on log-parameters. */

export interface BfgsOptions {
  /** converged once the inverse Hessian has been updated n times and the quasi-Newton step is below xTol on every axis */
  xTol?: number;
  /** or when every |∂f/∂x_i| ≤ gTol · max(1, |f|) */
  gTol?: number;
  /**
   * or when no step lowers f any more (f is a large sum and has run out of digits) while the decrease the
   * quasi-Newton step predicts, ½ gᵀHg, is at most fTol · max(1, |f|)
   */
  fTol?: number;
  maxIterations?: number;
  /** largest change of any coordinate tried first in a line search (a factor e per iteration on log-parameters) */
  maxStep?: number;
}

/** f and its gradient at x; the gradient goes into g (length n). Non-finite f counts as +∞. */
export type ValueAndGradient = (x: Float64Array, g: Float64Array) => number;

export interface BfgsMinimum {
  x: number[];
  f: number;
  gradient: number[];
  iterations: number;
  evaluations: number;
  converged: boolean;
}

/**
 * Minimises f from x0 by BFGS on the inverse Hessian (Nocedal & Wright, algorithm 6.1), the first inverse Hessian
 * scaled by sᵀy / yᵀy after the first step, with a strong-Wolfe line search (algorithms 3.5 and 3.6, zoom by
 * safeguarded quadratic interpolation). Returns converged = false when it stops short of the tolerances, or at once
 * when f is not finite at x0 (the caller may then go on with Nelder–Mead).
 */
export function minimizeBfgs(fg: ValueAndGradient, x0: readonly number[], opts: BfgsOptions = {}): BfgsMinimum {
  const { xTol = 1e-9, gTol = 1e-12, fTol = 1e-12, maxIterations = 500, maxStep = 1 } = opts;
  const n = x0.length;
  let evaluations = 0;
  const x = Float64Array.from(x0),
    g = new Float64Array(n);
  const xt = new Float64Array(n),
    gt = new Float64Array(n),
    p = new Float64Array(n),
    s = new Float64Array(n),
    y = new Float64Array(n),
    Hy = new Float64Array(n);
  const H = new Float64Array(n * n);
  const identity = (scale: number) => {
    H.fill(0);
    for (let i = 0; i < n; i++) H[i * n + i] = scale;
  };
  identity(1);
  const value = (at: Float64Array, grad: Float64Array) => {
    evaluations++;
    const v = fg(at, grad);
    return Number.isFinite(v) ? v : Infinity;
  };
  let f = value(x, g);
  const done = (it: number, converged: boolean): BfgsMinimum => ({ x: [...x], f, gradient: [...g], iterations: it, evaluations, converged });
  if (!Number.isFinite(f)) return done(0, false);
  let updates = 0;
  for (let it = 0; it < maxIterations; it++) {
    let gMax = 0;
    for (let i = 0; i < n; i++) gMax = Math.max(gMax, Math.abs(g[i]));
    if (gMax <= gTol * Math.max(1, Math.abs(f))) return done(it, true);
    let slope = 0,
      big = 0;
    for (let i = 0; i < n; i++) {
      let v = 0;
      for (let j = 0; j < n; j++) v -= H[i * n + j] * g[j];
      p[i] = v;
      slope += v * g[i];
      big = Math.max(big, Math.abs(v));
    }
    if (!(slope < 0)) {
      // not a descent direction: restart from steepest descent
      identity(1);
      updates = 0;
      slope = 0;
      big = 0;
      for (let i = 0; i < n; i++) {
        p[i] = -g[i];
        slope -= g[i] * g[i];
        big = Math.max(big, Math.abs(g[i]));
      }
    }
    if (updates >= n && big <= xTol) return done(it, true);
    // φ(t) = f(x + t p), φ'(t) = ∇f · p; the last trial point stays in xt, gt, fT.
    let fT = f;
    const phi = (t: number) => {
      for (let i = 0; i < n; i++) xt[i] = x[i] + t * p[i];
      fT = value(xt, gt);
      let d = 0;
      for (let i = 0; i < n; i++) d += gt[i] * p[i];
      return [fT, d];
    };
    const t = wolfe(phi, f, slope, Math.min(1, maxStep / big));
    if (t === 0) return done(it, -slope / 2 <= fTol * Math.max(1, Math.abs(f)));
    // s = xt − x, y = gt − g; H ← (I − ρsyᵀ) H (I − ρysᵀ) + ρssᵀ, skipped without positive curvature.
    let sy = 0,
      yy = 0,
      ss = 0;
    for (let i = 0; i < n; i++) {
      s[i] = xt[i] - x[i];
      y[i] = gt[i] - g[i];
      sy += s[i] * y[i];
      yy += y[i] * y[i];
      ss += s[i] * s[i];
    }
    x.set(xt);
    g.set(gt);
    f = fT;
    if (!(sy > 1e-12 * Math.sqrt(yy * ss))) continue;
    if (updates++ === 0) identity(sy / yy);
    const rho = 1 / sy;
    let yHy = 0;
    for (let i = 0; i < n; i++) {
      let v = 0;
      for (let j = 0; j < n; j++) v += H[i * n + j] * y[j];
      Hy[i] = v;
      yHy += y[i] * v;
    }
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) H[i * n + j] += -rho * (Hy[i] * s[j] + s[i] * Hy[j]) + (rho * rho * yHy + rho) * s[i] * s[j];
  }
  return done(maxIterations, false);
}

const C1 = 1e-4,
  C2 = 0.9;

/**
 * A step t > 0 satisfying the strong Wolfe conditions, or 0 when none is found; on return the last call of φ was
 * at the returned t. Gives up as soon as the decrease a step could bring is below the resolution of f.
 */
function wolfe(phi: (t: number) => number[], f0: number, d0: number, t1: number): number {
  let tPrev = 0,
    fPrev = f0,
    dPrev = d0,
    t = t1;
  for (let i = 0; i < 40; i++) {
    const [f, d] = phi(t);
    if (!Number.isFinite(f) || f > f0 + C1 * t * d0 || (i > 0 && f >= fPrev)) return zoom(phi, f0, d0, tPrev, fPrev, dPrev, t, f);
    if (Math.abs(d) <= -C2 * d0) return t;
    if (d >= 0) return zoom(phi, f0, d0, t, f, d, tPrev, fPrev);
    tPrev = t;
    fPrev = f;
    dPrev = d;
    t *= 2;
  }
  return 0;
}

function zoom(phi: (t: number) => number[], f0: number, d0: number, lo: number, fLo: number, dLo: number, hi: number, fHi: number): number {
  const resolution = 1e-15 * Math.max(1, Math.abs(f0));
  for (let i = 0; i < 40; i++) {
    // the minimum of the quadratic through (lo, fLo) with slope dLo and (hi, fHi), kept inside the middle 80 %
    const w = hi - lo;
    let t = Number.isFinite(fHi) ? lo - (dLo * w * w) / (2 * (fHi - fLo - dLo * w)) : lo + w / 2;
    if (!(t >= Math.min(lo, hi) + 0.1 * Math.abs(w) && t <= Math.max(lo, hi) - 0.1 * Math.abs(w))) t = lo + w / 2;
    if (t === lo || t === hi || -Math.max(lo, hi) * d0 <= resolution) break;
    const [f, d] = phi(t);
    if (!Number.isFinite(f) || f > f0 + C1 * t * d0 || f >= fLo) {
      hi = t;
      fHi = f;
    } else {
      if (Math.abs(d) <= -C2 * d0) return t;
      if (d * (hi - lo) >= 0) {
        hi = lo;
        fHi = fLo;
      }
      lo = t;
      fLo = f;
      dLo = d;
    }
  }
  if (lo > 0) {
    phi(lo);
    return lo;
  } // the best point found, which lowers f though the curvature condition failed
  return 0;
}
