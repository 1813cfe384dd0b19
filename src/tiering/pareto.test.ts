import { expect, test } from "vitest";
import { pareto } from "./pareto";

// Ten customers (ids 1–10) with values 50, 20, 10, 8, 5, 3, 2, 1, 1, 0 (total 100), given shuffled.
const TEN = [[4, 8], [1, 50], [9, 1], [3, 10], [10, 0], [2, 20], [6, 3], [8, 1], [5, 5], [7, 2]].map(([customerId, value]) => ({ customerId, value }));

test("cumulative shares and the top 20 % of ten customers", () => {
  const r = pareto(TEN);
  expect(r.total).toBe(100);
  expect(r.points.map((p) => p.customerId)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]); // ties (8, 9) by id
  expect(r.points.map((p) => p.cumulative)).toEqual([50, 70, 80, 88, 93, 96, 98, 99, 100, 100]);
  expect(r.topCount).toBe(2); // 20 % of 10
  expect(r.topShare).toBe(0.7); // (50 + 20) / 100
});

test("ABC at 80 / 95: the customer that reaches 80 % is A, the one reaching 96 % is B", () => {
  // share accumulated before each: 0, .50, .70 → A; .80, .88, .93 → B; .96, .98, .99, 1.00 → C
  const r = pareto(TEN);
  expect(r.points.map((p) => p.abc).join("")).toBe("AAABBBCCCC");
  expect(r.classes.A).toEqual({ customers: 3, value: 80, share: 0.8 });
  expect(r.classes.B).toEqual({ customers: 3, value: 16, share: 0.16 });
  expect(r.classes.C).toEqual({ customers: 4, value: 4, share: 0.04 });
});

test("configurable cuts: A to 50 %, B to 90 %", () => {
  // before: 0 → A; .50 .70 .80 .88 → B; .93 … → C
  expect(pareto(TEN, { a: 0.5, b: 0.9 }).points.map((p) => p.abc).join("")).toBe("ABBBBCCCCC");
});

test("one dominant customer is A even when it alone passes the cut", () => {
  const r = pareto([{ customerId: 1, value: 90 }, { customerId: 2, value: 10 }]);
  expect(r.points.map((p) => p.abc)).toEqual(["A", "B"]); // before: 0 → A; .90 → B
});

test("by profit a loss-making customer ranks last and the curve overshoots 100 %", () => {
  const r = pareto([{ customerId: 1, value: 60 }, { customerId: 2, value: 50 }, { customerId: 3, value: -10 }]);
  expect(r.total).toBe(100);
  expect(r.points.map((p) => p.cumulativeShare)).toEqual([0.6, 1.1, 1]);
  expect(r.points.map((p) => p.abc)).toEqual(["A", "A", "C"]);
});

test("no customers, or a total of zero, gives no shares", () => {
  expect(pareto([]).topShare).toBeNull();
  expect(pareto([{ customerId: 1, value: 0 }]).points[0].cumulativeShare).toBeNull();
});
