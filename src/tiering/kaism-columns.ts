/**
 * KAISM over typed-array columns (issue 10): the same criteria (kaism-criteria.ts) and placement (kaism.ts) for every
 * customer of the scope, computed in Float64Array / Int8Array columns — objects are built only for the customers a
 * page lists. At 200,000 customers the object path made a facts object, a scores record and a place per customer
 * (about 600,000 objects) on every call. The object path stays as the oracle (kaism-columns.test.ts). Pure.
 */
import { firstInOrder } from "../core/first-in-order";
import { type KaismConfig, type KaismPlace, QUADRANTS, type Quadrant, quadrantOf } from "./kaism";
import { DEFAULT_FIT_RULE, knownFit } from "./kaism-criteria";
import { percentileScores } from "./rank";
import { applyRule, type ScoreRule } from "./score-rule";
import { indexOfEach, takeAt } from "./totals-columns";

/** The facts of kaism-criteria.ts as columns, one customer per index (ascending customer id). */
export interface KaismColumns {
  customerId: Float64Array;
  revenue: Float64Array;
  orders: Float64Array;
  revenueBefore: Float64Array;
  profit: Float64Array;
  activities: Float64Array;
  won: Float64Array;
  lost: Float64Array;
  prospect: readonly (string | null)[];
  /** scores entered by hand, by customer id then criterion key; they win over derived ones */
  manual: ReadonlyMap<number, Record<string, number>>;
}

/** percentileScores (rank.ts) of a column: 100 × (values strictly smaller) / (n − 1), all 100 for n ≤ 1. */
export function percentileColumn(values: Float64Array): Float64Array {
  const n = values.length;
  const out = new Float64Array(n);
  if (n <= 1) return out.fill(100);
  const sorted = Float64Array.from(values);
  if (sorted.some(Number.isNaN)) return Float64Array.from(percentileScores(Array.from(values)));
  sorted.sort();
  for (let i = 0; i < n; i++) {
    const v = values[i];
    let lo = 0,
      hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (sorted[mid] < v) lo = mid + 1;
      else hi = mid;
    }
    out[i] = (100 * lo) / (n - 1);
  }
  return out;
}

/** The derived criteria in the key order kaismCriteria gives them; NaN = no score. */
const DERIVED = ["volume", "frequency", "growth", "profitability", "fit", "wallet", "relationship", "competitive"] as const;
type Derived = Record<(typeof DERIVED)[number], Float64Array>;

function derivedColumns(c: KaismColumns, fitRule: ScoreRule): Derived {
  const n = c.customerId.length;
  const growth = new Float64Array(n),
    fit = new Float64Array(n),
    competitive = new Float64Array(n);
  const fitScores = applyRule(fitRule, c.prospect);
  for (let i = 0; i < n; i++) {
    const r = c.revenue[i],
      b = c.revenueBefore[i];
    growth[i] = b > 0 ? 50 + 50 * Math.max(-1, Math.min(1, (r - b) / b)) : r > 0 ? 100 : Number.NaN;
    const p = c.prospect[i];
    fit[i] = p === null || !knownFit(fitRule, p) ? Number.NaN : fitScores[i];
    const closed = c.won[i] + c.lost[i];
    competitive[i] = closed > 0 ? (100 * c.won[i]) / closed : Number.NaN;
  }
  return {
    volume: percentileColumn(c.revenue),
    frequency: percentileColumn(c.orders),
    growth,
    profitability: percentileColumn(c.profit),
    fit,
    wallet: new Float64Array(n).fill(Number.NaN),
    relationship: percentileColumn(c.activities),
    competitive,
  };
}

const QUADRANT_KEYS = Object.keys(QUADRANTS) as Quadrant[];
const weightEntries = (cs: KaismConfig["attractiveness"]) => Object.entries(Object.fromEntries(cs.map((x) => [x.key, x.weight])));

/** weightedScore (score-rule.ts) of customer i over the columns, a hand-entered score winning; NaN = none. */
function axis(
  cols: readonly (Float64Array | undefined)[],
  keys: readonly string[],
  ws: readonly number[],
  manual: Record<string, number> | undefined,
  i: number,
): number {
  let sw = 0,
    s = 0;
  for (let k = 0; k < ws.length; k++) {
    const w = ws[k];
    if (!(w > 0)) continue;
    const v = manual && Object.hasOwn(manual, keys[k]) ? manual[keys[k]] : (cols[k]?.[i] ?? Number.NaN);
    if (v === null || v === undefined || Number.isNaN(v)) continue;
    sw += w;
    s += w * v;
  }
  return sw > 0 ? s / sw : Number.NaN;
}

/** The scores record kaismCriteria gives customer i (derived, then the hand-entered ones over them). */
function scoresAt(d: Derived, manual: Record<string, number> | undefined, i: number): Record<string, number | null> {
  const derived: Record<string, number | null> = {};
  for (const k of DERIVED) derived[k] = Number.isNaN(d[k][i]) ? null : d[k][i];
  return manual ? { ...derived, ...manual } : derived;
}

/**
 * What kaism(kaismCriteria(facts), cfg) answers, with the places narrowed to the first `limit` placed customers by
 * attractiveness (then id): the quadrant counts, the number without a quadrant, and those places.
 */
export function kaismOfColumns(c: KaismColumns, cfg: KaismConfig, limit: number, fitRule: ScoreRule = DEFAULT_FIT_RULE) {
  const n = c.customerId.length;
  const d = derivedColumns(c, fitRule);
  // each criterion's column resolved once (undefined: known only from entered scores)
  const resolve = (cs: KaismConfig["attractiveness"]) => {
    const e = weightEntries(cs);
    return { keys: e.map(([k]) => k), ws: e.map(([, w]) => w), cols: e.map(([k]) => (Object.hasOwn(d, k) ? d[k as keyof Derived] : undefined)) };
  };
  const wa = resolve(cfg.attractiveness),
    ws = resolve(cfg.strength);
  const att = new Float64Array(n),
    str = new Float64Array(n);
  const quadrant = new Int8Array(n);
  const counts = QUADRANT_KEYS.map(() => 0);
  const placed: number[] = [];
  for (let i = 0; i < n; i++) {
    const m = c.manual.size ? c.manual.get(c.customerId[i]) : undefined;
    att[i] = axis(wa.cols, wa.keys, wa.ws, m, i);
    str[i] = axis(ws.cols, ws.keys, ws.ws, m, i);
    if (Number.isNaN(att[i]) || Number.isNaN(str[i])) quadrant[i] = -1;
    else {
      quadrant[i] = QUADRANT_KEYS.indexOf(quadrantOf(att[i], str[i], cfg.cut));
      counts[quadrant[i]]++;
      placed.push(i);
    }
  }
  const top = firstInOrder(placed, limit, (x, y) => att[y] - att[x] || c.customerId[x] - c.customerId[y]);
  const places: KaismPlace[] = top.map((i) => ({
    customerId: c.customerId[i],
    attractiveness: att[i],
    strength: str[i],
    quadrant: QUADRANT_KEYS[quadrant[i]],
    scores: scoresAt(d, c.manual.get(c.customerId[i]), i),
  }));
  return {
    quadrants: QUADRANT_KEYS.map((q, k) => ({ key: q, ...QUADRANTS[q], customers: counts[k] })),
    unplaced: n - placed.length,
    places,
  };
}

/** A column of `of(row)` for each customer id in `ids`, 0 where `rows` (ascending customer id) has none: one merge walk. */
function aligned<T>(ids: Float64Array, rows: readonly T[], idOf: (r: T) => number, of: (r: T) => number): Float64Array {
  const out = new Float64Array(ids.length);
  for (let i = 0, j = 0; i < ids.length && j < rows.length; ) {
    const id = idOf(rows[j]);
    if (id < ids[i]) j++;
    else if (id > ids[i]) i++;
    else out[i++] = of(rows[j++]);
  }
  return out;
}

interface TotalsLike {
  customerId: Float64Array;
  revenue: Float64Array;
  cost: Float64Array;
  orders: Float64Array;
}

/**
 * The KAISM columns of the scope's customers (ascending id) from the per-customer inputs, each in ascending customer
 * id: order totals of the window and of the window before, activities in the window, deal facts, hand-entered scores.
 */
export function kaismColumnsOf(
  customers: readonly { id: number; prospect_rating: string | null }[],
  totals: TotalsLike,
  before: TotalsLike,
  activities: readonly { customer_id: number; activities: number }[],
  deals: readonly { customer_id: number; won: number; lost: number }[],
  manual: ReadonlyMap<number, Record<string, number>>,
): KaismColumns {
  const customerId = Float64Array.from(customers, (c) => Number(c.id));
  const ti = indexOfEach(customerId, totals.customerId),
    pi = indexOfEach(customerId, before.customerId);
  const col = takeAt;
  const byId = (r: { customer_id: number }) => r.customer_id;
  return {
    customerId,
    revenue: col(ti, (j) => totals.revenue[j]),
    orders: col(ti, (j) => totals.orders[j]),
    revenueBefore: col(pi, (j) => before.revenue[j]),
    profit: col(ti, (j) => totals.revenue[j] - totals.cost[j]),
    activities: aligned(customerId, activities, byId, (r) => r.activities),
    won: aligned(customerId, deals, byId, (r) => r.won),
    lost: aligned(customerId, deals, byId, (r) => r.lost),
    prospect: customers.map((c) => c.prospect_rating),
    manual,
  };
}
