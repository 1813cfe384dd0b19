import { expect, test } from "vitest";
import { cohortTable, engagement, periodIndex, periodLabel, periodValues, repurchaseRate } from "./retention";

/*
 * Four customers over months 0–3 (orders in months):  A: 0, 1, 3   B: 0, 2   C: 1, 2, 3   D: 3
 * active   m0 {A,B}=2  m1 {A,C}=2  m2 {B,C}=2  m3 {A,C,D}=3
 * retained m1 {A}=1    m2 {C}=1    m3 {C}=1
 * cohorts  0: {A,B}    1: {C}      3: {D}
 */
const CELLS = [
  { cohort: 0, period: 0, customers: 2 },
  { cohort: 0, period: 1, customers: 1 },
  { cohort: 0, period: 2, customers: 1 },
  { cohort: 0, period: 3, customers: 1 },
  { cohort: 1, period: 1, customers: 1 },
  { cohort: 1, period: 2, customers: 1 },
  { cohort: 1, period: 3, customers: 1 },
  { cohort: 3, period: 3, customers: 1 },
];
const RETAINED = [
  { period: 1, customers: 1 },
  { period: 2, customers: 1 },
  { period: 3, customers: 1 },
];

test("retention, churn and growth per month in the four-customer example", () => {
  const v = periodValues(0, 3, CELLS, RETAINED);
  expect(v.map((p) => p.active)).toEqual([2, 2, 2, 3]);
  expect(v.map((p) => p.new)).toEqual([2, 1, 0, 1]);
  expect(v.map((p) => p.retentionRate)).toEqual([null, 0.5, 0.5, 0.5]);
  expect(v.map((p) => p.churnRate)).toEqual([null, 0.5, 0.5, 0.5]);
  expect(v.map((p) => p.activeGrowth)).toEqual([null, 0, 0, 0.5]);
  // new buyers over buyers acquired before: m1 1/2, m2 0/3, m3 1/3
  expect(v.map((p) => p.customerGrowth)).toEqual([null, 0.5, 0, 1 / 3]);
});

test("cohort table: shares of each first-order month still buying k months later", () => {
  const rows = cohortTable(CELLS, 0, 3, 3);
  expect(rows[0]).toEqual({ cohort: 0, size: 2, active: [2, 1, 1, 1], shares: [1, 0.5, 0.5, 0.5] });
  expect(rows[1].shares).toEqual([1, 1, 1, null]);
  expect(rows[2]).toEqual({ cohort: 2, size: 0, active: [0, 0, null, null], shares: [null, null, null, null] });
  expect(rows[3].shares).toEqual([1, null, null, null]);
});

test("conversion: customers created but not yet buying who buy for the first time", () => {
  // created m0: 3 customers, one first buys in m0, one in m2, one never; created m1: 2, one first buys in m1
  const conv = [
    { created: 0, firstOrder: 0, customers: 1 },
    { created: 0, firstOrder: 2, customers: 1 },
    { created: 0, firstOrder: null, customers: 1 },
    { created: 1, firstOrder: 1, customers: 1 },
    { created: 1, firstOrder: null, customers: 1 },
  ];
  const v = periodValues(0, 2, [], [], conv);
  // m0: convertible 3 (all created m0), converted 1; m1: convertible 2 (m0's two non-buyers) + 2 = 4, converted 1;
  // m2: convertible 1 + 1 + 1 = 3 (m0 buyer-in-m2, m0 never, m1 never), converted 1
  expect(v.map((p) => [p.converted, p.convertible])).toEqual([
    [1, 3],
    [1, 4],
    [1, 3],
  ]);
});

test("repurchase rate and engagement", () => {
  expect(repurchaseRate(40, 10)).toBe(0.25);
  expect(repurchaseRate(0, 0)).toBeNull();
  expect(engagement(30, 12, 9)).toEqual({ activities: 30, customers: 12, perCustomer: 2.5, engagedShare: 0.75 });
});

test("period indexes round-trip", () => {
  expect(periodLabel("month", 2026 * 12 + 2)).toBe("2026-03");
  expect(periodIndex("month", "2026-03")).toBe(2026 * 12 + 2);
  expect(periodLabel("quarter", periodIndex("quarter", "2025-Q4"))).toBe("2025-Q4");
});
