/** Priority columns against the object path they replace (prioritise over one facts object per customer). */
import { expect, test } from "vitest";
import { seededRandom as rng } from "../core/seeded-random";
import { firstInOrder } from "../core/first-in-order";
import { DEFAULT_PRIORITY, type PriorityConfig, type PriorityFacts, prioritise } from "./priority";
import { prioritiseColumns } from "./priority-columns";

const BANDS = [null, "large", " 中型 ", "small", "huge", ""];

function facts(seed: number, n: number): PriorityFacts[] {
  const r = rng(seed);
  const pick = (k: number) => Math.floor(r() * k);
  return Array.from({ length: n }, (_, i) => ({
    customerId: 5 * i + 1 + pick(4),
    sizeBand: BANDS[pick(BANDS.length)],
    revenue: pick(3) ? pick(5) * 100_000 : 0,
    openAmount: pick(2) ? pick(4) * 50_000 : 0,
    intent: pick(3) ? [0, 10, 50, 90, 100, 120][pick(6)] : 0,
  }));
}

const CUSTOM: PriorityConfig = {
  ...DEFAULT_PRIORITY,
  sizeRule: { kind: "linear", zero: 0, full: 300_000 },
  weights: { size: 1, need: 0, intent: 1 },
  cuts: { high: 60, medium: 30 },
};
const ZERO: PriorityConfig = { ...DEFAULT_PRIORITY, weights: { size: 0, need: 0, intent: 0 } };

test("random bases: counts, the listed customers and every customer's priority equal the object path", () => {
  let listed = 0;
  for (let seed = 1; seed <= 40; seed++)
    for (const n of [0, 1, 2, 30, 400])
      for (const cfg of [DEFAULT_PRIORITY, CUSTOM, ZERO])
        for (const limit of [0, 4, 1_000]) {
          const fs = facts(seed, n);
          const all = prioritise(fs, cfg);
          const counts = { high: 0, medium: 0, low: 0 };
          for (const p of all) counts[p.priority]++;
          const got = prioritiseColumns(
            {
              customerId: Float64Array.from(fs, (f) => f.customerId),
              sizeBand: fs.map((f) => f.sizeBand),
              revenue: Float64Array.from(fs, (f) => f.revenue),
              openAmount: Float64Array.from(fs, (f) => f.openAmount),
              intent: Float64Array.from(fs, (f) => f.intent),
            },
            limit,
            cfg,
            true,
          );
          const label = `seed ${seed} n ${n} limit ${limit}`;
          expect(got.counts, label).toEqual(counts);
          expect(got.customers, label).toEqual(firstInOrder(all, limit, (a, b) => b.score - a.score || a.customerId - b.customerId));
          expect(got.all, label).toEqual(all);
          listed += got.customers.length;
        }
  expect(listed).toBeGreaterThan(10_000);
});
