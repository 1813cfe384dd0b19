import { beforeAll, expect, test } from "vitest";
import { forEachDatabase } from "../db/testing";
import type { Viewer } from "../access/viewer";
import { conversion } from "./conversion";
import { forwardRanks, furthestRank, stageAt } from "./journey";
import { ladder } from "./ladder";
import { type LoadedSample, loadSample } from "./sample-load";
import { on, sampleOpportunities, sampleStages } from "./sample-funnel";
import { cohortDrill, cohortRows, flowDrill, flowRows, snapshotDrill, snapshotRows } from "./store";
import { reachedFromFurthest } from "./conversion";

const admin: Viewer = { id: 1, role: "admin", teamId: null, name: "a", email: "a@x", locale: "zh-CN" };
const pureLadder = ladder(sampleStages);

forEachDatabase("funnel store on the hand-worked sample", (h) => {
  let S: LoadedSample;
  const scope = { viewer: admin, filters: {} };
  beforeAll(async () => {
    S = await loadSample(h().db, { 1: 101, 2: 102 }, on(1, 1));
  });
  const L = () => ladder(S.stages);
  const byStage = (rows: { stageId: number; count: number; amountFen: number }[]) => Object.fromEntries(rows.map((r) => [r.stageId, [r.count, r.amountFen]]));

  test("snapshot now: 6 in A, 4 in B, 7 in D", async () => {
    const rows = await snapshotRows(h().db, scope, S.pipelineId, L(), null);
    expect(byStage(rows)).toEqual({ [S.stage(1)]: [1, 600_000], [S.stage(2)]: [1, 3_000_000], [S.stage(4)]: [1, 5_000_000] });
  });

  test("snapshot as of 2026-02-15 agrees with replaying each opportunity's events", async () => {
    const asOf = on(2, 16);
    const rows = await snapshotRows(h().db, scope, S.pipelineId, L(), asOf);
    // by hand: A 6; B 4; C 2, 5, 7 (5 not yet lost); 1 already won; 3 lost
    expect(byStage(rows)).toEqual({ [S.stage(1)]: [1, 600_000], [S.stage(2)]: [1, 3_000_000], [S.stage(3)]: [3, 11_000_000] });
    // the second way: the pure replay
    const replay = new Map<number, number>();
    for (const o of sampleOpportunities) {
      const st = stageAt(o.events, asOf - 1);
      if (st != null && st <= 4) replay.set(S.stage(st), (replay.get(S.stage(st)) ?? 0) + 1);
    }
    expect(Object.fromEntries(rows.map((r) => [r.stageId, r.count]))).toEqual(Object.fromEntries(replay));
    const d = await snapshotDrill(h().db, scope, S.pipelineId, L(), asOf, S.stage(3));
    expect(d).toEqual({ key: `stage:${S.stage(3)}`, total: 3, ids: [S.opp(2), S.opp(5), S.opp(7)] });
  });

  test("snapshot as of Feb 25 leaves out 5, lost on Feb 23 and reopened only in March", async () => {
    const rows = await snapshotRows(h().db, scope, S.pipelineId, L(), on(2, 26));
    expect(rows.reduce((s, r) => s + r.count, 0)).toBe(3); // 4 in B, 6 in A, 7 in D
  });

  test("January's cohort: 5 → 4 → 3 → 2 → 1, the same as the replay", async () => {
    const rows = await cohortRows(h().db, scope, S.pipelineId, L(), on(1, 1), on(2, 1));
    const furthest = new Map<number, number>();
    for (const r of rows) furthest.set(r.furthest, (furthest.get(r.furthest) ?? 0) + r.n);
    const reached = reachedFromFurthest(furthest, 5);
    expect(reached).toEqual([5, 4, 3, 2, 1]);
    const replay = [1, 2, 3, 4, 5].map((r) => sampleOpportunities.filter((o) => o.createdAt < on(2, 1) && furthestRank(o.events, pureLadder) >= r).length);
    expect(reached).toEqual(replay);
    // furthest C and lost: opportunity 2; furthest B and open: 4
    expect(rows).toContainEqual({ furthest: 3, status: "lost", n: 1 });
    expect(rows).toContainEqual({ furthest: 2, status: "open", n: 1 });
    expect(conversion(reached)[3].rate).toBe(0.5);
    const d = await cohortDrill(h().db, scope, S.pipelineId, L(), on(1, 1), on(2, 1), "stage", S.stage(3));
    expect(d.ids).toEqual([S.opp(1), S.opp(2), S.opp(7)]);
    const dd = await cohortDrill(h().db, scope, S.pipelineId, L(), on(1, 1), on(2, 1), "dropped", S.stage(1));
    expect(dd.ids).toEqual([S.opp(3)]);
  });

  test("the flow view for January and February agrees with the replay", async () => {
    for (const [from, to, hand] of [
      [on(1, 1), on(2, 1), [5, 4, 2, 0, 0]],
      [on(2, 1), on(3, 1), [2, 1, 3, 2, 1]],
    ] as const) {
      const rows = await flowRows(h().db, scope, S.pipelineId, L(), from, to);
      expect(rows).toEqual(hand);
      const replay = [1, 2, 3, 4, 5].map((r) => sampleOpportunities.filter((o) => forwardRanks(o.events, pureLadder, from, to).has(r)).length);
      expect(rows).toEqual(replay);
    }
    const d = await flowDrill(h().db, scope, S.pipelineId, L(), on(2, 1), on(3, 1), S.stage(3));
    expect(d.ids).toEqual([S.opp(2), S.opp(5), S.opp(7)]);
  });

  test("filters and visibility narrow the counts", async () => {
    const rep: Viewer = { ...admin, id: 102, role: "rep" };
    const rows = await snapshotRows(h().db, { viewer: rep, filters: {} }, S.pipelineId, L(), null);
    expect(rows.reduce((s, r) => s + r.count, 0)).toBe(2); // 6 and 7 belong to owner 2
    const cold = await cohortRows(h().db, { viewer: admin, filters: { source: "cold_visit" } }, S.pipelineId, L(), on(1, 1), on(2, 1));
    expect(cold.reduce((s, r) => s + r.n, 0)).toBe(2);
  });
});
