/** Proposed targets from history (E2, seed 000 §4.1 "基于历史数据和趋势分析"): a least-squares line through the last periods. */

export interface TrendProposal {
  /** the proposal for the next period, never below zero, rounded to a whole unit (fen or 台) */
  proposed: number;
  slope: number;
  intercept: number;
  /** the history used, oldest first */
  basis: number[];
  method: "linear" | "mean" | "none";
}

/**
 * Fits y = intercept + slope·x to the history (x = 0 … n−1, oldest first) and extends it `ahead` periods
 * (x = n − 1 + ahead; 1 = the period right after the history), then applies `growth` (0.1 = +10 %) on top.
 * With one period the proposal is that period; with none, 0.
 */
export function proposeTarget(history: readonly number[], growth = 0, ahead = 1): TrendProposal {
  const n = history.length;
  if (n === 0) return { proposed: 0, slope: 0, intercept: 0, basis: [], method: "none" };
  if (n === 1) return { proposed: Math.max(0, Math.round(history[0] * (1 + growth))), slope: 0, intercept: history[0], basis: [...history], method: "mean" };
  const mx = (n - 1) / 2;
  const my = history.reduce((s, y) => s + y, 0) / n;
  let sxy = 0;
  let sxx = 0;
  history.forEach((y, x) => {
    sxy += (x - mx) * (y - my);
    sxx += (x - mx) ** 2;
  });
  const slope = sxy / sxx;
  const intercept = my - slope * mx;
  return { proposed: Math.max(0, Math.round((intercept + slope * (n - 1 + ahead)) * (1 + growth))), slope, intercept, basis: [...history], method: "linear" };
}

/** Won ÷ target, and the pace: won ÷ (target × share of the period elapsed). Null when there is no target. */
export function attainment(target: number | null, won: number, elapsedShare: number): { ratio: number | null; pace: number | null } {
  if (target == null || target <= 0) return { ratio: null, pace: null };
  const e = Math.min(1, Math.max(0, elapsedShare));
  return { ratio: won / target, pace: e === 0 ? null : won / (target * e) };
}
