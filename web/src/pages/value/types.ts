/** Shapes of GET /reports/retention (src/value/reports.ts), /reports/grades and /reports/priority (src/tiering/reports.ts). */
export interface RetentionPeriod {
  key: string;
  period: number;
  active: number;
  new: number;
  retained: number;
  retentionRate: number | null;
  churnRate: number | null;
  activeGrowth: number | null;
  customerGrowth: number | null;
  converted: number;
  convertible: number;
  conversionRate: number | null;
}
export interface Retention {
  window: { from: string; to: string };
  periods: RetentionPeriod[];
  cohorts: Array<{ key: string; cohort: number; size: number; active: (number | null)[]; shares: (number | null)[] }>;
  repurchase: { buyers: number; repeatBuyers: number; rate: number | null };
}
export interface Grades {
  window: { from: string; to: string };
  weights: Record<string, number>;
  summary: Array<{ grade: string; min: number; customers: number; orderAmount: number; profit: number }>;
  customers: Array<{
    customerId: number;
    name: string | null;
    grade: string;
    composite: number;
    orderAmount: number;
    profit: number;
    credit: string | null;
    prospect: string | null;
  }>;
}
export interface Priority {
  window: { from: string; to: string };
  revisitDays: Record<string, number>;
  counts: { high: number; medium: number; low: number };
  customers: Array<{
    customerId: number;
    name: string | null;
    priority: "high" | "medium" | "low";
    score: number;
    revenue: number;
    openAmount: number;
    intent: number;
  }>;
}
