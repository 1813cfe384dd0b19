/** Cycle time (D3): days per stage visit and from creation to won, by month, and stall thresholds. */
import type { Ladder, StageInfo } from "./ladder";
import { mean, quantileOfHistogram } from "./stats";
import { DAY_MS } from "../core/dates";

/** One histogram bin from SQL: visits (or won deals) that ended in `bucket`, lasting `day` whole days. */
export interface DurationBin {
  stageId: number | null;
  bucket: number;
  day: number;
  n: number;
  sumMs: number;
}

export interface DurationStats {
  count: number;
  meanDays: number | null;
  medianDays: number | null;
  p90Days: number | null;
}

export interface CycleReport {
  periods: { key: string; stages: ({ stageId: number } & DurationStats)[]; won: DurationStats }[];
  /** all periods together */
  stages: ({ stageId: number; key: string; nameZh: string; nameEn: string } & DurationStats)[];
  won: DurationStats;
}

function stats(bins: readonly DurationBin[]): DurationStats {
  const count = bins.reduce((s, b) => s + b.n, 0);
  const sum = bins.reduce((s, b) => s + b.sumMs, 0);
  const hist = new Map<number, number>();
  for (const b of bins) hist.set(b.day, (hist.get(b.day) ?? 0) + b.n);
  const m = mean(sum, count);
  return { count, meanDays: m == null ? null : m / DAY_MS, medianDays: quantileOfHistogram(hist, 0.5), p90Days: quantileOfHistogram(hist, 0.9) };
}

/**
 * Builds the report from stage-visit bins (stageId set) and creation-to-won bins (stageId null); `periodKeys[i]`
 * names bucket i. Only open stages are listed: time in Won or Lost is not a stage duration.
 */
export function cycleReport(l: Ladder, periodKeys: readonly string[], stageBins: readonly DurationBin[], wonBins: readonly DurationBin[]): CycleReport {
  const open = l.steps.filter((s) => s.kind === "open");
  const of = (bins: readonly DurationBin[], stageId: number | null, bucket?: number) =>
    bins.filter((b) => b.stageId === stageId && (bucket == null || b.bucket === bucket));
  return {
    periods: periodKeys.map((key, i) => ({
      key,
      stages: open.map((s) => ({ stageId: s.id, ...stats(of(stageBins, s.id, i)) })),
      won: stats(of(wonBins, null, i)),
    })),
    stages: open.map((s) => ({ stageId: s.id, key: s.key, nameZh: s.nameZh, nameEn: s.nameEn, ...stats(of(stageBins, s.id)) })),
    won: stats(of(wonBins, null)),
  };
}

/**
 * Days after which an open opportunity counts as stalled in a stage: the stage's own threshold when set,
 * otherwise the 90th percentile of past visits to it (in whole days); null when neither is known.
 */
export function stallThreshold(stage: Pick<StageInfo, "stallDays">, p90Days: number | null): number | null {
  return stage.stallDays ?? p90Days;
}

/** Whether `enteredAt` is longer ago than the threshold at `asOf` (strictly more days). */
export const isStalled = (enteredAt: number, asOf: number, thresholdDays: number | null): boolean =>
  thresholdDays != null && asOf - enteredAt > thresholdDays * DAY_MS;
