/** The BG/NBD log-likelihood and its analytic gradient on histories compiled into typed arrays, for fast fits. */
import betaln from "@stdlib/math-base-special-betaln";
import digamma from "@stdlib/math-base-special-digamma";
import gammaln from "@stdlib/math-base-special-gammaln";
import type { BgNbdParams, Recency } from "./bgnbd";

/**
 * Histories as the likelihood needs them. Grouping is exact only: customers without repeats are merged by T (their
 * likelihood depends on T alone), and ln(α + T), ln(α + t_x) are computed once per distinct T and t_x value.
 */
export interface CompiledRecency {
  customers: number;
  /** distinct x, and customers per distinct x */
  xs: Float64Array;
  nx: Float64Array;
  /** distinct T and t_x values */
  Ts: Float64Array;
  txs: Float64Array;
  /** customers without repeats, per distinct T */
  n0: Float64Array;
  /** customers with repeats: index of x, T and t_x, and count */
  hx: Int32Array;
  hT: Int32Array;
  htx: Int32Array;
  hn: Float64Array;
  /** scratch space, reused by every evaluation */
  work: { LT: Float64Array; IT: Float64Array; Ltx: Float64Array; Itx: Float64Array; sv: Float64Array; dd: Float64Array; U: Float64Array };
}

export function compileRecency(data: readonly Recency[]): CompiledRecency {
  const xi = new Map<number, number>(),
    Ti = new Map<number, number>(),
    txi = new Map<number, number>();
  const index = (m: Map<number, number>, v: number) => {
    let i = m.get(v);
    if (i === undefined) m.set(v, (i = m.size));
    return i;
  };
  const nx: number[] = [],
    n0: number[] = [],
    rep: number[] = [],
    repN: number[] = [];
  let customers = 0;
  for (const d of data) {
    const n = d.n ?? 1;
    customers += n;
    const k = index(xi, d.x);
    nx[k] = (nx[k] ?? 0) + n;
    const j = index(Ti, d.T);
    if (d.x === 0) n0[j] = (n0[j] ?? 0) + n;
    else {
      rep.push(k, j, index(txi, d.tx));
      repN.push(n);
    }
  }
  const m = repN.length,
    hx = new Int32Array(m),
    hT = new Int32Array(m),
    htx = new Int32Array(m);
  for (let i = 0; i < m; i++) {
    hx[i] = rep[3 * i];
    hT[i] = rep[3 * i + 1];
    htx[i] = rep[3 * i + 2];
  }
  const nT = Ti.size,
    ntx = txi.size,
    nX = xi.size;
  return {
    customers,
    xs: Float64Array.from(xi.keys()),
    nx: Float64Array.from(nx),
    Ts: Float64Array.from(Ti.keys()),
    txs: Float64Array.from(txi.keys()),
    n0: Float64Array.from({ length: nT }, (_, j) => n0[j] ?? 0),
    hx,
    hT,
    htx,
    hn: Float64Array.from(repN),
    work: {
      LT: new Float64Array(nT),
      IT: new Float64Array(nT),
      Ltx: new Float64Array(ntx),
      Itx: new Float64Array(ntx),
      sv: new Float64Array(nX),
      dd: new Float64Array(nX),
      U: new Float64Array(nX),
    },
  };
}

/**
 * Σ n·ln L (equation 6 of the paper), and into `grad`, when given, ∂/∂(r, α, a, b). With w the weight of the
 * "dies after the last purchase" term of a customer's likelihood, the derivatives are sums of digammas per distinct x
 * and, per customer, w-weighted ln(α + ·) and 1/(α + ·).
 */
export function bgnbdValueAndGradient(c: CompiledRecency, { r, alpha, a, b }: BgNbdParams, grad?: Float64Array): number {
  const { xs, nx, Ts, txs, n0, hx, hT, htx, hn } = c;
  const { LT, IT, Ltx, Itx, sv, dd, U } = c.work;
  for (let j = 0; j < Ts.length; j++) {
    const v = alpha + Ts[j];
    LT[j] = Math.log(v);
    IT[j] = 1 / v;
  }
  for (let j = 0; j < txs.length; j++) {
    const v = alpha + txs[j];
    Ltx[j] = Math.log(v);
    Itx[j] = 1 / v;
  }
  const lnAlpha = Math.log(alpha);
  const base = r * lnAlpha - betaln(a, b) - gammaln(r);
  const need = grad !== undefined;
  const psiR = need ? digamma(r) : 0,
    psiAB = need ? digamma(a + b) : 0,
    psiB = need ? digamma(b) : 0;
  let ll = 0,
    dr = 0,
    dAlpha = 0,
    da = 0,
    db = 0;
  for (let k = 0; k < xs.length; k++) {
    const x = xs[k],
      n = nx[k];
    ll += n * (base + gammaln(r + x));
    sv[k] = betaln(a, b + x);
    dd[k] = x > 0 ? betaln(a + 1, b + x - 1) : 0;
    U[k] = 0;
    if (need) {
      const psiABx = digamma(a + b + x);
      dr += n * (digamma(r + x) - psiR + lnAlpha);
      dAlpha += (n * r) / alpha;
      da += n * (psiAB - psiABx);
      db += n * (psiAB - psiB - psiABx + digamma(b + x));
    }
  }
  // No repeat purchases: ln L = common + B(a, b) − r ln(α + T).
  const sv0 = betaln(a, b);
  for (let j = 0; j < n0.length; j++) {
    const n = n0[j];
    if (n === 0) continue;
    ll += n * (sv0 - r * LT[j]);
    dr -= n * LT[j];
    dAlpha -= n * r * IT[j];
  }
  // Repeat purchases: ln L = common + ln(e^A + e^B), A = B(a, b + x) − (r + x) ln(α + T), B = B(a + 1, b + x − 1) − (r + x) ln(α + t_x).
  for (let i = 0; i < hn.length; i++) {
    const k = hx[i],
      n = hn[i],
      rx = r + xs[k],
      jT = hT[i],
      jt = htx[i];
    const lt = LT[jT],
      ltx = Ltx[jt];
    const A = sv[k] - rx * lt,
      B = dd[k] - rx * ltx,
      d = B - A;
    let w: number;
    if (d <= 0) {
      const e = Math.exp(d);
      ll += n * (A + Math.log1p(e));
      w = e / (1 + e);
    } else {
      const e = Math.exp(-d);
      ll += n * (B + Math.log1p(e));
      w = 1 / (1 + e);
    }
    dr -= n * (lt + w * (ltx - lt));
    dAlpha -= n * rx * (IT[jT] + w * (Itx[jt] - IT[jT]));
    U[k] += n * w;
  }
  if (need) {
    for (let k = 0; k < xs.length; k++)
      if (xs[k] > 0) {
        da += U[k] / a;
        db -= U[k] / (b + xs[k] - 1);
      }
    grad[0] = dr;
    grad[1] = dAlpha;
    grad[2] = da;
    grad[3] = db;
  }
  return ll;
}
