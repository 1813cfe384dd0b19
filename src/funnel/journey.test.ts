import { expect, test } from "vitest";
import { conversion } from "./conversion";
import { forwardRanks, furthestRank, stageAt, visits } from "./journey";
import { ladder } from "./ladder";
import { DAY, on, sampleOpportunities as opps, sampleStages } from "./sample-funnel";

const l = ladder(sampleStages);
const ev = (id: number) => opps.find((o) => o.id === id)!.events;

test("January's cohort reaches 5 → 4 → 3 → 2 → 1 (back-moves and re-entries count once)", () => {
  // created in January: 1 (won, rank 5), 2 (furthest C = 3, with a back-move and re-entry into B),
  // 3 (lost in A = 1), 4 (B = 2), 7 (D = 4, moved back once). Reached r = number with furthest ≥ r.
  const jan = opps.filter((o) => o.createdAt >= on(1, 1) && o.createdAt < on(2, 1));
  const furthest = jan.map((o) => furthestRank(o.events, l));
  expect(furthest).toEqual([5, 3, 1, 2, 4]);
  const reached = [1, 2, 3, 4, 5].map((r) => furthest.filter((f) => f >= r).length);
  expect(reached).toEqual([5, 4, 3, 2, 1]);
  expect(conversion(reached).map((s) => s.rate)).toEqual([4 / 5, 3 / 4, 2 / 3, 1 / 2]);
});

test("the flow view counts forward entries in the period, once per opportunity and stage", () => {
  // February: 1 enters D and Won; 2 enters C; 5 is created, enters B and C (then lost, reopened in March);
  // 6 is created; 7 moves back to B, then enters C again and D. → A 2, B 1, C 3, D 2, Won 1.
  const counts = [1, 2, 3, 4, 5].map((r) => opps.filter((o) => forwardRanks(o.events, l, on(2, 1), on(3, 1)).has(r)).length);
  expect(counts).toEqual([2, 1, 3, 2, 1]);
  // January: 2 enters B twice (advance, back, advance) but counts once → A 5, B 4, C 2, D 0, Won 0.
  const jan = [1, 2, 3, 4, 5].map((r) => opps.filter((o) => forwardRanks(o.events, l, on(1, 1), on(2, 1)).has(r)).length);
  expect(jan).toEqual([5, 4, 2, 0, 0]);
});

test("as of a past date each opportunity sits where its last event put it", () => {
  const at = on(2, 16) - 1; // end of 2026-02-15
  expect(opps.map((o) => stageAt(o.events, at))).toEqual([5, 3, 6, 2, 3, 1, 3]);
  expect(stageAt(ev(5), on(2, 25))).toBe(6); // lost on Feb 23, reopened only on Mar 1
  expect(stageAt(ev(6), on(1, 31))).toBeNull(); // not yet created
});

test("a stay does not end a visit; a back-move starts a new one", () => {
  expect(visits(ev(4)).map((v) => [v.stageId, v.leftAt == null ? null : (v.leftAt - v.enteredAt) / DAY])).toEqual([
    [1, 5],
    [2, null],
  ]);
  expect(visits(ev(2)).map((v) => [v.stageId, v.leftAt == null ? null : (v.leftAt - v.enteredAt) / DAY])).toEqual([
    [1, 5],
    [2, 10],
    [1, 5],
    [2, 11],
    [3, 15],
    [6, null],
  ]);
});
