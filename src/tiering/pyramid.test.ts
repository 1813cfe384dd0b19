import { expect, test } from "vitest";
import { pyramid } from "./pyramid";

const rows = (profits: number[]) => profits.map((profit, i) => ({ customerId: i + 1, revenue: profit * 2, profit }));

test("100 customers: 1 key, 4 major, 15 ordinary, 80 small", () => {
  // profits 100, 99, …, 1 — customer i has rank i
  const r = pyramid(rows(Array.from({ length: 100 }, (_, i) => 100 - i)));
  expect(r.levels.map((l) => l.customers)).toEqual([1, 4, 15, 80]);
  expect(r.places.find((p) => p.customerId === 5)!.tier).toBe("major");
  expect(r.places.find((p) => p.customerId === 6)!.tier).toBe("ordinary");
  expect(r.places.find((p) => p.customerId === 21)!.tier).toBe("small");
  // key tier profit share: 100 / 5050
  expect(r.levels[0].profitShare).toBeCloseTo(100 / 5050, 12);
});

test("20 customers: 1 % of 20 is 0.2 → rank 1 is key; 5 % is 1 → no major; 20 % is 4 → ranks 2–4 ordinary", () => {
  const r = pyramid(rows(Array.from({ length: 20 }, (_, i) => 200 - i * 10)));
  expect(r.levels.map((l) => l.customers)).toEqual([1, 0, 3, 16]);
});

test("customers tied at the boundary share the higher tier", () => {
  // 20 customers; ranks 4 and 5 tie (both rank 4 → 4 − 1 = 3 < 4): both ordinary
  const p = Array.from({ length: 20 }, (_, i) => 200 - i * 10);
  p[4] = p[3];
  const r = pyramid(rows(p));
  expect(r.places.filter((x) => x.tier === "ordinary").map((x) => x.customerId)).toEqual([2, 3, 4, 5]);
});

test("configurable tiers: halves", () => {
  const r = pyramid(rows([4, 3, 2, 1]), [{ key: "top", nameZh: "上", nameEn: "Top", share: 0.5 }, { key: "rest", nameZh: "下", nameEn: "Rest", share: 0.5 }]);
  expect(r.levels.map((l) => l.customers)).toEqual([2, 2]);
  expect(() => pyramid(rows([1]), [{ key: "x", nameZh: "x", nameEn: "x", share: 0.7 }])).toThrow(/100 %/);
});
