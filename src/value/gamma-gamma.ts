/**
 * The Gamma-Gamma model of spend per transaction (Fader, Hardie & Lee 2005, "RFM and CLV"): a customer's
 * transaction values are Gamma(p, ν) around their mean, with ν ~ Gamma(q, γ) across customers. Fitted on
 * customers with at least one repeat purchase, from their number of repeats x and mean repeat value m.
 */
import digamma from "@stdlib/math-base-special-digamma";
import gammaln from "@stdlib/math-base-special-gammaln";
import { minimizeBfgs } from "./bfgs";
import { BudgetSpent, budgeted, DEFAULT_FIT_BUDGET, type FitBudget } from "./budget";
import { minimize } from "./nelder-mead";

export interface Spend {
  /** repeat purchases (> 0) */
  x: number;
  /** mean value of the repeat purchases */
  m: number;
}

export interface GammaGammaParams {
  p: number;
  q: number;
  gamma: number;
}
export interface GammaGammaFit {
  params: GammaGammaParams;
  logLikelihood: number;
  customers: number;
  iterations: number;
  converged: boolean;
}

export function gammaGammaLogLikelihood(params: GammaGammaParams, data: readonly Spend[]): number {
  const { p, q, gamma } = params;
  const base = q * Math.log(gamma) - gammaln(q);
  const byX = new Map<number, number>();
  let s = 0;
  for (const { x, m } of data) {
    let k = byX.get(x);
    if (k === undefined) byX.set(x, (k = base + gammaln(p * x + q) - gammaln(p * x) + p * x * Math.log(x)));
    s += k + (p * x - 1) * Math.log(m) - (p * x + q) * Math.log(gamma + m * x);
  }
  return s;
}

/**
 * Σ ln L and, into `grad` when given, ∂/∂(p, q, γ), on spends compiled by `compileSpend`. With s = m x a customer's
 * term is −px·ln(1 + γ/s) − ln m − q ln(γ + s) (the same as above, regrouped so that no large terms cancel), and
 * ln(γ + s) = ln s + ln(1 + γ/s): one log1p per customer and evaluation.
 */
export function gammaGammaValueAndGradient(c: CompiledSpend, { p, q, gamma }: GammaGammaParams, grad?: Float64Array): number {
  const { xs, nx, x, s, invS, sumLnM, sumLnS } = c;
  const lnGamma = Math.log(gamma);
  let sumL = 0,
    sumXL = 0,
    sumWI = 0;
  for (let i = 0; i < s.length; i++) {
    const l = Math.log1p(gamma * invS[i]);
    sumL += l;
    sumXL += x[i] * l;
    sumWI += (p * x[i] + q) / (gamma + s[i]);
  }
  let ll = -p * sumXL - sumLnM - q * (sumLnS + sumL),
    dp = -sumXL,
    dq = -(sumLnS + sumL),
    dg = -sumWI;
  const psiQ = grad ? digamma(q) : 0;
  for (let k = 0; k < xs.length; k++) {
    const xk = xs[k],
      n = nx[k],
      px = p * xk;
    ll += n * (gammaln(px + q) - gammaln(px) - gammaln(q) + q * lnGamma);
    if (grad) {
      const psiPxQ = digamma(px + q);
      dp += n * xk * (psiPxQ - digamma(px));
      dq += n * (psiPxQ - psiQ + lnGamma);
      dg += (n * q) / gamma;
    }
  }
  if (grad) {
    grad[0] = dp;
    grad[1] = dq;
    grad[2] = dg;
  }
  return ll;
}

export interface CompiledSpend {
  xs: Float64Array;
  nx: Float64Array;
  x: Float64Array;
  s: Float64Array;
  invS: Float64Array;
  sumLnM: number;
  sumLnS: number;
}

/** Distinct x with their counts; each customer's x, total repeat value s = m·x and 1/s; the sums of ln m and ln s. */
export function compileSpend(data: readonly Spend[]): CompiledSpend {
  const byX = new Map<number, number>();
  const x = new Float64Array(data.length),
    s = new Float64Array(data.length),
    invS = new Float64Array(data.length);
  let sumLnM = 0,
    sumLnS = 0;
  data.forEach((d, i) => {
    byX.set(d.x, (byX.get(d.x) ?? 0) + 1);
    x[i] = d.x;
    s[i] = d.m * d.x;
    invS[i] = 1 / s[i];
    sumLnM += Math.log(d.m);
    sumLnS += Math.log(s[i]);
  });
  return { xs: Float64Array.from(byX.keys()), nx: Float64Array.from(byX.values()), x, s, invS, sumLnM, sumLnS };
}

/**
 * Maximum-likelihood fit on log-parameters — BFGS with the analytic gradient, then Nelder–Mead from there only if
 * BFGS stops short, within `budget` (converged = false at the cap); customers without repeats (x = 0) or with m ≤ 0 are skipped.
 */
export function fitGammaGamma(data: readonly Spend[], start?: GammaGammaParams, budget: FitBudget = DEFAULT_FIT_BUDGET): GammaGammaFit {
  const used = data.filter((d) => d.x > 0 && d.m > 0);
  if (used.length === 0) throw new RangeError("no repeat customers to fit");
  const c = compileSpend(used);
  // By default p = 1, q = 2 and γ at the mean of m, so that the population mean pγ/(q − 1) starts at the data's.
  start ??= { p: 1, q: 2, gamma: c.s.reduce((t, s, i) => t + s / c.x[i], 0) / used.length };
  const unpack = (v: ArrayLike<number>): GammaGammaParams => ({ p: Math.exp(v[0]), q: Math.exp(v[1]), gamma: Math.exp(v[2]) });
  const d = new Float64Array(3);
  const fg = budgeted((v: Float64Array, g: Float64Array) => {
    const k = unpack(v);
    const ll = gammaGammaValueAndGradient(c, k, d);
    g[0] = -k.p * d[0];
    g[1] = -k.q * d[1];
    g[2] = -k.gamma * d[2];
    return -ll;
  }, budget);
  try {
    const m = minimizeBfgs(fg.f, [Math.log(start.p), Math.log(start.q), Math.log(start.gamma)], { maxIterations: 300 });
    if (m.converged) return { params: unpack(m.x), logLikelihood: -m.f, customers: used.length, iterations: m.iterations, converged: true };
    const r = minimize((v) => fg.f(Float64Array.from(v), d), m.x, { maxIterations: 4_000, maxRestarts: 3 });
    return { params: unpack(r.x), logLikelihood: -r.f, customers: used.length, iterations: m.iterations + r.iterations, converged: r.converged };
  } catch (e) {
    if (!(e instanceof BudgetSpent)) throw e;
    return { params: unpack(fg.state.bestX), logLikelihood: -fg.state.best, customers: used.length, iterations: fg.state.evaluations, converged: false };
  }
}

/**
 * E[M | x, m]: the expected value of a customer's next transaction, a weighted mean of the population mean
 * pγ/(q − 1) and the customer's own mean m (equation 5). With no repeats it is the population mean.
 */
export function expectedSpend({ p, q, gamma }: GammaGammaParams, { x, m }: Spend): number {
  if (x <= 0) return (p * gamma) / (q - 1);
  return (p * (gamma + x * m)) / (p * x + q - 1);
}
