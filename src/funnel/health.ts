/** Funnel health (D6): the four monitoring indicators of seed 000 — 客户数量, 客户质量, 转化率, 销售周期 — against the previous period. */
import { relativeChange } from "./stats";

/** What SQL measures for one period. */
export interface HealthInputs {
  /** distinct customers with an open opportunity at the end of the period */
  customers: number;
  /** of those, customers whose first opportunity was created in the period */
  newCustomers: number;
  /** open pipeline at the end of the period: amount and probability-weighted amount */
  openAmountFen: number;
  openWeightedFen: number;
  openCount: number;
  /** deals closed in the period */
  won: number;
  lost: number;
  /** sum of creation-to-won days of the deals won in the period */
  wonCycleDaysSum: number;
}

export interface Indicator {
  value: number | null;
  previous: number | null;
  change: number | null;
  relativeChange: number | null;
}

export interface HealthReport {
  /** 客户数量: customers in the funnel */
  customerCount: Indicator;
  newCustomers: Indicator;
  /** 客户质量: weighted ÷ total open amount, i.e. the pipeline's amount-weighted win probability */
  quality: Indicator;
  averageOpenFen: Indicator;
  /** 转化率: won ÷ (won + lost) among deals closed in the period */
  conversion: Indicator;
  /** 销售周期: mean days from creation to won, deals won in the period */
  cycleDays: Indicator;
}

const ind = (value: number | null, previous: number | null): Indicator => ({
  value,
  previous,
  change: value == null || previous == null ? null : value - previous,
  relativeChange: relativeChange(value, previous),
});

function measures(h: HealthInputs) {
  return {
    customerCount: h.customers,
    newCustomers: h.newCustomers,
    quality: h.openAmountFen ? h.openWeightedFen / h.openAmountFen : null,
    averageOpenFen: h.openCount ? h.openAmountFen / h.openCount : null,
    conversion: h.won + h.lost ? h.won / (h.won + h.lost) : null,
    cycleDays: h.won ? h.wonCycleDaysSum / h.won : null,
  };
}

export function healthReport(cur: HealthInputs, prev: HealthInputs): HealthReport {
  const a = measures(cur);
  const b = measures(prev);
  return {
    customerCount: ind(a.customerCount, b.customerCount),
    newCustomers: ind(a.newCustomers, b.newCustomers),
    quality: ind(a.quality, b.quality),
    averageOpenFen: ind(a.averageOpenFen, b.averageOpenFen),
    conversion: ind(a.conversion, b.conversion),
    cycleDays: ind(a.cycleDays, b.cycleDays),
  };
}
