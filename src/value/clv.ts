/** Customer lifetime value: the simple formula, and the discounted BG/NBD × Gamma-Gamma prediction per customer. */
import { type BgNbdParams, expectedPurchases, type Recency } from "./bgnbd";
import { expectedSpend, type GammaGammaParams, type Spend } from "./gamma-gamma";

export interface SimpleClvInput {
  /** average order value (fen) */
  averageOrderValue: number;
  /** purchases per customer per year */
  purchasesPerYear: number;
  /** expected customer lifespan in years */
  lifespanYears: number;
  /** gross margin share to turn revenue into profit; 1 for revenue CLV */
  margin?: number;
}

/** CLV = average order value × purchase frequency × expected lifespan (× margin). */
export function simpleClv({ averageOrderValue, purchasesPerYear, lifespanYears, margin = 1 }: SimpleClvInput): number {
  return averageOrderValue * purchasesPerYear * lifespanYears * margin;
}

/**
 * Expected lifespan from an annual churn rate, the mean of a geometric lifetime: 1 / churn years.
 * Null when nobody churns (the lifespan cannot be estimated from the data).
 */
export function lifespanFromChurn(annualChurn: number): number | null {
  return annualChurn > 0 ? 1 / annualChurn : null;
}

export interface DiscountedClvOptions {
  /** months ahead */
  horizonMonths: number;
  /** discount rate per month (0.01 ≈ 12.7 % a year) */
  monthlyDiscount: number;
  /** days per time unit of the fitted model (7 when x, t_x, T are in weeks) */
  unitDays: number;
  /** gross margin share applied to the expected spend */
  margin: number;
}

export const DEFAULT_CLV_OPTIONS: DiscountedClvOptions = { horizonMonths: 12, monthlyDiscount: 0.01, unitDays: 7, margin: 1 };

/**
 * Σ_{i=1..H} (E[X(i·Δ)] − E[X((i−1)·Δ)]) · E[M] · margin / (1 + d)^i, with Δ one month in model time units:
 * the purchases expected in each future month, valued at the expected spend and discounted to today.
 */
export function discountedClv(bg: BgNbdParams, gg: GammaGammaParams, h: Recency & Spend, o: DiscountedClvOptions = DEFAULT_CLV_OPTIONS): number {
  const month = 365.25 / 12 / o.unitDays;
  const spend = expectedSpend(gg, h) * o.margin;
  let prev = 0;
  let clv = 0;
  for (let i = 1; i <= o.horizonMonths; i++) {
    const cum = expectedPurchases(bg, h, i * month);
    clv += ((cum - prev) * spend) / Math.pow(1 + o.monthlyDiscount, i);
    prev = cum;
  }
  return clv;
}

export interface OwnOrders {
  orders: number;
  revenueFen: number;
  costFen: number;
}

/**
 * The simple CLV of one customer: its own average order value and purchases per year over the window, and its
 * own margin when it has revenue (else `fallbackMargin`); the lifespan is the company's (one customer has no
 * churn rate of its own). `marginSetting` (when set) overrides the measured margin, as for the company.
 */
export function customerSimpleClv(own: OwnOrders, windowYears: number, lifespanYears: number | null, marginSetting: number | null, fallbackMargin: number) {
  const averageOrderValue = own.orders > 0 ? own.revenueFen / own.orders : 0;
  const purchasesPerYear = windowYears > 0 ? own.orders / windowYears : 0;
  const margin = marginSetting ?? (own.revenueFen > 0 ? (own.revenueFen - own.costFen) / own.revenueFen : fallbackMargin);
  return {
    orders: own.orders,
    averageOrderValue,
    purchasesPerYear,
    lifespanYears,
    margin,
    revenueClv: lifespanYears === null ? null : simpleClv({ averageOrderValue, purchasesPerYear, lifespanYears }),
    profitClv: lifespanYears === null ? null : simpleClv({ averageOrderValue, purchasesPerYear, lifespanYears, margin }),
  };
}
