import { expect, test } from "vitest";
import { cycleReport, isStalled, stallThreshold } from "./cycle";
import { visits } from "./journey";
import { ladder } from "./ladder";
import { DAY, on, sampleOpportunities as opps, sampleStages } from "./sample-funnel";

const l = ladder(sampleStages);

/** Replays the sample into histogram bins the way the SQL groups them (bucket 0 = Jan, 1 = Feb, 2 = Mar). */
function bins() {
  const months = [on(1, 1), on(2, 1), on(3, 1), on(4, 1)];
  const bucket = (t: number) => months.findIndex((m, i) => t >= m && t < months[i + 1]);
  const stage = opps
    .flatMap((o) => visits(o.events))
    .filter((v) => v.leftAt != null && v.stageId <= 4)
    .map((v) => ({ stageId: v.stageId, bucket: bucket(v.leftAt!), day: Math.floor((v.leftAt! - v.enteredAt) / DAY), n: 1, sumMs: v.leftAt! - v.enteredAt }));
  const won = opps
    .filter((o) => o.status === "won")
    .map((o) => ({ stageId: null, bucket: bucket(o.closedAt!), day: Math.floor((o.closedAt! - o.createdAt) / DAY), n: 1, sumMs: o.closedAt! - o.createdAt }));
  return { stage, won };
}

test("days per stage by month of leaving, from the hand-worked sample", () => {
  const { stage, won } = bins();
  const r = cycleReport(l, ["2026-01", "2026-02", "2026-03"], stage, won);
  const jan = r.periods[0].stages;
  // A left in January: 10 (1), 5 (2), 5 (2 again after its back-move), 10 (3), 5 (4), 5 (7) → mean 40/6, median 5
  expect(jan[0].count).toBe(6);
  expect(jan[0].meanDays).toBeCloseTo(40 / 6, 10);
  expect(jan[0].medianDays).toBe(5);
  // B left in January: 10 (1), 10 (2, moved back), 5 (7) → mean 25/3, median 10
  expect(jan[1]).toMatchObject({ count: 3, medianDays: 10 });
  expect(jan[1].meanDays).toBeCloseTo(25 / 3, 10);
  // C left in February: 10, 15, 10 (5, lost), 5 and 10 (7 twice) → mean 10, median 10
  expect(r.periods[1].stages[2]).toMatchObject({ count: 5, meanDays: 10, medianDays: 10 });
  // won: 1 in February after 40 days (Jan 2 → Feb 11), 5 in March after 41 days (Feb 3 → Mar 16)
  expect(r.periods[1].won).toMatchObject({ count: 1, meanDays: 40 });
  expect(r.periods[2].won).toMatchObject({ count: 1, meanDays: 41 });
  expect(r.won).toMatchObject({ count: 2, meanDays: 40.5, medianDays: 40 });
  // all A visits: 10, 5, 5, 10, 5, 5, 5 → p90 rank ceil(6.3) = 7 → 10 days
  expect(r.stages[0]).toMatchObject({ count: 7, p90Days: 10 });
});

test("stalled: the stage's threshold first, else the 90th percentile of past visits", () => {
  const asOf = on(3, 20);
  // 6 has sat in A since Feb 10 (38 days) and A has no threshold: p90 of past A visits is 10 → stalled
  expect(isStalled(on(2, 10), asOf, stallThreshold(sampleStages[0], 10))).toBe(true);
  // 4 in B since Jan 20 (59 days) against B's 30 → stalled; 7 in D since Feb 24 (24 days) against 30 → not
  expect(isStalled(on(1, 20), asOf, stallThreshold(sampleStages[1], 10))).toBe(true);
  expect(isStalled(on(2, 24), asOf, stallThreshold(sampleStages[3], 10))).toBe(false);
  // exactly at the threshold is not yet stalled; no threshold at all never stalls
  expect(isStalled(asOf - 30 * DAY, asOf, 30)).toBe(false);
  expect(isStalled(0, asOf, null)).toBe(false);
});
