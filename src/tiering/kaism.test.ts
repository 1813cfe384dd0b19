import { expect, test } from "vitest";
import { DEFAULT_KAISM, kaism, quadrantOf } from "./kaism";

test("quadrants at the 50 / 50 cut", () => {
  expect(quadrantOf(80, 70)).toBe("target");
  expect(quadrantOf(80, 30)).toBe("development");
  expect(quadrantOf(20, 70)).toBe("maintenance");
  expect(quadrantOf(20, 30)).toBe("opportunistic");
  expect(quadrantOf(50, 50)).toBe("target"); // the cut itself counts as high
});

/*
 * Customer 1: volume 90, frequency 80, growth 60, profitability 70, fit 100
 *   attractiveness = .3·90 + .2·80 + .2·60 + .2·70 + .1·100 = 27 + 16 + 12 + 14 + 10 = 79
 *   wallet 30, relationship 40, competitive 50 → strength = .4·30 + .3·40 + .3·50 = 12 + 12 + 15 = 39 → development
 * Customer 2: all attractiveness 40 → 40; wallet 80, relationship 70, competitive null (no closed deals)
 *   strength = (.4·80 + .3·70) / .7 = (32 + 21) / .7 = 75.71 → maintenance
 * Customer 3: nothing known on strength → no quadrant
 */
test("worked example: weighted axes and placement", () => {
  const r = kaism([
    { customerId: 1, scores: { volume: 90, frequency: 80, growth: 60, profitability: 70, fit: 100, wallet: 30, relationship: 40, competitive: 50 } },
    { customerId: 2, scores: { volume: 40, frequency: 40, growth: 40, profitability: 40, fit: 40, wallet: 80, relationship: 70, competitive: null } },
    { customerId: 3, scores: { volume: 10, frequency: 10, growth: 10, profitability: 10, fit: 10, wallet: null, relationship: null, competitive: null } },
  ]);
  expect(r.places[0].attractiveness).toBeCloseTo(79, 10);
  expect(r.places[0].strength).toBeCloseTo(39, 10);
  expect(r.places[0].quadrant).toBe("development");
  expect(r.places[1].attractiveness).toBeCloseTo(40, 10);
  expect(r.places[1].strength).toBeCloseTo(75.7143, 3);
  expect(r.places[1].quadrant).toBe("maintenance");
  expect(r.places[2].quadrant).toBeNull();
  expect(r.quadrants.map((q) => [q.key, q.customers])).toEqual([
    ["target", 0],
    ["development", 1],
    ["maintenance", 1],
    ["opportunistic", 0],
  ]);
});

test("every quadrant carries a strategy in Chinese and English", () => {
  for (const q of kaism([]).quadrants) {
    expect(q.strategyZh.length).toBeGreaterThan(5);
    expect(q.strategyEn.length).toBeGreaterThan(5);
  }
  expect(DEFAULT_KAISM.attractiveness.reduce((s, c) => s + c.weight, 0)).toBeCloseTo(1, 12);
});
