/** The conversion funnel report (D2): reached counts, step conversion, loss, bottleneck, and comparisons. */
import { bottleneck, conversion, delta, overallConversion, type StepConversion, steepestStep } from "./conversion";
import type { Ladder } from "./ladder";

/** Per rank (index 0 = first stage): how many reached it, and of those whose furthest stage it is, how many are lost / still open. */
export interface ReachedCounts {
  reached: number[];
  droppedLost?: number[];
  droppedOpen?: number[];
}

export interface ConversionStageOut {
  stageId: number;
  key: string;
  nameZh: string;
  nameEn: string;
  rank: number;
  reached: number;
  /** furthest stage reached is this one and the opportunity is now lost (cohort view only) */
  lostHere: number | null;
  /** furthest stage reached is this one and the opportunity is still open (cohort view only) */
  openHere: number | null;
}

export interface ConversionStepOut {
  fromStageId: number;
  toStageId: number;
  rate: number | null;
  lost: number;
  lossRatio: number | null;
  previousRate: number | null;
  /** rate − previousRate (0.05 = five percentage points) */
  rateChange: number | null;
  targetRate: number | null;
  /** rate − targetRate; negative when below target */
  vsTarget: number | null;
}

export interface BottleneckOut extends ConversionStepOut {
  previousLossRatio: number | null;
  lossRatioChange: number | null;
  /** whether the previous period's bottleneck was the same step; null when the previous period had none */
  sameAsPrevious: boolean | null;
}

export interface ConversionReport {
  stages: ConversionStageOut[];
  steps: ConversionStepOut[];
  overall: number | null;
  previousOverall: number | null;
  overallChange: number | null;
  /** the step that loses the most (see conversion.ts: bottleneck) */
  bottleneck: BottleneckOut | null;
  /** the step with the largest loss ratio on its own */
  steepest: ConversionStepOut | null;
  /** the step furthest below its target conversion, when any step has a target */
  worstVsTarget: ConversionStepOut | null;
}

export function conversionReport(l: Ladder, cur: ReachedCounts, prev: ReachedCounts | null): ConversionReport {
  const steps = conversion(cur.reached);
  const prevSteps = prev ? conversion(prev.reached) : null;
  const stepOut = (s: StepConversion): ConversionStepOut => {
    const from = l.steps[s.from];
    const previousRate = prevSteps?.[s.from]?.rate ?? null;
    const targetRate = from.targetConversion;
    return {
      fromStageId: from.id,
      toStageId: l.steps[s.to].id,
      rate: s.rate,
      lost: s.lost,
      lossRatio: s.lossRatio,
      previousRate,
      rateChange: delta(s.rate, previousRate),
      targetRate,
      vsTarget: delta(s.rate, targetRate),
    };
  };
  const outs = steps.map(stepOut);
  const b = bottleneck(steps);
  const pb = prevSteps ? bottleneck(prevSteps) : null;
  let bottleneckOut: BottleneckOut | null = null;
  if (b) {
    const previousLossRatio = prevSteps?.[b.from]?.lossRatio ?? null;
    bottleneckOut = {
      ...outs[b.from],
      previousLossRatio,
      lossRatioChange: delta(b.lossRatio, previousLossRatio),
      // null when the previous period had no bottleneck to compare with (no period, or nothing lost in it)
      sameAsPrevious: pb ? pb.from === b.from : null,
    };
  }
  const st = steepestStep(steps);
  let worst: ConversionStepOut | null = null;
  for (const o of outs) if (o.vsTarget != null && o.vsTarget < 0 && (worst == null || o.vsTarget < (worst.vsTarget ?? 0))) worst = o;
  const overall = overallConversion(cur.reached);
  const previousOverall = prev ? overallConversion(prev.reached) : null;
  return {
    stages: l.steps.map((s, i) => ({
      stageId: s.id,
      key: s.key,
      nameZh: s.nameZh,
      nameEn: s.nameEn,
      rank: i + 1,
      reached: cur.reached[i] ?? 0,
      lostHere: cur.droppedLost?.[i] ?? null,
      openHere: cur.droppedOpen?.[i] ?? null,
    })),
    steps: outs,
    overall,
    previousOverall,
    overallChange: delta(overall, previousOverall),
    bottleneck: bottleneckOut,
    steepest: st ? outs[st.from] : null,
    worstVsTarget: worst,
  };
}
