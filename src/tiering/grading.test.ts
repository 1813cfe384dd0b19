import { expect, test } from "vitest";
import { DEFAULT_GRADING, gradeCustomers, gradeSummary } from "./grading";
import { applyRule, weightedScore } from "./score-rule";

/*
 * Four customers:       amount  profit  credit  prospect
 *   1                   1000    300     A       高
 *   2                   500     200     B       中
 *   3                   500     −50     C       低
 *   4                   0       0       –       –
 * Amount percentile (share of the 3 others strictly below): 1000 → 3/3 = 100; 500 → 1/3 = 33.33; 0 → 0
 * Profit percentile: 300 → 100; 200 → 66.67; 0 → 33.33; −50 → 0
 * Credit map: A 80, B 35, C 15, missing 50.  Prospect map: 高 100, 中 60, 低 20, missing 40
 * Composite (weights .3 / .4 / .15 / .15):
 *   1: 30 + 40 + 12 + 15 = 97                        → A
 *   2: 10 + 26.667 + 5.25 + 9 = 50.917               → C
 *   3: 10 + 0 + 2.25 + 3 = 15.25                     → D
 *   4: 0 + 13.333 + 7.5 + 6 = 26.833                 → D
 */
const FOUR = [
  { customerId: 1, orderAmount: 1000, profit: 300, credit: "A", prospect: "高" },
  { customerId: 2, orderAmount: 500, profit: 200, credit: "B", prospect: "中" },
  { customerId: 3, orderAmount: 500, profit: -50, credit: "C", prospect: "低" },
  { customerId: 4, orderAmount: 0, profit: 0, credit: null, prospect: null },
];

test("the four customers' scores, composites and grades", () => {
  const g = gradeCustomers(FOUR);
  expect(g[1].scores.orderAmount).toBeCloseTo(100 / 3, 10);
  expect(g[3].scores.profit).toBeCloseTo(100 / 3, 10);
  expect(g.map((x) => x.composite)).toEqual([97, expect.closeTo(50.9167, 3), expect.closeTo(15.25, 10), expect.closeTo(26.8333, 3)]);
  expect(g.map((x) => x.grade)).toEqual(["A", "C", "D", "D"]);
  expect(gradeSummary(g).map((s) => s.customers)).toEqual([1, 0, 1, 2]);
});

test("weights are configurable: profit alone grades by profit percentile", () => {
  const g = gradeCustomers(FOUR, { ...DEFAULT_GRADING, weights: { orderAmount: 0, profit: 1, credit: 0, prospect: 0 } });
  expect(g.map((x) => x.grade)).toEqual(["A", "B", "D", "D"]); // 100, 66.7, 0, 33.3
});

test("linear and step rules", () => {
  expect(applyRule({ kind: "linear", zero: 100, full: 300 }, [50, 100, 200, 400])).toEqual([0, 0, 50, 100]);
  expect(
    applyRule(
      {
        kind: "steps",
        steps: [
          { min: 0, score: 10 },
          { min: 1000, score: 60 },
          { min: 5000, score: 100 },
        ],
      },
      [-1, 0, 999, 1000, 7000],
    ),
  ).toEqual([0, 10, 10, 60, 100]);
});

test("a missing criterion drops out and the others' weights renormalise", () => {
  // (0.5·80 + 0.25·40) / 0.75 = 50 / 0.75 = 66.67
  expect(weightedScore({ a: 80, b: null, c: 40 }, { a: 0.5, b: 0.25, c: 0.25 })).toBeCloseTo(66.6667, 3);
  expect(weightedScore({ a: null }, { a: 1 })).toBeNull();
});
