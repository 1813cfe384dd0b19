/** Key-account columns against the object path they replace (keyAccountMatrix over one facts object per customer). */
import { expect, test } from "vitest";
import { seededRandom as rng } from "../core/seeded-random";
import { firstInOrder } from "../core/first-in-order";
import { type AccountFacts, DEFAULT_KEY_ACCOUNTS, type KeyAccountConfig, keyAccountMatrix } from "./key-accounts";
import { keyAccountColumns } from "./key-accounts-columns";

const CLOSES = [null, "2026-01-10", "2026-06-20", "2026-07-14", "2026-09-01", "2026-12-31", "2027-08-01"];

function facts(seed: number, n: number): AccountFacts[] {
  const r = rng(seed);
  const pick = (k: number) => Math.floor(r() * k);
  return Array.from({ length: n }, (_, i) => {
    const hasOpen = pick(2) === 0;
    return {
      customerId: 4 * i + 1 + pick(3),
      signed: pick(3) === 0,
      actualProfit: pick(4) ? (pick(5) - 1) * 100_000 : 0,
      expectedProfit: hasOpen ? pick(4) * 70_000 : 0,
      maxOpenProbability: hasOpen ? [0, 20, 50, 80][pick(4)] : null,
      earliestClose: hasOpen ? CLOSES[pick(CLOSES.length)] : null,
    };
  });
}

const CUSTOM: KeyAccountConfig = { targetProbability: 20, bands: { high: 0.05, medium: 0.6 } };
const PICKS = [{}, { signing: "0-1m" }, { stage: "target" }, { band: "medium", stage: "signed" }, { signing: "unknown", band: "low" }];

test("random bases: cells, signing buckets, drill-downs and listed places equal the object path", () => {
  let listed = 0;
  for (let seed = 1; seed <= 30; seed++)
    for (const n of [0, 1, 3, 40, 300])
      for (const cfg of [DEFAULT_KEY_ACCOUNTS, CUSTOM])
        for (const pick of PICKS) {
          const fs = facts(seed, n);
          const r = keyAccountMatrix(fs, "2026-06-30", cfg);
          const places = r.places.filter(
            (p) => (!pick.signing || p.signing === pick.signing) && (!pick.stage || p.stage === pick.stage) && (!pick.band || p.band === pick.band),
          );
          const got = keyAccountColumns(
            {
              customerId: Float64Array.from(fs, (f) => f.customerId),
              signed: Uint8Array.from(fs, (f) => (f.signed ? 1 : 0)),
              actualProfit: Float64Array.from(fs, (f) => f.actualProfit),
              expectedProfit: Float64Array.from(fs, (f) => f.expectedProfit),
              maxOpenProbability: Float64Array.from(fs, (f) => f.maxOpenProbability ?? Number.NaN),
              earliestClose: fs.map((f) => f.earliestClose),
            },
            "2026-06-30",
            10,
            pick,
            cfg,
          );
          const label = `seed ${seed} n ${n} ${JSON.stringify(pick)}`;
          expect(got.cells, label).toEqual(r.cells);
          expect(got.signing, label).toEqual(r.signing);
          expect(got.placesTotal, label).toBe(places.length);
          expect(got.places, label).toEqual(firstInOrder(places, 10, (a, b) => b.profit - a.profit || a.customerId - b.customerId));
          listed += got.places.length;
        }
  expect(listed).toBeGreaterThan(3_000);
});
