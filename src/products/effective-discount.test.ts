import { expect, test } from "vitest";
import { DEFAULT_APPROVAL_POLICY, quoteTotals, requiredApproval } from "../cash/quote";
import { linesTotals, priceLine } from "./lines";

// Issue 12: "a lower unit price at 0 % discount is auto-approved". The worked example:
//   product list price ¥10 000; 10 units quoted at ¥8 500 each, 0 % line discount, no quote discount.
//   list = 10 × 1 000 000 = 10 000 000 fen; net = 10 × 850 000 = 8 500 000 fen
//   effective discount = 1 − 8 500 000 / 10 000 000 = 15 % → 1 500 bp > 10 % → a manager must approve.
test("a lower unit price at 0 % discount is a 15 % effective discount that needs a manager", () => {
  const t = quoteTotals([{ units: 10, unitPriceFen: 850_000, discountBp: 0, listPriceFen: 1_000_000 }], 0);
  expect(t).toEqual({ listFen: 10_000_000, subtotalFen: 8_500_000, totalFen: 8_500_000, effectiveDiscountBp: 1_500 });
  expect(requiredApproval(t.effectiveDiscountBp, DEFAULT_APPROVAL_POLICY)?.role).toBe("manager");
  // Before: the unit price was its own list, so the same quote measured 0 % and went through.
  expect(quoteTotals([{ units: 10, unitPriceFen: 850_000, discountBp: 0 }], 0).effectiveDiscountBp).toBe(0);
});

// A lower price and a line discount compound: ¥9 000 (10 % under list) with 15 % off the line, 4 units of a ¥10 000 product:
//   net = 4 × 900 000 × 0.85 = 3 060 000; list = 4 000 000; effective = 940 000 / 4 000 000 = 23.5 % → an admin.
test("a lower price and a line discount compound to 23.5 %, which needs an admin", () => {
  const t = quoteTotals([{ units: 4, unitPriceFen: 900_000, discountBp: 1_500, listPriceFen: 1_000_000 }], 0);
  expect(t.totalFen).toBe(3_060_000);
  expect(t.effectiveDiscountBp).toBe(2_350);
  expect(requiredApproval(t.effectiveDiscountBp, DEFAULT_APPROVAL_POLICY)?.role).toBe("admin");
});

// ¥9 500 against ¥10 000 is 5 %: under the 10 % threshold, no approval. A price above list is no discount, never a negative one.
test("5 % under list needs nobody; above list counts as no discount", () => {
  expect(quoteTotals([{ units: 2, unitPriceFen: 950_000, discountBp: 0, listPriceFen: 1_000_000 }], 0).effectiveDiscountBp).toBe(500);
  expect(requiredApproval(500, DEFAULT_APPROVAL_POLICY)).toBeNull();
  expect(quoteTotals([{ units: 1, unitPriceFen: 1_200_000, discountBp: 0, listPriceFen: 1_000_000 }], 0).effectiveDiscountBp).toBe(0);
});

// An opportunity's lines: 3 × ¥2 000 list (default price list says ¥1 800, taken when no price is given) at 10 % off,
// plus 1 × ¥5 000 at list: 3 × 180 000 × 0.9 = 486 000; + 500 000 = 986 000 fen; list 600 000 + 500 000 = 1 100 000;
// effective = 114 000 / 1 100 000 = 10.36 % → 1 036 bp.
test("line items take the price list's price when none is given, and total to the opportunity amount", () => {
  const a = priceLine({ productId: 1, units: 3, discountBp: 1_000 }, 200_000, 180_000);
  const b = priceLine({ productId: 2, units: 1 }, 500_000, undefined);
  expect(a).toEqual({ productId: 1, units: 3, unitPriceFen: 180_000, discountBp: 1_000, listPriceFen: 200_000, totalFen: 486_000 });
  expect(b.unitPriceFen).toBe(500_000);
  const t = linesTotals([a, b]);
  expect(t.totalFen).toBe(986_000);
  expect(t.listFen).toBe(1_100_000);
  expect(t.effectiveDiscountBp).toBe(1_036);
  expect(priceLine({ productId: 1, units: 2, unitPriceFen: 150_000 }, 200_000, 180_000).unitPriceFen).toBe(150_000);
});
