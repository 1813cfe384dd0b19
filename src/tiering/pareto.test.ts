import { expect, test } from "vitest";
import { DEFAULT_ABC, pareto, paretoCurve } from "./pareto";

// Ten customers (ids 1–10) with values 50, 20, 10, 8, 5, 3, 2, 1, 1, 0 (total 100), given shuffled.
const TEN = [
  [4, 8],
  [1, 50],
  [9, 1],
  [3, 10],
  [10, 0],
  [2, 20],
  [6, 3],
  [8, 1],
  [5, 5],
  [7, 2],
].map(([customerId, value]) => ({ customerId, value }));

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
  expect(
    pareto(TEN, { a: 0.5, b: 0.9 })
      .points.map((p) => p.abc)
      .join(""),
  ).toBe("ABBBBCCCCC");
});

test("one dominant customer is A even when it alone passes the cut", () => {
  const r = pareto([
    { customerId: 1, value: 90 },
    { customerId: 2, value: 10 },
  ]);
  expect(r.points.map((p) => p.abc)).toEqual(["A", "B"]); // before: 0 → A; .90 → B
});

test("by profit a loss-making customer ranks last and the curve overshoots 100 %", () => {
  const r = pareto([
    { customerId: 1, value: 60 },
    { customerId: 2, value: 50 },
    { customerId: 3, value: -10 },
  ]);
  expect(r.total).toBe(100);
  expect(r.points.map((p) => p.cumulativeShare)).toEqual([0.6, 1.1, 1]);
  expect(r.points.map((p) => p.abc)).toEqual(["A", "A", "C"]);
});

test("no customers, or a total of zero, gives no shares", () => {
  expect(pareto([]).topShare).toBeNull();
  expect(pareto([{ customerId: 1, value: 0 }]).points[0].cumulativeShare).toBeNull();
});

test("paretoCurve samples the curve at each step of the customer share (values worked by hand)", () => {
  const r = pareto(TEN);
  // steps of 10 % over ten customers: the k-th point is the top k customers' share
  const c = paretoCurve(r, 10);
  expect(c).toHaveLength(11);
  expect(c[0]).toEqual({ customerShare: 0, valueShare: 0 });
  expect(c.map((p) => p.valueShare)).toEqual([0, 0.5, 0.7, 0.8, 0.88, 0.93, 0.96, 0.98, 0.99, 1, 1]);
  expect(c.map((p) => p.customerShare)).toEqual([0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1]);
  // four steps over ten customers: ceil(2.5) = 3, ceil(5) = 5, ceil(7.5) = 8, 10
  expect(paretoCurve(r, 4).map((p) => p.valueShare)).toEqual([0, 0.8, 0.93, 0.99, 1]);
  // the default is 100 steps; 1 % of ten customers rounds up to the first customer
  const d = paretoCurve(r);
  expect(d).toHaveLength(101);
  expect(d[1]).toEqual({ customerShare: 0.01, valueShare: 0.5 });
  expect(d[100]).toEqual({ customerShare: 1, valueShare: 1 });
  // three customers, 100 steps: step 33 is ceil(0.99) = 1 customer, step 34 is ceil(1.02) = 2
  const three = pareto([
    { customerId: 1, value: 60 },
    { customerId: 2, value: 30 },
    { customerId: 3, value: 10 },
  ]);
  expect(paretoCurve(three)[33].valueShare).toBe(0.6);
  expect(paretoCurve(three)[34].valueShare).toBe(0.9);
});

test("paretoCurve without value: shares are null; without customers the curve stays at its start", () => {
  expect(
    paretoCurve(
      pareto([
        { customerId: 1, value: 0 },
        { customerId: 2, value: 0 },
      ]),
      2,
    ),
  ).toEqual([
    { customerShare: 0, valueShare: null },
    { customerShare: 0.5, valueShare: null },
    { customerShare: 1, valueShare: null },
  ]);
  expect(paretoCurve(pareto([]), 2)).toEqual([
    { customerShare: 0, valueShare: null },
    { customerShare: 0.5, valueShare: null },
    { customerShare: 1, valueShare: null },
  ]);
});

test("the top fraction: at least one customer, rounded up, configurable", () => {
  expect(pareto(TEN, DEFAULT_ABC, 0.25)).toMatchObject({ topFraction: 0.25, topCount: 3, topShare: 0.8 });
  expect(pareto(TEN, DEFAULT_ABC, 0.01)).toMatchObject({ topCount: 1, topShare: 0.5 });
  expect(pareto(TEN, DEFAULT_ABC, 1)).toMatchObject({ topCount: 10, topShare: 1 });
  expect(pareto([])).toMatchObject({ customers: 0, total: 0, topCount: 0, topShare: null, points: [] });
});

test("points carry rank, value, cumulative and customer share", () => {
  const r = pareto(TEN);
  expect(r.points[2]).toEqual({ customerId: 3, rank: 3, value: 10, cumulative: 80, cumulativeShare: 0.8, customerShare: 0.3, abc: "A" });
  expect(r.customers).toBe(10);
});

test("cuts are checked: 0 < A ≤ B ≤ 1", () => {
  expect(() => pareto(TEN, { a: 0, b: 0.9 })).toThrow(RangeError);
  expect(() => pareto(TEN, { a: 0.9, b: 0.8 })).toThrow(/A ≤ B/);
  expect(() => pareto(TEN, { a: 0.8, b: 1.01 })).toThrow(RangeError);
  expect(
    pareto(TEN, { a: 0.8, b: 0.8 })
      .points.map((p) => p.abc)
      .join(""),
  ).toBe("AAACCCCCCC");
  expect(
    pareto(TEN, { a: 1, b: 1 })
      .points.map((p) => p.abc)
      .join(""),
  ).toBe("AAAAAAAAAC");
});

test("a total of zero puts everyone in C with null shares", () => {
  const r = pareto([
    { customerId: 1, value: 5 },
    { customerId: 2, value: -5 },
  ]);
  expect(r.total).toBe(0);
  expect(r.points.map((p) => p.abc)).toEqual(["C", "C"]);
  expect(r.classes.C).toEqual({ customers: 2, value: 0, share: null });
});

test("a negative total (a loss overall, by profit) puts everyone in C with null shares", () => {
  const r = pareto([
    { customerId: 1, value: 5 },
    { customerId: 2, value: -10 },
  ]);
  expect(r.total).toBe(-5);
  expect(r.points.map((p) => p.abc)).toEqual(["C", "C"]);
  expect(r.points.map((p) => p.cumulativeShare)).toEqual([null, null]);
});
