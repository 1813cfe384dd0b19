/**
 * A small funnel worked by hand, with back-moves, a stay, a loss from the first stage and a reopened loss.
 * Tests read it in pure code and load it into both databases; the expected figures are in the tests.
 * Times are days after 2026-01-01T00:00Z (UTC tests).
 */
import type { JourneyEvent } from "./journey";
import type { StageInfo } from "./ladder";

export const DAY = 86_400_000;
/** instant of "2026-mm-dd" 00:00 UTC */
export const on = (m: number, d: number) => Date.UTC(2026, m - 1, d);

const stage = (
  id: number,
  position: number,
  key: string,
  probability: number,
  kind: StageInfo["kind"] = "open",
  stallDays: number | null = null,
): StageInfo => ({ id, position, key, nameZh: key, nameEn: key, probability, kind, stallDays, targetConversion: null });

/** A(10 %) → B(25 %) → C(50 %) → D(75 %) → Won; Lost. B and D have a stall threshold of 30 days. */
export const sampleStages: StageInfo[] = [
  stage(1, 1, "A", 10),
  stage(2, 2, "B", 25, "open", 30),
  stage(3, 3, "C", 50),
  stage(4, 4, "D", 75, "open", 30),
  stage(5, 5, "won", 100, "won"),
  stage(6, 6, "lost", 0, "lost"),
];

export interface SampleOpportunity {
  id: number;
  ownerId: number;
  source: string;
  amountFen: number;
  createdAt: number;
  status: "open" | "won" | "lost";
  stageId: number;
  stageEnteredAt: number;
  closedAt: number | null;
  events: JourneyEvent[];
}

let seq = 0;
const ev = (kind: JourneyEvent["kind"], from: number | null, to: number, at: number): JourneyEvent => ({
  id: ++seq,
  kind,
  fromStageId: from,
  toStageId: to,
  at,
});

export const sampleOpportunities: SampleOpportunity[] = [
  {
    id: 1,
    ownerId: 1,
    source: "cold_visit",
    amountFen: 1_000_000,
    createdAt: on(1, 2),
    status: "won",
    stageId: 5,
    stageEnteredAt: on(2, 11),
    closedAt: on(2, 11),
    events: [
      ev("create", null, 1, on(1, 2)),
      ev("advance", 1, 2, on(1, 12)),
      ev("advance", 2, 3, on(1, 22)),
      ev("advance", 3, 4, on(2, 1)),
      ev("won", 4, 5, on(2, 11)),
    ],
  },
  {
    id: 2,
    ownerId: 1,
    source: "cold_visit",
    amountFen: 2_000_000,
    createdAt: on(1, 5),
    status: "lost",
    stageId: 6,
    stageEnteredAt: on(2, 20),
    closedAt: on(2, 20),
    events: [
      ev("create", null, 1, on(1, 5)),
      ev("advance", 1, 2, on(1, 10)),
      ev("back", 2, 1, on(1, 20)),
      ev("advance", 1, 2, on(1, 25)),
      ev("advance", 2, 3, on(2, 5)),
      ev("lost", 3, 6, on(2, 20)),
    ],
  },
  {
    id: 3,
    ownerId: 1,
    source: "inbound",
    amountFen: 500_000,
    createdAt: on(1, 8),
    status: "lost",
    stageId: 6,
    stageEnteredAt: on(1, 18),
    closedAt: on(1, 18),
    events: [ev("create", null, 1, on(1, 8)), ev("lost", 1, 6, on(1, 18))],
  },
  {
    id: 4,
    ownerId: 1,
    source: "follow_up",
    amountFen: 3_000_000,
    createdAt: on(1, 15),
    status: "open",
    stageId: 2,
    stageEnteredAt: on(1, 20),
    closedAt: null,
    events: [ev("create", null, 1, on(1, 15)), ev("advance", 1, 2, on(1, 20)), ev("stay", 2, 2, on(2, 1))],
  },
  {
    id: 5,
    ownerId: 2,
    source: "inbound",
    amountFen: 4_000_000,
    createdAt: on(2, 3),
    status: "won",
    stageId: 5,
    stageEnteredAt: on(3, 16),
    closedAt: on(3, 16),
    events: [
      ev("create", null, 1, on(2, 3)),
      ev("advance", 1, 2, on(2, 8)),
      ev("advance", 2, 3, on(2, 13)),
      ev("lost", 3, 6, on(2, 23)),
      ev("reopen", 6, 3, on(3, 1)),
      ev("advance", 3, 4, on(3, 6)),
      ev("won", 4, 5, on(3, 16)),
    ],
  },
  {
    id: 6,
    ownerId: 2,
    source: "penetration",
    amountFen: 600_000,
    createdAt: on(2, 10),
    status: "open",
    stageId: 1,
    stageEnteredAt: on(2, 10),
    closedAt: null,
    events: [ev("create", null, 1, on(2, 10))],
  },
  {
    id: 7,
    ownerId: 2,
    source: "cultivation",
    amountFen: 5_000_000,
    createdAt: on(1, 20),
    status: "open",
    stageId: 4,
    stageEnteredAt: on(2, 24),
    closedAt: null,
    events: [
      ev("create", null, 1, on(1, 20)),
      ev("advance", 1, 2, on(1, 25)),
      ev("advance", 2, 3, on(1, 30)),
      ev("back", 3, 2, on(2, 4)),
      ev("advance", 2, 3, on(2, 14)),
      ev("advance", 3, 4, on(2, 24)),
    ],
  },
];
