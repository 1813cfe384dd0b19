/** Per-customer purchase histories (x, t_x, T and mean repeat value) from raw purchases, as BG/NBD and Gamma-Gamma need them. */
import type { Recency } from "./bgnbd";

export interface Purchase {
  customerId: number;
  /** whole local day number (e.g. days since 1970-01-01 in the organisation's zone) */
  day: number;
  amount: number;
}

export interface History extends Recency {
  customerId: number;
  /** mean value of the repeat purchase days (first day excluded); 0 without repeats */
  m: number;
  /** value of every purchase day in calibration */
  total: number;
}

/**
 * Builds each customer's calibration history. Purchases on the same day are merged into one (their values
 * added), as in the CDNOW summary; purchases after `endDay` are ignored, and so are customers whose first
 * purchase is after it. Times are in units of `unitDays` days (7: weeks).
 */
export function histories(purchases: Iterable<Purchase>, endDay: number, unitDays = 7): History[] {
  const byCustomer = new Map<number, Map<number, number>>();
  for (const p of purchases) {
    if (p.day > endDay) continue;
    let days = byCustomer.get(p.customerId);
    if (!days) byCustomer.set(p.customerId, (days = new Map()));
    days.set(p.day, (days.get(p.day) ?? 0) + p.amount);
  }
  const out: History[] = [];
  for (const [customerId, days] of byCustomer) {
    const sorted = [...days.keys()].sort((a, b) => a - b);
    const first = sorted[0];
    const last = sorted[sorted.length - 1];
    const x = sorted.length - 1;
    let total = 0;
    for (const v of days.values()) total += v;
    const m = x > 0 ? (total - days.get(first)!) / x : 0;
    out.push({ customerId, x, tx: (last - first) / unitDays, T: (endDay - first) / unitDays, m, total });
  }
  return out.sort((a, b) => a.customerId - b.customerId);
}

/** Days since 1970-01-01 of a "YYYY-MM-DD" or "YYYYMMDD" calendar date. */
export function dayNumber(date: string): number {
  const s = date.includes("-") ? date : `${date.slice(0, 4)}-${date.slice(4, 6)}-${date.slice(6, 8)}`;
  return Math.round(Date.parse(`${s}T00:00:00Z`) / 86_400_000);
}

/**
 * Identical (x, t_x, T) histories merged with a count, in order of first appearance. (`fitBgNbd` needs no grouping
 * beforehand: it merges customers without repeats by T and computes each distinct T and t_x once itself.)
 */
export function groupRecency(rows: Iterable<Recency>): Recency[] {
  const out: Recency[] = [];
  const by = new Map<number, Map<number, Map<number, Recency>>>();
  for (const r of rows) {
    let byT = by.get(r.x);
    if (!byT) by.set(r.x, (byT = new Map()));
    let byTx = byT.get(r.T);
    if (!byTx) byT.set(r.T, (byTx = new Map()));
    const g = byTx.get(r.tx);
    if (g) g.n = (g.n ?? 1) + (r.n ?? 1);
    else {
      const h = { x: r.x, tx: r.tx, T: r.T, n: r.n ?? 1 };
      byTx.set(r.tx, h);
      out.push(h);
    }
  }
  return out;
}
