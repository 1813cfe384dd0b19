/**
 * The BG/NBD model (Fader, Hardie & Lee 2005, "Counting your customers the easy way"): while alive a customer
 * buys as a Poisson process (rate λ ~ Gamma(r, α)); after each purchase they drop out with probability p
 * (p ~ Beta(a, b)). Fitted by maximum likelihood on (x, t_x, T) per customer (the fast objective: bgnbd-objective.ts).
 */
import betaln from "@stdlib/math-base-special-betaln";
import gammaln from "@stdlib/math-base-special-gammaln";
import { minimizeBfgs } from "./bfgs";
import { BudgetSpent, budgeted, DEFAULT_FIT_BUDGET, type FitBudget } from "./budget";
import { bgnbdValueAndGradient, compileRecency } from "./bgnbd-objective";
import { hyp2f1 } from "./hypergeometric";
import { minimize } from "./nelder-mead";

/** One customer's history over the calibration period, in one time unit (weeks for CDNOW). */
export interface Recency {
  /** repeat purchases (purchase days after the first) */
  x: number;
  /** time from the first to the last purchase */
  tx: number;
  /** time from the first purchase to the end of calibration */
  T: number;
  /** how many customers share this (x, t_x, T); lets SQL group identical histories. Default 1. */
  n?: number;
}

export interface BgNbdParams {
  r: number;
  alpha: number;
  a: number;
  b: number;
}
export interface BgNbdFit {
  params: BgNbdParams;
  logLikelihood: number;
  customers: number;
  iterations: number;
  converged: boolean;
  /** objective evaluations spent */
  evaluations?: number;
  /** why an unconverged fit stopped: its budget of evaluations or time ran out */
  stopped?: "evaluations" | "time" | "diverging" | null;
  /** for an unconverged fit, what happened in words (e.g. a and b growing without bound) */
  note?: string | null;
}

/** a or b beyond this means the fit is walking off to a limit of the model (a, b → ∞: no dropout, the NBD) */
const DIVERGING = 1e5;

/** ln L for one customer (equation 6 of the paper, in logs, summed stably). */
export function bgnbdLogLikelihood1({ r, alpha, a, b }: BgNbdParams, { x, tx, T }: Recency): number {
  const common = gammaln(r + x) - gammaln(r) + r * Math.log(alpha) - betaln(a, b);
  const survive = betaln(a, b + x) - (r + x) * Math.log(alpha + T);
  if (x === 0) return common + survive;
  const died = betaln(a + 1, b + x - 1) - (r + x) * Math.log(alpha + tx);
  const m = Math.max(survive, died);
  return common + m + Math.log(Math.exp(survive - m) + Math.exp(died - m));
}

/** Σ n·ln L. The terms that depend on x alone are computed once per distinct x, which makes large fits fast. */
export function bgnbdLogLikelihood(p: BgNbdParams, data: readonly Recency[]): number {
  const { r, alpha, a, b } = p;
  const base = r * Math.log(alpha) - betaln(a, b) - gammaln(r);
  const byX = new Map<number, { common: number; survive: number; died: number }>();
  let s = 0;
  for (const d of data) {
    let k = byX.get(d.x);
    if (!k) {
      k = { common: base + gammaln(r + d.x), survive: betaln(a, b + d.x), died: d.x > 0 ? betaln(a + 1, b + d.x - 1) : 0 };
      byX.set(d.x, k);
    }
    const survive = k.survive - (r + d.x) * Math.log(alpha + d.T);
    let ll: number;
    if (d.x === 0) ll = k.common + survive;
    else {
      const died = k.died - (r + d.x) * Math.log(alpha + d.tx);
      const m = Math.max(survive, died);
      ll = k.common + m + Math.log(Math.exp(survive - m) + Math.exp(died - m));
    }
    s += (d.n ?? 1) * ll;
  }
  return s;
}

/**
 * A robust starting point: r = 1 and α from the pooled purchase rate (E[λ] = r/α = Σx / ΣT), a = 1, b = 3
 * (a mean dropout probability of ¼), so that the first steps are on the scale of the data whatever its unit.
 */
export function bgnbdStart(data: readonly Recency[]): BgNbdParams {
  let sx = 0,
    sT = 0;
  for (const d of data) {
    sx += (d.n ?? 1) * d.x;
    sT += (d.n ?? 1) * d.T;
  }
  return { r: 1, alpha: sx > 0 && sT > 0 ? sT / sx : 1, a: 1, b: 3 };
}

/**
 * Maximum-likelihood fit on the logs of the four parameters (which keeps them positive): BFGS with the analytic
 * gradient on the compiled histories, then — only if BFGS stops short of a zero gradient — Nelder–Mead from there.
 * The whole fit is capped by `budget` (objective evaluations and milliseconds); when it stops short it returns the
 * best point seen with converged = false and a note saying why (for instance a and b growing without bound, when the
 * data show almost no dropout and the model tends to the NBD), instead of searching on.
 */
export function fitBgNbd(data: readonly Recency[], start: BgNbdParams = bgnbdStart(data), budget: FitBudget = DEFAULT_FIT_BUDGET): BgNbdFit {
  if (data.length === 0) throw new RangeError("no customers to fit");
  const c = compileRecency(data);
  const unpack = (v: ArrayLike<number>): BgNbdParams => ({ r: Math.exp(v[0]), alpha: Math.exp(v[1]), a: Math.exp(v[2]), b: Math.exp(v[3]) });
  const d = new Float64Array(4);
  const fg = budgeted((v: Float64Array, g: Float64Array) => {
    const p = unpack(v);
    if (p.a > DIVERGING || p.b > DIVERGING) throw new BudgetSpent("diverging");
    const ll = bgnbdValueAndGradient(c, p, d);
    g[0] = -p.r * d[0];
    g[1] = -p.alpha * d[1];
    g[2] = -p.a * d[2];
    g[3] = -p.b * d[3];
    return -ll;
  }, budget);
  const x0 = [Math.log(start.r), Math.log(start.alpha), Math.log(start.a), Math.log(start.b)];
  let iterations = 0;
  const finish = (x: ArrayLike<number>, f: number, converged: boolean, stopped: BgNbdFit["stopped"]): BgNbdFit => {
    const params = unpack(x);
    const fit: BgNbdFit = { params, logLikelihood: -f, customers: c.customers, iterations, converged, evaluations: fg.state.evaluations, stopped, note: null };
    if (!converged) fit.note = unconvergedNote(params, fg.state.evaluations, stopped);
    return fit;
  };
  try {
    const m = minimizeBfgs(fg.f, x0, { maxIterations: 300 });
    iterations = m.iterations;
    if (m.converged) return finish(m.x, m.f, true, null);
    const nm = minimize((v) => fg.f(Float64Array.from(v), d), m.x, { maxIterations: 4_000, maxRestarts: 3 });
    iterations += nm.iterations;
    return finish(nm.x, nm.f, nm.converged, nm.converged ? null : "evaluations");
  } catch (e) {
    if (!(e instanceof BudgetSpent)) throw e;
    return finish(fg.state.bestX, fg.state.best, false, e.reason);
  }
}

function unconvergedNote({ a, b }: BgNbdParams, evaluations: number, stopped: BgNbdFit["stopped"]): string {
  const cap = stopped === "time" ? "its time cap" : "its iteration cap";
  if (stopped === "diverging") {
    return (
      `BG/NBD did not converge: a and b grow without bound (a = ${a.toPrecision(3)}, b = ${b.toPrecision(3)}), ` +
      `so the data show almost no dropout at this date and the model tends to the NBD with a dropout chance of ` +
      `${(a / (a + b)).toPrecision(3)} per purchase; the fit stopped there after ${evaluations} likelihood evaluations and uses these values.`
    );
  }
  return `BG/NBD did not converge: the fit stopped at ${cap} after ${evaluations} likelihood evaluations; the best values found are used.`;
}

/** P(alive | x, t_x, T): equation (14). A customer without repeat purchases is alive by the model's assumption. */
export function probabilityAlive({ r, alpha, a, b }: BgNbdParams, { x, tx, T }: Recency): number {
  if (x === 0) return 1;
  return 1 / (1 + (a / (b + x - 1)) * Math.pow((alpha + T) / (alpha + tx), r + x));
}

/** E[X(t) | x, t_x, T]: expected purchases in the next t time units (equation 10). */
export function expectedPurchases(p: BgNbdParams, h: Recency, t: number): number {
  const { r, alpha, a, b } = p;
  const { x, tx, T } = h;
  if (t <= 0) return 0;
  const z = t / (alpha + T + t);
  const f = hyp2f1(r + x, b + x, a + b + x - 1, z);
  const head = (a + b + x - 1) / (a - 1);
  const body = 1 - Math.pow((alpha + T) / (alpha + T + t), r + x) * f;
  const tail = x > 0 ? 1 + (a / (b + x - 1)) * Math.pow((alpha + T) / (alpha + tx), r + x) : 1;
  return (head * body) / tail;
}
