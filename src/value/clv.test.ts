import { expect, test } from "vitest";
import { expectedPurchases } from "./bgnbd";
import { customerSimpleClv, discountedClv, lifespanFromChurn, simpleClv } from "./clv";
import { expectedSpend } from "./gamma-gamma";

const BG = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
const GG = { p: 6.25, q: 3.74, gamma: 15.45 };
const CUSTOMER = { x: 2, tx: 30.43, T: 38.86, m: 22.35 };

test("simple CLV: ¥3,000 orders, 4 a year, 5 years, 30 % margin = ¥18,000", () => {
  // 300,000 fen × 4 × 5 = 6,000,000 fen revenue; × 0.3 = 1,800,000 fen
  expect(simpleClv({ averageOrderValue: 300_000, purchasesPerYear: 4, lifespanYears: 5, margin: 0.3 })).toBe(1_800_000);
  expect(simpleClv({ averageOrderValue: 300_000, purchasesPerYear: 4, lifespanYears: 5 })).toBe(6_000_000);
});

test("lifespan from churn: 25 % a year → 4 years; no churn → unknown", () => {
  expect(lifespanFromChurn(0.25)).toBe(4);
  expect(lifespanFromChurn(0)).toBeNull();
});

test("without discounting the monthly increments telescope to E[X(12 months)] × E[M]", () => {
  const o = { horizonMonths: 12, monthlyDiscount: 0, unitDays: 7, margin: 1 };
  const t = 365.25 / 7; // 12 months in weeks
  expect(discountedClv(BG, GG, CUSTOMER, o)).toBeCloseTo(expectedPurchases(BG, CUSTOMER, t) * expectedSpend(GG, CUSTOMER), 9);
});

test("one month at 1 %: E[X(1 month)] × E[M] / 1.01; discounting and margin only lower the value", () => {
  const one = { horizonMonths: 1, monthlyDiscount: 0.01, unitDays: 7, margin: 1 };
  const t = 365.25 / 12 / 7;
  expect(discountedClv(BG, GG, CUSTOMER, one)).toBeCloseTo((expectedPurchases(BG, CUSTOMER, t) * expectedSpend(GG, CUSTOMER)) / 1.01, 10);
  const plain = discountedClv(BG, GG, CUSTOMER, { ...one, horizonMonths: 12, monthlyDiscount: 0 });
  const disc = discountedClv(BG, GG, CUSTOMER, { ...one, horizonMonths: 12 });
  expect(disc).toBeLessThan(plain);
  expect(discountedClv(BG, GG, CUSTOMER, { ...one, horizonMonths: 12, margin: 0.5 })).toBeCloseTo(disc / 2, 10);
});

test("a customer who has not bought for a long time is worth less than one who bought recently", () => {
  const recent = discountedClv(BG, GG, { x: 5, tx: 38, T: 39, m: 30 });
  const lapsed = discountedClv(BG, GG, { x: 5, tx: 5, T: 39, m: 30 });
  expect(lapsed).toBeLessThan(recent);
});

test("one customer's simple CLV uses its own order value, frequency and margin, and the company's lifespan", () => {
  const own = { orders: 4, revenueFen: 1_200_000, costFen: 840_000 };
  // ¥3,000 a time, 4 a year over a one-year window, 5 years, margin (1.2M − 0.84M) / 1.2M = 30 %
  const r = customerSimpleClv(own, 1, 5, null, 0.5);
  expect(r).toMatchObject({ averageOrderValue: 300_000, purchasesPerYear: 4, margin: 0.3, revenueClv: 6_000_000 });
  expect(r.profitClv).toBeCloseTo(1_800_000, 6);
  expect(customerSimpleClv(own, 2, 5, null, 0.5).purchasesPerYear).toBe(2);
  expect(customerSimpleClv(own, 1, 5, 0.25, 0.5).margin).toBe(0.25);
  expect(customerSimpleClv({ orders: 0, revenueFen: 0, costFen: 0 }, 1, 5, null, 0.5)).toMatchObject({ averageOrderValue: 0, margin: 0.5, revenueClv: 0 });
  expect(customerSimpleClv(own, 0, 5, null, 0.5).purchasesPerYear).toBe(0);
  expect(customerSimpleClv(own, 1, null, null, 0.5)).toMatchObject({ revenueClv: null, profitClv: null });
});
