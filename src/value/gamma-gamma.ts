/**
 * The Gamma-Gamma model of spend per transaction (Fader, Hardie & Lee 2005, "RFM and CLV"): a customer's
 * transaction values are Gamma(p, ν) around their mean, with ν ~ Gamma(q, γ) across customers. Fitted on
 * customers with at least one repeat purchase, from their number of repeats x and mean repeat value m.
 */
import gammaln from "@stdlib/math-base-special-gammaln";
import { minimize } from "./nelder-mead";

export interface Spend {
  /** repeat purchases (> 0) */
  x: number;
  /** mean value of the repeat purchases */
  m: number;
}

export interface GammaGammaParams { p: number; q: number; gamma: number }
export interface GammaGammaFit { params: GammaGammaParams; logLikelihood: number; customers: number; iterations: number; converged: boolean }

/** ln L of one customer's mean spend, dropping the constant −ln Γ(px)… terms that do not depend on (p, q, γ) only through m. */
export function gammaGammaLogLikelihood1({ p, q, gamma }: GammaGammaParams, { x, m }: Spend): number {
  return gammaln(p * x + q) - gammaln(p * x) - gammaln(q) + q * Math.log(gamma)
    + (p * x - 1) * Math.log(m) + p * x * Math.log(x) - (p * x + q) * Math.log(gamma + m * x);
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

/** Maximum-likelihood fit on log-parameters; customers without repeats (x = 0) or with m ≤ 0 are skipped. */
export function fitGammaGamma(data: readonly Spend[], start: GammaGammaParams = { p: 1, q: 1, gamma: 1 }): GammaGammaFit {
  const used = data.filter((d) => d.x > 0 && d.m > 0);
  if (used.length === 0) throw new RangeError("no repeat customers to fit");
  const unpack = (v: number[]): GammaGammaParams => ({ p: Math.exp(v[0]), q: Math.exp(v[1]), gamma: Math.exp(v[2]) });
  const r = minimize((v) => -gammaGammaLogLikelihood(unpack(v), used), [Math.log(start.p), Math.log(start.q), Math.log(start.gamma)]);
  return { params: unpack(r.x), logLikelihood: -r.f, customers: used.length, iterations: r.iterations, converged: r.converged };
}

/**
 * E[M | x, m]: the expected value of a customer's next transaction, a weighted mean of the population mean
 * pγ/(q − 1) and the customer's own mean m (equation 5). With no repeats it is the population mean.
 */
export function expectedSpend({ p, q, gamma }: GammaGammaParams, { x, m }: Spend): number {
  if (x <= 0) return (p * gamma) / (q - 1);
  return (p * (gamma + x * m)) / (p * x + q - 1);
}
