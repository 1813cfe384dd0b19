import { expect, test } from "vitest";
import { DEFAULT_PYRAMID, pyramid } from "./pyramid";

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
  const r = pyramid(rows([4, 3, 2, 1]), [
    { key: "top", nameZh: "上", nameEn: "Top", share: 0.5 },
    { key: "rest", nameZh: "下", nameEn: "Rest", share: 0.5 },
  ]);
  expect(r.levels.map((l) => l.customers)).toEqual([2, 2]);
  expect(() => pyramid(rows([1]), [{ key: "x", nameZh: "x", nameEn: "x", share: 0.7 }])).toThrow(/100 %/);
});

test("the full result: places by rank (ties by id), levels with revenue, profit and share, totals", () => {
  // profits 50, 30, 30, 10, -20: ranks 1, 2, 2, 4, 5; halves of 5 customers: r − 1 < 2.5 → ranks 1–3 top
  const halves = [
    { key: "top", nameZh: "上", nameEn: "Top", share: 0.5 },
    { key: "rest", nameZh: "下", nameEn: "Rest", share: 0.5 },
  ];
  const r = pyramid(
    [
      { customerId: 9, revenue: 60, profit: 30 },
      { customerId: 2, revenue: 100, profit: 50 },
      { customerId: 4, revenue: 70, profit: 30 },
      { customerId: 7, revenue: 40, profit: -20 },
      { customerId: 5, revenue: 20, profit: 10 },
    ],
    halves,
  );
  expect(r.customers).toBe(5);
  expect(r.profit).toBe(100);
  expect(r.places).toEqual([
    { customerId: 2, rank: 1, tier: "top", revenue: 100, profit: 50 },
    { customerId: 4, rank: 2, tier: "top", revenue: 70, profit: 30 },
    { customerId: 9, rank: 2, tier: "top", revenue: 60, profit: 30 },
    { customerId: 5, rank: 4, tier: "rest", revenue: 20, profit: 10 },
    { customerId: 7, rank: 5, tier: "rest", revenue: 40, profit: -20 },
  ]);
  expect(r.levels).toEqual([
    { ...halves[0], customers: 3, revenue: 230, profit: 110, profitShare: 1.1 },
    { ...halves[1], customers: 2, revenue: 60, profit: -10, profitShare: -0.1 },
  ]);
});

test("exact boundaries: with 100 customers rank 5 is the last major (4 < 5) and rank 20 the last ordinary", () => {
  const r = pyramid(rows(Array.from({ length: 100 }, (_, i) => 100 - i)));
  expect(r.places.find((p) => p.rank === 1)!.tier).toBe("key");
  expect(r.places.find((p) => p.rank === 2)!.tier).toBe("major");
  expect(r.places.find((p) => p.rank === 20)!.tier).toBe("ordinary");
  expect(r.levels.map((l) => [l.key, l.nameZh, l.share])).toEqual([
    ["key", "关键客户", 0.01],
    ["major", "主要客户", 0.04],
    ["ordinary", "普通客户", 0.15],
    ["small", "小客户", 0.8],
  ]);
  expect(r.levels[3].revenue).toBe((2 * (80 * 81)) / 2);
});

test("no profit (all zero or a loss overall) gives null shares; no customers, empty levels", () => {
  expect(pyramid(rows([0, 0])).levels.every((l) => l.profitShare === null)).toBe(true);
  expect(pyramid(rows([5, -10])).levels.map((l) => l.profitShare)).toEqual([null, null, null, null]);
  const none = pyramid([]);
  expect(none).toEqual({ customers: 0, profit: 0, places: [], levels: expect.any(Array) });
  expect(none.levels.map((l) => l.customers)).toEqual([0, 0, 0, 0]);
});

test("shares must add up to 100 % (within rounding) and there must be a tier", () => {
  expect(() => pyramid(rows([1]), [])).toThrow(/at least one tier/);
  expect(() => pyramid(rows([1]), [{ key: "x", nameZh: "x", nameEn: "x", share: 1.001 }])).toThrow(/100\.1/);
  const thirds = [1, 2, 3].map((i) => ({ key: `t${i}`, nameZh: "x", nameEn: "x", share: 1 / 3 }));
  expect(pyramid(rows([3, 2, 1]), thirds).places.map((p) => p.tier)).toEqual(["t1", "t2", "t3"]);
  // a rank exactly on a boundary (r − 1 = s·n) belongs to the next tier
  const quarters = [0.25, 0.75].map((share, i) => ({ key: `q${i}`, nameZh: "x", nameEn: "x", share }));
  expect(pyramid(rows([4, 3, 2, 1]), quarters).places.map((p) => p.tier)).toEqual(["q0", "q1", "q1", "q1"]);
});

test("the default tiers carry their Chinese and English names (shown by the web app in either language)", () => {
  expect(DEFAULT_PYRAMID.map((t) => [t.key, t.nameZh, t.nameEn, t.share])).toEqual([
    ["key", "关键客户", "Key", 0.01],
    ["major", "主要客户", "Major", 0.04],
    ["ordinary", "普通客户", "Ordinary", 0.15],
    ["small", "小客户", "Small", 0.8],
  ]);
  // shares that miss 100 % by more than rounding are refused; by less, accepted
  const near = [
    { key: "a", nameZh: "a", nameEn: "a", share: 0.5 },
    { key: "b", nameZh: "b", nameEn: "b", share: 0.5 + 5e-10 },
  ];
  expect(pyramid(rows([2, 1]), near).places.map((p) => p.tier)).toEqual(["a", "b"]);
});

test("a limit lists only the first places by rank (ties by id); the levels still count every customer", () => {
  // profits 50, 30, 30, 10, -20 for customers 5, 4, 3, 2, 1 in input order: ranks 1, 2, 2, 4, 5
  const input = [50, 30, 30, 10, -20].map((profit, i) => ({ customerId: 5 - i, revenue: profit * 2, profit }));
  const r = pyramid(input, DEFAULT_PYRAMID, 3);
  expect(r.places.map((p) => [p.customerId, p.rank])).toEqual([
    [5, 1],
    [3, 2],
    [4, 2],
  ]);
  expect(r.levels.reduce((s, l) => s + l.customers, 0)).toBe(5);
  expect(r.levels.map((l) => l.customers)).toEqual(pyramid(input).levels.map((l) => l.customers));
});
