import { expect, test } from "vitest";
import { DAY_MS } from "../core/dates";
import type { OpportunityHistory, StageInfo } from "./history";
import { leakingFeatures } from "./leak-guard";
import { seededRandom } from "../core/seeded-random";
import { scoreOpportunity, trainWinModel } from "./win-model";
import { ownerRecords } from "./history";
import { columns } from "./features";

const stages = new Map<number, StageInfo>([
  [1, { id: 1, label: "qualify", probability: 10 }],
  [2, { id: 2, label: "propose", probability: 50 }],
  [9, { id: 9, label: "won", probability: 100 }],
  [10, { id: 10, label: "lost", probability: 0 }],
]);

/** Like the public CRM export: source shifts the odds, and every lost deal carries amount 0. */
function leakyBook(n: number, seed: number): OpportunityHistory[] {
  const rnd = seededRandom(seed);
  return Array.from({ length: n }, (_, i) => {
    const createdAt = i * DAY_MS;
    const inbound = rnd() < 0.5;
    const won = rnd() < (inbound ? 0.6 : 0.2);
    const closedAt = createdAt + (10 + Math.floor(rnd() * 40)) * DAY_MS;
    const mid = createdAt + Math.floor((closedAt - createdAt) / 2);
    const events = [
      { at: createdAt, toStageId: 1, kind: "create" },
      { at: mid, toStageId: 2, kind: "advance" },
      { at: closedAt, toStageId: won ? 9 : 10, kind: won ? "won" : "lost" },
    ];
    return {
      id: i + 1,
      ownerId: 1 + (i % 4),
      createdAt,
      closedAt,
      status: won ? "won" : "lost",
      stageId: won ? 9 : 10,
      stageEnteredAt: closedAt,
      amountFen: won ? 100_000 + Math.floor(rnd() * 5_000_000) : 0,
      source: inbound ? "inbound" : "cold",
      tier: null,
      events,
      activityTimes: [],
    };
  });
}

test("amount = 0 on every lost deal: amount is left out, named, and no prediction rests on it", () => {
  const m = trainWinModel(leakyBook(1200, 3), stages);
  expect(m.evaluation.excludedFeatures).toContainEqual(
    expect.objectContaining({ name: "amount", reason: "constant_in_one_class", detail: expect.stringMatching(/amount is 0 on every lost deal/) }),
  );
  expect(columns(m.encoder).map((c) => c.name)).not.toContain("amount");
  expect(m.evaluation.model.auc!).toBeLessThan(0.98);
  expect(m.evaluation.suspectedLeak).toBe(false);
  // An open deal with amount 0 and one with a big amount get the same probability: amount no longer moves it.
  const owners = ownerRecords(leakyBook(1200, 3));
  const open = (amountFen: number): OpportunityHistory => ({
    id: 9999,
    ownerId: 1,
    createdAt: 2000 * DAY_MS,
    closedAt: null,
    status: "open",
    stageId: 1,
    stageEnteredAt: 2000 * DAY_MS,
    amountFen,
    source: "inbound",
    tier: null,
    events: [{ at: 2000 * DAY_MS, toStageId: 1, kind: "create" }],
    activityTimes: [],
  });
  const p0 = scoreOpportunity(m, open(0), stages.get(1)!, owners.get(1), 2005 * DAY_MS).probability;
  const p1 = scoreOpportunity(m, open(90_000_000), stages.get(1)!, owners.get(1), 2005 * DAY_MS).probability;
  expect(p0).toBeCloseTo(p1, 12);
  expect(p0).toBeLessThan(0.99);
});

test("without the leak the same book keeps amount", () => {
  const book = leakyBook(1200, 3).map((h) => ({ ...h, amountFen: 100_000 + ((h.id * 7919) % 5_000_000) }));
  const m = trainWinModel(book, stages);
  expect(m.evaluation.excludedFeatures.map((f) => f.name)).not.toContain("amount");
  expect(columns(m.encoder).map((c) => c.name)).toContain("amount");
});

test("a feature that alone separates the outcomes (AUC > 0.98) is left out; an honest one is kept", () => {
  const rnd = seededRandom(5);
  const ex = Array.from({ length: 400 }, (_, i) => {
    const label = (i % 2) as 0 | 1;
    return { label, row: { numeric: { leak: label * 10 + rnd(), noise: rnd() + label * 0.3 }, categorical: { src: rnd() < 0.5 ? "a" : "b" } } };
  });
  const out = leakingFeatures(ex);
  expect(out.map((f) => [f.name, f.reason])).toEqual([["leak", "separates_outcome"]]);
  expect(out[0].auc).toBe(1);
});
