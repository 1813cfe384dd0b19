import { expect, test } from "vitest";
import { probabilityAlive } from "./bgnbd";
import { expectedSpend } from "./gamma-gamma";

// Fader, Hardie & Lee (2005) CDNOW parameters: BG/NBD r = 0.243, α = 4.414, a = 0.793, b = 2.426;
// Gamma-Gamma (Fader & Hardie 2013) p = 6.25, q = 3.74, γ = 15.44.
const BG = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
const GG = { p: 6.25, q: 3.74, gamma: 15.44 };

test("a one-time buyer (no repeat purchase) is alive for BG/NBD, whatever its age", () => {
  expect(probabilityAlive(BG, { x: 0, tx: 0, T: 38.86 })).toBe(1);
  expect(probabilityAlive(BG, { x: 0, tx: 0, T: 1 })).toBe(1);
});

test("one repeat purchase long ago: P(alive) by hand", () => {
  // 1 / (1 + a/(b + x − 1) · ((α+T)/(α+t_x))^(r+x)), x = 1, t_x = 2, T = 38: (42.414/6.414)^1.243
  const hand = 1 / (1 + (0.793 / 2.426) * Math.exp(1.243 * Math.log(42.414 / 6.414)));
  expect(probabilityAlive(BG, { x: 1, tx: 2, T: 38 })).toBeCloseTo(hand, 12);
  // 42.414/6.414 = 6.6128, ln 1.8890 × 1.243 = 2.3480, e^ = 10.465, × 0.32688 = 3.4208 → 1/4.4208 = 0.2262
  expect(hand).toBeCloseTo(0.2262, 3);
  // the same customer seen more recently is more likely alive
  expect(probabilityAlive(BG, { x: 1, tx: 30, T: 38 })).toBeGreaterThan(hand);
});

test("a one-time buyer's expected spend is the population mean pγ/(q − 1); repeat buyers shrink towards their own mean", () => {
  expect(expectedSpend(GG, { x: 0, m: 0 })).toBeCloseTo((6.25 * 15.44) / 2.74, 12); // 35.2190
  expect(expectedSpend(GG, { x: 0, m: 500 })).toBeCloseTo(35.219, 3); // its first order does not count
  // x = 2, m = 22.35: p(γ + x·m)/(p·x + q − 1) = 6.25 · 60.14 / 15.24 = 24.6637
  expect(expectedSpend(GG, { x: 2, m: 22.35 })).toBeCloseTo(24.6637, 4);
  expect(expectedSpend(GG, { x: 1, m: 10 })).toBeCloseTo((6.25 * 25.44) / 8.99, 12);
});
