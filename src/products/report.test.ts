import { expect, test } from "vitest";
import { categoryRows, productRows } from "./report";

// Two software products and a service. Won: A 30 units for ¥270 000 in 2 deals; B 5 units for ¥50 000 in 1; lost: A in 1 deal,
// C in 2 deals. One won deal holds A and B (so 软件 counts 2 won deals, not 3).
const cells = [
  { productId: 1, code: "A", name: "ERP", category: "软件", status: "won" as const, opportunities: 2, revenueFen: 27_000_000, units: 30 },
  { productId: 1, code: "A", name: "ERP", category: "软件", status: "lost" as const, opportunities: 1, revenueFen: 9_000_000, units: 10 },
  { productId: 2, code: "B", name: "CRM", category: "软件", status: "won" as const, opportunities: 1, revenueFen: 5_000_000, units: 5 },
  { productId: 3, code: "C", name: "实施", category: "服务", status: "lost" as const, opportunities: 2, revenueFen: 1_000_000, units: 2 },
];

test("revenue and units count won deals only; win rate is won over closed deals holding the product; average is revenue per unit", () => {
  const p = productRows(cells);
  expect(p.map((r) => r.code)).toEqual(["A", "B", "C"]);
  expect(p[0]).toMatchObject({ revenueFen: 27_000_000, units: 30, won: 2, lost: 1, winRate: 2 / 3, avgPriceFen: 900_000 });
  expect(p[1]).toMatchObject({ revenueFen: 5_000_000, units: 5, winRate: 1, avgPriceFen: 1_000_000 });
  expect(p[2]).toMatchObject({ revenueFen: 0, units: 0, won: 0, lost: 2, winRate: 0, avgPriceFen: null });
});

test("a category adds its products' revenue and units and counts each deal once", () => {
  const c = categoryRows(productRows(cells), [
    { category: "软件", status: "won", opportunities: 2 },
    { category: "软件", status: "lost", opportunities: 1 },
    { category: "服务", status: "lost", opportunities: 2 },
  ]);
  expect(c[0]).toMatchObject({
    category: "软件",
    revenueFen: 32_000_000,
    units: 35,
    won: 2,
    lost: 1,
    winRate: 2 / 3,
    avgPriceFen: Math.round(32_000_000 / 35),
  });
  expect(c[1]).toMatchObject({ category: "服务", revenueFen: 0, won: 0, lost: 2, winRate: 0 });
});
