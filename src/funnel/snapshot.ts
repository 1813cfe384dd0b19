/** The snapshot funnel (D1): open opportunities per stage with amount and probability-weighted amount. */
import type { Ladder } from "./ladder";

export interface SnapshotRow {
  stageId: number;
  count: number;
  amountFen: number;
}

export interface SnapshotStage {
  stageId: number;
  key: string;
  nameZh: string;
  nameEn: string;
  probability: number;
  count: number;
  amountFen: number;
  /** amount × the stage's probability, rounded to the fen */
  weightedFen: number;
}

export interface Snapshot {
  stages: SnapshotStage[];
  total: { count: number; amountFen: number; weightedFen: number };
}

/** One row per open stage in pipeline order (stages with nothing in them show zeros). */
export function snapshotReport(l: Ladder, rows: readonly SnapshotRow[]): Snapshot {
  const by = new Map(rows.map((r) => [r.stageId, r]));
  const stages = l.steps
    .filter((s) => s.kind === "open")
    .map((s) => {
      const r = by.get(s.id);
      const amountFen = r?.amountFen ?? 0;
      return {
        stageId: s.id,
        key: s.key,
        nameZh: s.nameZh,
        nameEn: s.nameEn,
        probability: s.probability,
        count: r?.count ?? 0,
        amountFen,
        weightedFen: Math.round((amountFen * s.probability) / 100),
      };
    });
  const total = stages.reduce((t, s) => ({ count: t.count + s.count, amountFen: t.amountFen + s.amountFen, weightedFen: t.weightedFen + s.weightedFen }), {
    count: 0,
    amountFen: 0,
    weightedFen: 0,
  });
  return { stages, total };
}
