import { expect, test } from "vitest";
import { DAY_MS } from "../core/dates";
import { ownerRecordAt, ownerRecords, stateAt, type OpportunityHistory } from "./history";

// Created day 0 into stage 1, advanced to 2 on day 10, to 3 on day 20, back to 2 on day 25, won on day 40.
// Activities on days 1, 5, 22, 30.
const h: OpportunityHistory = {
  id: 1,
  ownerId: 7,
  createdAt: 0,
  closedAt: 40 * DAY_MS,
  status: "won",
  stageId: 9,
  stageEnteredAt: 40 * DAY_MS,
  amountFen: 100,
  source: null,
  tier: null,
  events: [
    { at: 0, toStageId: 1, kind: "create" },
    { at: 10 * DAY_MS, toStageId: 2, kind: "advance" },
    { at: 20 * DAY_MS, toStageId: 3, kind: "advance" },
    { at: 22 * DAY_MS, toStageId: 3, kind: "stay" },
    { at: 25 * DAY_MS, toStageId: 2, kind: "back" },
    { at: 40 * DAY_MS, toStageId: 9, kind: "won" },
  ],
  activityTimes: [1, 5, 22, 30].map((d) => d * DAY_MS),
};

test("on day 15 the deal was 5 days into stage 2, with 2 activities behind it", () => {
  expect(stateAt(h, 15 * DAY_MS)).toEqual({ stageId: 2, ageDays: 15, daysInStage: 5, backMoves: 0, stageMoves: 1, activities: 2, activities30: 2 });
});

test("a 'stay' does not restart the clock; a move back does", () => {
  expect(stateAt(h, 24 * DAY_MS)).toMatchObject({ stageId: 3, daysInStage: 4 });
  // day 39: back in stage 2 since day 25 → 14 days; 3 stage moves, 1 back; activities in (9, 39]: days 22 and 30
  expect(stateAt(h, 39 * DAY_MS)).toEqual({ stageId: 2, ageDays: 39, daysInStage: 14, backMoves: 1, stageMoves: 3, activities: 4, activities30: 2 });
});

test("the close itself is never visible before it happened", () => {
  expect(stateAt(h, 40 * DAY_MS).stageId).toBe(2);
});

test("an owner's record counts only deals closed before the instant", () => {
  const mk = (id: number, closedDay: number, status: "won" | "lost"): OpportunityHistory => ({ ...h, id, closedAt: closedDay * DAY_MS, status });
  const recs = ownerRecords([mk(1, 10, "won"), mk(2, 20, "lost"), mk(3, 30, "won"), { ...h, id: 4, closedAt: null, status: "open" }]);
  expect(ownerRecordAt(recs.get(7), 5 * DAY_MS)).toEqual({ won: 0, closed: 0 });
  expect(ownerRecordAt(recs.get(7), 25 * DAY_MS)).toEqual({ won: 1, closed: 2 });
  expect(ownerRecordAt(recs.get(7), 31 * DAY_MS)).toEqual({ won: 2, closed: 3 });
  expect(ownerRecordAt(recs.get(8), 31 * DAY_MS)).toEqual({ won: 0, closed: 0 });
});
