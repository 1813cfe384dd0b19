/** The KAISM columns against the object path they replace (kaismCriteria + kaism over one object per customer). */
import { expect, test } from "vitest";
import { seededRandom as rng } from "../core/seeded-random";
import { firstInOrder } from "../core/first-in-order";
import { DEFAULT_KAISM, type KaismConfig, kaism } from "./kaism";
import { kaismColumnsOf, kaismOfColumns, percentileColumn } from "./kaism-columns";
import { type KaismFacts, kaismCriteria } from "./kaism-criteria";
import { percentileScores } from "./rank";

const PROSPECTS = [null, "high", " 中 ", "A", "low", "unknown", "", "C"];

function facts(seed: number, n: number): KaismFacts[] {
  const r = rng(seed);
  const pick = (k: number) => Math.floor(r() * k);
  return Array.from({ length: n }, (_, i) => {
    const revenue = pick(3) === 0 ? 0 : pick(5) * 1000; // many ties and zeros
    const cost = Math.min(revenue, pick(4) * 300);
    const f: KaismFacts = {
      customerId: 3 * i + 1 + pick(2),
      revenue,
      orders: revenue ? 1 + pick(4) : 0,
      revenueBefore: pick(3) === 0 ? 0 : pick(6) * 800,
      profit: revenue - cost,
      prospect: PROSPECTS[pick(PROSPECTS.length)],
      activities: pick(2) ? pick(4) : 0,
      won: pick(3),
      lost: pick(2) ? pick(3) : 0,
    };
    if (pick(5) === 0) f.manual = pick(2) ? { wallet: pick(101) } : { volume: pick(101), wallet: pick(101), custom: pick(101) };
    return f;
  });
}

/** The object path, as kaismReport computed it before its columns. */
function oracle(fs: KaismFacts[], cfg: KaismConfig, limit: number) {
  const r = kaism(kaismCriteria(fs), cfg);
  const placed = r.places.filter((x) => x.quadrant !== null);
  return {
    quadrants: r.quadrants,
    unplaced: r.places.length - placed.length,
    places: firstInOrder(placed, limit, (x, y) => (y.attractiveness ?? 0) - (x.attractiveness ?? 0) || x.customerId - y.customerId),
  };
}

/** The columns from the same facts, passed as the per-customer inputs the report reads. */
function columns(fs: KaismFacts[]) {
  const col = (f: (x: KaismFacts) => number) => Float64Array.from(fs, f);
  const withOrders = fs.filter((f) => f.revenue > 0 || f.orders > 0 || f.profit !== 0);
  const totals = {
    customerId: Float64Array.from(withOrders, (f) => f.customerId),
    revenue: Float64Array.from(withOrders, (f) => f.revenue),
    cost: Float64Array.from(withOrders, (f) => f.revenue - f.profit),
    orders: Float64Array.from(withOrders, (f) => f.orders),
  };
  const before = fs.filter((f) => f.revenueBefore > 0);
  return kaismColumnsOf(
    fs.map((f) => ({ id: f.customerId, prospect_rating: f.prospect })),
    totals,
    {
      customerId: Float64Array.from(before, (f) => f.customerId),
      revenue: Float64Array.from(before, (f) => f.revenueBefore),
      cost: col(() => 0),
      orders: col(() => 0),
    },
    fs.filter((f) => f.activities > 0).map((f) => ({ customer_id: f.customerId, activities: f.activities })),
    fs.filter((f) => f.won + f.lost > 0).map((f) => ({ customer_id: f.customerId, won: f.won, lost: f.lost })),
    new Map(fs.filter((f) => f.manual).map((f) => [f.customerId, f.manual!])),
  );
}

const CUSTOM: KaismConfig = {
  attractiveness: [
    ...DEFAULT_KAISM.attractiveness,
    { key: "custom", nameZh: "自定", nameEn: "Custom", weight: 0.25 },
    { key: "none", nameZh: "无", nameEn: "None", weight: 0 },
  ],
  strength: DEFAULT_KAISM.strength.filter((c) => c.key !== "relationship"),
  cut: { attractiveness: 35, strength: 55 },
};

test("percentile column equals percentileScores, ties and single values included", () => {
  for (const xs of [[], [7], [3, 3, 3], [5, 1, 5, 2, 0, 5], [-2, 0.5, -2, 1e12]])
    expect(Array.from(percentileColumn(Float64Array.from(xs)))).toEqual(percentileScores(xs));
});

test("random bases: the columns answer as the object path (quadrants, unplaced, listed places with their scores)", () => {
  let placed = 0;
  for (let seed = 1; seed <= 40; seed++)
    for (const n of [0, 1, 2, 17, 300])
      for (const cfg of [DEFAULT_KAISM, CUSTOM])
        for (const limit of [0, 3, 50, 1_000]) {
          const fs = facts(seed, n);
          const want = oracle(fs, cfg, limit);
          const got = kaismOfColumns(columns(fs), cfg, limit);
          expect(got, `seed ${seed} n ${n} limit ${limit}`).toEqual(want);
          placed += want.places.length;
        }
  expect(placed).toBeGreaterThan(10_000);
});

test("hand-made: a customer with an entered volume and wallet, one without any strength criterion", () => {
  const cfg: KaismConfig = { ...DEFAULT_KAISM, strength: [{ key: "wallet", nameZh: "钱包份额", nameEn: "Share of wallet", weight: 1 }] };
  const fs: KaismFacts[] = [
    {
      customerId: 1,
      revenue: 100,
      orders: 2,
      revenueBefore: 50,
      profit: 40,
      prospect: "high",
      activities: 3,
      won: 1,
      lost: 1,
      manual: { volume: 10, wallet: 80 },
    },
    { customerId: 2, revenue: 300, orders: 1, revenueBefore: 0, profit: 90, prospect: null, activities: 0, won: 0, lost: 0 },
  ];
  // customer 1: volume 10 (entered), frequency 100, growth 50 + 50·1 = 100, profitability 0, fit 100
  //   attractiveness = .3·10 + .2·100 + .2·100 + .2·0 + .1·100 = 3 + 20 + 20 + 0 + 10 = 53; strength = wallet 80 → target
  // customer 2: no wallet → unplaced
  const r = kaismOfColumns(columns(fs), cfg, 10);
  expect(r.unplaced).toBe(1);
  expect(r.places).toHaveLength(1);
  expect(r.places[0].attractiveness).toBeCloseTo(53, 10);
  expect(r.places[0].strength).toBe(80);
  expect(r.places[0].quadrant).toBe("target");
  expect(r.quadrants.map((q) => q.customers)).toEqual([1, 0, 0, 0]);
});
