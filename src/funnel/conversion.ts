/** Stage-to-stage conversion, loss ratio (流失比例) and the bottleneck (瓶颈) of a funnel. */

export interface StepConversion {
  /** index of the step's upper stage in the reached list */
  from: number;
  to: number;
  /** reached[to] / reached[from]; null when nobody reached `from` */
  rate: number | null;
  /** reached[from] − reached[to] */
  lost: number;
  /** lost / reached[from] (流失比例); null when nobody reached `from` */
  lossRatio: number | null;
}

/** Stage-to-stage conversion from the number of opportunities that reached each stage, in order. */
export function conversion(reached: readonly number[]): StepConversion[] {
  return reached.slice(1).map((n, i) => {
    const top = reached[i];
    return { from: i, to: i + 1, rate: top === 0 ? null : n / top, lost: top - n, lossRatio: top === 0 ? null : (top - n) / top };
  });
}

/** reached[last] / reached[0], or null for an empty funnel. */
export function overallConversion(reached: readonly number[]): number | null {
  if (reached.length === 0 || reached[0] === 0) return null;
  return reached[reached.length - 1] / reached[0];
}

/**
 * The bottleneck (瓶颈): the step that loses the most of the funnel — the most opportunities, i.e. the largest
 * share of those who entered the funnel — and among steps losing equally many, the one with the larger loss
 * ratio (流失比例). On the seed's 100 → 70 → 40 → 20 → 10 the steps lose 30, 30, 20, 10; of the two that lose
 * 30, 70 → 40 loses 42.9 % of its entrants against 30 %, so it is the bottleneck. Null when nobody was lost.
 */
export function bottleneck(steps: readonly StepConversion[]): StepConversion | null {
  let best: StepConversion | null = null;
  for (const s of steps) {
    if (s.lossRatio == null || s.lost <= 0) continue;
    if (best == null || s.lost > best.lost || (s.lost === best.lost && s.lossRatio > (best.lossRatio ?? 0))) best = s;
  }
  return best;
}

/** The step with the largest loss ratio on its own (ties to the earlier step); shown beside the bottleneck. */
export function steepestStep(steps: readonly StepConversion[]): StepConversion | null {
  let best: StepConversion | null = null;
  for (const s of steps) if (s.lossRatio != null && (best == null || s.lossRatio > (best.lossRatio ?? -1))) best = s;
  return best;
}

/**
 * Counts reached per rank from a histogram of each opportunity's furthest rank: an opportunity whose furthest
 * rank is r reached ranks 1…r. `furthest` maps rank (1-based) → number of opportunities; result index 0 is rank 1.
 */
export function reachedFromFurthest(furthest: ReadonlyMap<number, number>, ranks: number): number[] {
  const out = new Array<number>(ranks).fill(0);
  for (const [rank, n] of furthest) for (let r = 1; r <= Math.min(rank, ranks); r++) out[r - 1] += n;
  return out;
}

/** Change of a ratio between two periods in percentage points ×0.01 (i.e. plain difference), null when either is missing. */
export const delta = (now: number | null, before: number | null): number | null => (now == null || before == null ? null : now - before);
