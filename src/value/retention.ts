/**
 * Loyalty over time from per-period counts that SQL aggregates: active, retained and new customers per period,
 * retention and churn, growth, conversion of not-yet-buying customers, and the cohort retention table.
 * Periods are consecutive integers (month index = year × 12 + month − 1, quarter index = year × 4 + quarter − 1).
 */

/** Customers of one first-order period (cohort) who ordered in a period. */
export interface CohortCell {
  cohort: number;
  period: number;
  customers: number;
}
/** Customers who ordered in period − 1 and again in period. */
export interface RetainedCount {
  period: number;
  customers: number;
}
/** Customers by the period their record was created and the period of their first order (null: none yet). */
export interface ConversionCell {
  created: number;
  firstOrder: number | null;
  customers: number;
}

export interface PeriodValue {
  period: number;
  active: number;
  new: number;
  /** active customers who were active in the previous period too */
  retained: number;
  /** retained / active in the previous period; null when nobody was active then */
  retentionRate: number | null;
  churnRate: number | null;
  /** (active − previous active) / previous active */
  activeGrowth: number | null;
  /** new buyers / buyers acquired before the period */
  customerGrowth: number | null;
  /** customers without an order before the period who placed their first one in it */
  converted: number;
  /** … out of the customers who existed and had not bought before the period */
  convertible: number;
  conversionRate: number | null;
}

const ratio = (a: number, b: number) => (b > 0 ? a / b : null);

/** The value indicators of each period in [from, to] (inclusive). */
export function periodValues(
  from: number,
  to: number,
  cohorts: readonly CohortCell[],
  retained: readonly RetainedCount[],
  conversion: readonly ConversionCell[] = [],
): PeriodValue[] {
  const active = new Map<number, number>();
  const fresh = new Map<number, number>();
  const cohortSize = new Map<number, number>();
  for (const c of cohorts) {
    active.set(c.period, (active.get(c.period) ?? 0) + c.customers);
    if (c.period === c.cohort) {
      fresh.set(c.period, c.customers);
      cohortSize.set(c.cohort, c.customers);
    }
  }
  const kept = new Map(retained.map((r) => [r.period, r.customers]));
  const out: PeriodValue[] = [];
  for (let p = from; p <= to; p++) {
    const a = active.get(p) ?? 0;
    const prev = active.get(p - 1) ?? 0;
    const r = kept.get(p) ?? 0;
    let before = 0;
    for (const [c, n] of cohortSize) if (c < p) before += n;
    let converted = 0,
      convertible = 0;
    for (const c of conversion) {
      if (c.created > p) continue;
      if (c.firstOrder === null || c.firstOrder >= p) convertible += c.customers;
      if (c.firstOrder === p) converted += c.customers;
    }
    const retentionRate = ratio(r, prev);
    out.push({
      period: p,
      active: a,
      new: fresh.get(p) ?? 0,
      retained: r,
      retentionRate,
      churnRate: retentionRate === null ? null : 1 - retentionRate,
      activeGrowth: ratio(a - prev, prev),
      customerGrowth: ratio(fresh.get(p) ?? 0, before),
      converted,
      convertible,
      conversionRate: ratio(converted, convertible),
    });
  }
  return out;
}

export interface CohortRow {
  cohort: number;
  size: number;
  /** customers active k periods after the first order, k = 0, 1, …; null where that period is after `last` */
  active: (number | null)[];
  shares: (number | null)[];
}

/** The cohort retention triangle for first-order periods in [from, to], observed up to period `last`. */
export function cohortTable(cells: readonly CohortCell[], from: number, to: number, last: number): CohortRow[] {
  const at = new Map(cells.map((c) => [`${c.cohort}:${c.period}`, c.customers]));
  const rows: CohortRow[] = [];
  const width = Math.max(last, to) - from + 1; // every row as wide as the oldest cohort's, so the table is square
  for (let c = from; c <= to; c++) {
    const size = at.get(`${c}:${c}`) ?? 0;
    const active: (number | null)[] = [];
    for (let k = 0; k < width; k++) active.push(c + k > last ? null : (at.get(`${c}:${c + k}`) ?? 0));
    rows.push({ cohort: c, size, active, shares: active.map((n) => (n === null || size === 0 ? null : n / size)) });
  }
  return rows;
}

/** Customers with two or more purchase days among customers with at least one, in a window. */
export function repurchaseRate(buyers: number, repeatBuyers: number): number | null {
  return ratio(repeatBuyers, buyers);
}

/** Activities per customer, and the share of customers with at least one activity, in a window. */
export function engagement(activities: number, customers: number, engagedCustomers: number) {
  return { activities, customers, perCustomer: ratio(activities, customers), engagedShare: ratio(engagedCustomers, customers) };
}

/** "2026-03" for month index 24314, "2026-Q1" for quarter index 8104. */
export function periodLabel(kind: "month" | "quarter", index: number): string {
  if (kind === "month") return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, "0")}`;
  return `${Math.floor(index / 4)}-Q${(index % 4) + 1}`;
}

export function periodIndex(kind: "month" | "quarter", label: string): number {
  const m = label.match(/^(\d{4})-(?:(\d{2})|Q([1-4]))$/);
  if (!m) throw new RangeError(`not a period: ${label}`);
  const year = Number(m[1]);
  if (kind === "month" && m[2]) return year * 12 + Number(m[2]) - 1;
  if (kind === "quarter" && m[3]) return year * 4 + Number(m[3]) - 1;
  throw new RangeError(`not a ${kind}: ${label}`);
}
