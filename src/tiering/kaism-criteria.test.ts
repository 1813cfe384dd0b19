import { expect, test } from "vitest";
import { kaismCriteria } from "./kaism-criteria";

const base = { orders: 0, profit: 0, prospect: null, activities: 0, won: 0, lost: 0 };

test("derived criteria for three customers", () => {
  const [a, b, c] = kaismCriteria([
    // revenue up 50 % → growth 75; 3 wins of 4 → competitive 75
    { ...base, customerId: 1, revenue: 150, revenueBefore: 100, orders: 5, profit: 50, prospect: "高", activities: 9, won: 3, lost: 1 },
    // revenue down 75 % → growth 12.5; no closed deals → competitive unknown
    { ...base, customerId: 2, revenue: 25, revenueBefore: 100, orders: 1, profit: 5, prospect: "unknown", activities: 2 },
    // new in the window → growth 100; entered share of wallet 35
    { ...base, customerId: 3, revenue: 60, revenueBefore: 0, orders: 2, profit: 20, manual: { wallet: 35, fit: 80 } },
  ]);
  expect(a.scores).toEqual({ volume: 100, frequency: 100, growth: 75, profitability: 100, fit: 100, wallet: null, relationship: 100, competitive: 75 });
  expect(b.scores).toMatchObject({ volume: 0, growth: 12.5, fit: null, competitive: null, relationship: 50 });
  expect(c.scores).toMatchObject({ volume: 50, growth: 100, wallet: 35, fit: 80, relationship: 0 });
});

test("no revenue in either window: growth unknown", () => {
  expect(kaismCriteria([{ ...base, customerId: 1, revenue: 0, revenueBefore: 0 }])[0].scores.growth).toBeNull();
});
