/**
 * Grading over columns (issue 10): what gradeCustomers + gradeSummary (grading.ts) answer, with the composite and
 * grade of every customer kept in typed arrays and objects built only for the first `limit` customers by composite
 * (then id). At 200,000 customers the object path built a graded object and a scores record per customer on every
 * call. The object path stays as the oracle (grading-columns.test.ts). Pure.
 */
import { firstInOrder } from "../core/first-in-order";
import { DEFAULT_GRADING, type Graded, type GradingConfig, type Indicator } from "./grading";
import { applyRule } from "./score-rule";

export interface GradingColumns {
  customerId: Float64Array;
  orderAmount: Float64Array;
  profit: Float64Array;
  credit: readonly (string | null)[];
  prospect: readonly (string | null)[];
}

const INDICATORS: Indicator[] = ["orderAmount", "profit", "credit", "prospect"];

/** gradeSummary's sums and the top `limit` graded customers (composite descending, then id), as gradesReport lists them. */
export function gradeColumns(c: GradingColumns, limit: number, cfg: GradingConfig = DEFAULT_GRADING) {
  const n = c.customerId.length;
  const s: Record<Indicator, number[]> = {
    orderAmount: applyRule(cfg.rules.orderAmount, Array.from(c.orderAmount)),
    profit: applyRule(cfg.rules.profit, Array.from(c.profit)),
    credit: applyRule(cfg.rules.credit, c.credit),
    prospect: applyRule(cfg.rules.prospect, c.prospect),
  };
  // weightedScore (score-rule.ts) over the four scores, in the weights' own key order
  const weights = Object.entries(cfg.weights).map(([k, w]) => [(INDICATORS as string[]).includes(k) ? s[k as Indicator] : null, w] as const);
  const sorted = [...cfg.grades].sort((a, b) => b.min - a.min);
  const composite = new Float64Array(n);
  const grade = new Int32Array(n);
  const sums = new Map<string, { customers: number; orderAmount: number; profit: number }>();
  const perGrade = sorted.map((g) => {
    let x = sums.get(g.grade);
    if (!x) sums.set(g.grade, (x = { customers: 0, orderAmount: 0, profit: 0 }));
    return x;
  });
  for (let i = 0; i < n; i++) {
    let sw = 0,
      sv = 0;
    for (const [col, w] of weights) {
      if (!col || !(w > 0)) continue;
      sw += w;
      sv += w * col[i];
    }
    const v = sw > 0 ? sv / sw : 0;
    composite[i] = v;
    let g = sorted.findIndex((x) => v >= x.min - 1e-9);
    if (g < 0) g = sorted.length - 1;
    grade[i] = g;
    const x = perGrade[g];
    x.customers++;
    x.orderAmount += c.orderAmount[i];
    x.profit += c.profit[i];
  }
  const top = firstInOrder(
    Array.from({ length: n }, (_, i) => i),
    limit,
    (a, b) => composite[b] - composite[a] || c.customerId[a] - c.customerId[b],
  );
  const customers: Graded[] = top.map((i) => ({
    customerId: c.customerId[i],
    orderAmount: c.orderAmount[i],
    profit: c.profit[i],
    credit: c.credit[i],
    prospect: c.prospect[i],
    scores: { orderAmount: s.orderAmount[i], profit: s.profit[i], credit: s.credit[i], prospect: s.prospect[i] },
    composite: composite[i],
    grade: sorted[grade[i]].grade,
  }));
  const summary = sorted.map(({ grade, min }) => ({ grade, min, ...(sums.get(grade) ?? { customers: 0, orderAmount: 0, profit: 0 }) }));
  return { summary, customers };
}
