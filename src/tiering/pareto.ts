/** Pareto (二八法则) and ABC analysis: customers ranked by revenue or by profit, with cumulative shares and classes. */

export interface CustomerValue {
  customerId: number;
  value: number;
}

export interface AbcCuts {
  /** class A runs until the cumulative share reaches this (default 0.8) */
  a: number;
  /** class B until this (default 0.95); the rest is C */
  b: number;
}
export const DEFAULT_ABC: AbcCuts = { a: 0.8, b: 0.95 };

export type AbcClass = "A" | "B" | "C";

export interface ParetoPoint {
  customerId: number;
  rank: number;
  value: number;
  cumulative: number;
  /** cumulative / total; null when the total is not positive */
  cumulativeShare: number | null;
  /** rank / number of customers: the x axis of the Pareto curve */
  customerShare: number;
  abc: AbcClass;
}

export interface ClassSummary {
  customers: number;
  value: number;
  share: number | null;
}

export interface ParetoReport {
  customers: number;
  total: number;
  /** the top `topFraction` of customers (at least one) and the share of the total they bring */
  topFraction: number;
  topCount: number;
  topShare: number | null;
  points: ParetoPoint[];
  classes: Record<AbcClass, ClassSummary>;
}

/**
 * Ranks customers by value, largest first (ties by id, so the order is stable), and classes them: a customer
 * is A when the share accumulated by the customers before it is below the A cut, so the customer that crosses
 * 80 % is still A and the largest customer is always A; likewise B below the B cut; the rest C.
 * Negative values (loss-making customers) are kept: they sit at the bottom and pull the curve back to 100 %.
 */
export function pareto(values: readonly CustomerValue[], cuts: AbcCuts = DEFAULT_ABC, topFraction = 0.2): ParetoReport {
  if (!(cuts.a > 0 && cuts.a <= cuts.b && cuts.b <= 1)) throw new RangeError("ABC cuts must satisfy 0 < A ≤ B ≤ 1");
  const sorted = [...values].sort((x, y) => y.value - x.value || x.customerId - y.customerId);
  const n = sorted.length;
  const total = sorted.reduce((s, c) => s + c.value, 0);
  const share = (v: number) => (total > 0 ? v / total : null);
  const classes: Record<AbcClass, ClassSummary> = {
    A: { customers: 0, value: 0, share: null },
    B: { customers: 0, value: 0, share: null },
    C: { customers: 0, value: 0, share: null },
  };
  let cumulative = 0;
  const points = sorted.map((c, i): ParetoPoint => {
    const before = total > 0 ? cumulative / total : Infinity;
    const abc: AbcClass = before < cuts.a - 1e-12 ? "A" : before < cuts.b - 1e-12 ? "B" : "C";
    cumulative += c.value;
    classes[abc].customers++;
    classes[abc].value += c.value;
    return { customerId: c.customerId, rank: i + 1, value: c.value, cumulative, cumulativeShare: share(cumulative), customerShare: (i + 1) / n, abc };
  });
  for (const k of ["A", "B", "C"] as const) classes[k].share = share(classes[k].value);
  const topCount = n === 0 ? 0 : Math.max(1, Math.ceil(n * topFraction - 1e-9));
  const topShare = topCount ? points[topCount - 1].cumulativeShare : null;
  return { customers: n, total, topFraction, topCount, topShare, points, classes };
}

/** The Pareto curve sampled at every `step` of the customer share (0, 1 %, …, 100 %), for charts. */
export function paretoCurve(r: ParetoReport, steps = 100): { customerShare: number; valueShare: number | null }[] {
  const out = [{ customerShare: 0, valueShare: r.total > 0 ? 0 : null }];
  for (let i = 1; i <= steps; i++) {
    const k = Math.ceil((r.customers * i) / steps - 1e-9);
    out.push({ customerShare: i / steps, valueShare: k === 0 ? (r.total > 0 ? 0 : null) : r.points[k - 1].cumulativeShare });
  }
  return out;
}
