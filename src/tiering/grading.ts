/**
 * Grading by indicators (客户分级指标): order amount, profit contribution, credit status and development prospect,
 * each scored 0–100 by a rule, combined by weights (综合加权) into a composite and a grade.
 */
import { applyRule, type ScoreRule, weightedScore } from "./score-rule";

export interface GradingInput {
  customerId: number;
  orderAmount: number;
  profit: number;
  credit: string | null;
  prospect: string | null;
}

export type Indicator = "orderAmount" | "profit" | "credit" | "prospect";

export interface GradingConfig {
  rules: Record<Indicator, ScoreRule>;
  weights: Record<Indicator, number>;
  /** grades from best to worst with the lowest composite each takes */
  grades: { grade: string; min: number }[];
}

export const DEFAULT_GRADING: GradingConfig = {
  rules: {
    orderAmount: { kind: "percentile" },
    profit: { kind: "percentile" },
    credit: { kind: "map", scores: { AAA: 100, AA: 90, A: 80, BBB: 65, BB: 50, B: 35, C: 15, D: 0, 优: 100, 良: 75, 中: 50, 差: 20 }, otherwise: 50 },
    prospect: { kind: "map", scores: { high: 100, medium: 60, low: 20, 高: 100, 中: 60, 低: 20, A: 100, B: 60, C: 20 }, otherwise: 40 },
  },
  weights: { orderAmount: 0.3, profit: 0.4, credit: 0.15, prospect: 0.15 },
  grades: [
    { grade: "A", min: 80 },
    { grade: "B", min: 60 },
    { grade: "C", min: 40 },
    { grade: "D", min: 0 },
  ],
};

export interface Graded extends GradingInput {
  scores: Record<Indicator, number>;
  composite: number;
  grade: string;
}

export function gradeOf(composite: number, grades: GradingConfig["grades"]): string {
  return gradeIn(composite, bestFirst(grades));
}

const bestFirst = (grades: GradingConfig["grades"]) => [...grades].sort((a, b) => b.min - a.min);

function gradeIn(composite: number, sorted: GradingConfig["grades"]): string {
  return (sorted.find((g) => composite >= g.min - 1e-9) ?? sorted[sorted.length - 1]).grade;
}

export function gradeCustomers(rows: readonly GradingInput[], cfg: GradingConfig = DEFAULT_GRADING): Graded[] {
  const s = {
    orderAmount: applyRule(
      cfg.rules.orderAmount,
      rows.map((r) => r.orderAmount),
    ),
    profit: applyRule(
      cfg.rules.profit,
      rows.map((r) => r.profit),
    ),
    credit: applyRule(
      cfg.rules.credit,
      rows.map((r) => r.credit),
    ),
    prospect: applyRule(
      cfg.rules.prospect,
      rows.map((r) => r.prospect),
    ),
  };
  const grades = bestFirst(cfg.grades);
  return rows.map((r, i) => {
    const scores = { orderAmount: s.orderAmount[i], profit: s.profit[i], credit: s.credit[i], prospect: s.prospect[i] };
    const composite = weightedScore(scores, cfg.weights) ?? 0;
    // an explicit literal, not a spread: one object shape for 200,000 customers (the spread was most of the report's time)
    const { customerId, orderAmount, profit, credit, prospect } = r;
    return { customerId, orderAmount, profit, credit, prospect, scores, composite, grade: gradeIn(composite, grades) };
  });
}

/** Customers and composite sums per grade, best grade first. */
export function gradeSummary(graded: readonly Graded[], cfg: GradingConfig = DEFAULT_GRADING) {
  // one pass over the customers (sums in customer order, as a filter and reduce per grade would add them)
  const sums = new Map<string, { customers: number; orderAmount: number; profit: number }>();
  for (const g of graded) {
    let x = sums.get(g.grade);
    if (!x) sums.set(g.grade, (x = { customers: 0, orderAmount: 0, profit: 0 }));
    x.customers++;
    x.orderAmount += g.orderAmount;
    x.profit += g.profit;
  }
  return bestFirst(cfg.grades).map(({ grade, min }) => ({ grade, min, ...(sums.get(grade) ?? { customers: 0, orderAmount: 0, profit: 0 }) }));
}
