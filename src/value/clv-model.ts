/**
 * The predictive lifetime-value model on columns of purchase histories: fitted once on the whole customer base
 * (BG/NBD × Gamma-Gamma) and then used to score any scope's customers. Pure; runs in the compute pool's workers.
 */
import { indexesOf } from "../core/sorted-ids";
import { type BgNbdFit, type BgNbdParams, expectedPurchases, fitBgNbd, probabilityAlive } from "./bgnbd";
import { discountedClv, type DiscountedClvOptions } from "./clv";
import { expectedSpend, fitGammaGamma, type GammaGammaFit, type GammaGammaParams } from "./gamma-gamma";

/** One customer per index: first and last purchase day, distinct purchase days, total value, value of the first day. */
export interface HistoryColumns {
  customerId: Float64Array;
  firstDay: Float64Array;
  lastDay: Float64Array;
  days: Float64Array;
  total: Float64Array;
  firstAmount: Float64Array;
}

export interface HistoryRowLike {
  customer_id: number;
  first_day: number;
  last_day: number;
  days: number;
  total: number;
  first_amount: number;
}

export function toColumns(rows: readonly HistoryRowLike[]): HistoryColumns {
  const n = rows.length;
  const c: HistoryColumns = {
    customerId: new Float64Array(n),
    firstDay: new Float64Array(n),
    lastDay: new Float64Array(n),
    days: new Float64Array(n),
    total: new Float64Array(n),
    firstAmount: new Float64Array(n),
  };
  rows.forEach((r, i) => {
    c.customerId[i] = Number(r.customer_id);
    c.firstDay[i] = Number(r.first_day);
    c.lastDay[i] = Number(r.last_day);
    c.days[i] = Number(r.days);
    c.total[i] = Number(r.total);
    c.firstAmount[i] = Number(r.first_amount);
  });
  return c;
}

/**
 * The rows of `c` (in customer id order) whose customer is in `ids` (ascending): a scope's histories taken from the
 * whole base's, in the same order the scope's own query gives them.
 */
export function pickCustomers(c: HistoryColumns, ids: readonly number[]): HistoryColumns {
  const at = indexesOf(c.customerId, ids);
  const take = (a: Float64Array) => Float64Array.from(at, (i) => a[i]);
  return {
    customerId: take(c.customerId),
    firstDay: take(c.firstDay),
    lastDay: take(c.lastDay),
    days: take(c.days),
    total: take(c.total),
    firstAmount: take(c.firstAmount),
  };
}

export const columnBuffers = (c: HistoryColumns): ArrayBuffer[] => Object.values(c).map((a: Float64Array) => a.buffer as ArrayBuffer);

export interface CustomerHistory {
  customerId: number;
  x: number;
  tx: number;
  T: number;
  m: number;
}

/** (x, t_x, T, mean repeat value) per customer whose first purchase is before the end of calibration. */
export function recencies(c: HistoryColumns, endDay: number, unitDays: number): CustomerHistory[] {
  const out: CustomerHistory[] = [];
  for (let i = 0; i < c.customerId.length; i++) {
    const x = c.days[i] - 1;
    const T = (endDay - c.firstDay[i]) / unitDays;
    if (!(T > 0)) continue;
    out.push({ customerId: c.customerId[i], x, tx: (c.lastDay[i] - c.firstDay[i]) / unitDays, T, m: x > 0 ? (c.total[i] - c.firstAmount[i]) / x : 0 });
  }
  return out;
}

export type ClvFit = { bgnbd: BgNbdFit; gammaGamma: GammaGammaFit; customers: number; repeaters: number; note: string | null } | { bgnbd: null; note: string };

/** Fits both models on every customer's history, or says why there is too little history to. */
export function fitClvModel(c: HistoryColumns, endDay: number, unitDays: number): ClvFit {
  const hs = recencies(c, endDay, unitDays);
  const repeaters = hs.filter((h) => h.x > 0 && h.m > 0);
  if (hs.length < 20 || repeaters.length < 5) {
    return { bgnbd: null, note: `too little history to fit BG/NBD (${hs.length} customers, ${repeaters.length} with repeat purchases; need 20 and 5)` };
  }
  const bgnbd = fitBgNbd(hs);
  const gammaGamma = fitGammaGamma(repeaters);
  const notes = [bgnbd.note, gammaGamma.converged ? null : "Gamma-Gamma did not converge within its budget; the best values found are used."].filter(Boolean);
  return { bgnbd, gammaGamma, customers: hs.length, repeaters: repeaters.length, note: notes.length ? notes.join(" ") : null };
}

/** Every scored customer, sorted by lifetime value (highest first, then by id), one column per field. */
export interface ScoreColumns {
  customerId: Float64Array;
  x: Float64Array;
  tx: Float64Array;
  T: Float64Array;
  m: Float64Array;
  pAlive: Float64Array;
  expectedPurchases: Float64Array;
  expectedSpend: Float64Array;
  clv: Float64Array;
  totalClv: number;
  expectedPurchasesTotal: number;
}

export function scoreClv(c: HistoryColumns, endDay: number, bg: BgNbdParams, gg: GammaGammaParams, o: DiscountedClvOptions): ScoreColumns {
  const hs = recencies(c, endDay, o.unitDays);
  const weeks = (o.horizonMonths * 365.25) / 12 / o.unitDays;
  const scored = hs.map((h) => ({
    h,
    pAlive: probabilityAlive(bg, h),
    ep: expectedPurchases(bg, h, weeks),
    es: expectedSpend(gg, h),
    clv: discountedClv(bg, gg, h, o),
  }));
  scored.sort((a, b) => b.clv - a.clv || a.h.customerId - b.h.customerId);
  const n = scored.length;
  const col = () => new Float64Array(n);
  const s: ScoreColumns = {
    customerId: col(),
    x: col(),
    tx: col(),
    T: col(),
    m: col(),
    pAlive: col(),
    expectedPurchases: col(),
    expectedSpend: col(),
    clv: col(),
    totalClv: 0,
    expectedPurchasesTotal: 0,
  };
  scored.forEach((r, i) => {
    s.customerId[i] = r.h.customerId;
    s.x[i] = r.h.x;
    s.tx[i] = r.h.tx;
    s.T[i] = r.h.T;
    s.m[i] = r.h.m;
    s.pAlive[i] = r.pAlive;
    s.expectedPurchases[i] = r.ep;
    s.expectedSpend[i] = r.es;
    s.clv[i] = r.clv;
    s.totalClv += r.clv;
    s.expectedPurchasesTotal += r.ep;
  });
  return s;
}

export const scoreBuffers = (s: ScoreColumns): ArrayBuffer[] =>
  [s.customerId, s.x, s.tx, s.T, s.m, s.pAlive, s.expectedPurchases, s.expectedSpend, s.clv].map((a) => a.buffer as ArrayBuffer);

/** The i-th scored customer as the report shows it. */
export function scoredCustomer(s: ScoreColumns, i: number) {
  return {
    customerId: s.customerId[i],
    x: s.x[i],
    tx: s.tx[i],
    T: s.T[i],
    meanRepeatFen: s.m[i],
    pAlive: s.pAlive[i],
    expectedPurchases: s.expectedPurchases[i],
    expectedSpendFen: s.expectedSpend[i],
    clvFen: s.clv[i],
  };
}
