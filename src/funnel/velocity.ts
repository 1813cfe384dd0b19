/** Pipeline velocity (D4) and the four levers of seed 001 (提高赢单率, 更多更好的机会, 缩短销售周期, 做大单子) as a what-if. */

export interface VelocityInputs {
  openCount: number;
  /** won ÷ (won + lost) among deals closed in the look-back window */
  winRate: number | null;
  avgWonFen: number | null;
  /** mean days from creation to won */
  avgCycleDays: number | null;
}

/** Average days in a month and a quarter (365.25 / 12 and / 4), used for "per month" figures. */
export const DAYS_PER_MONTH = 365.25 / 12;

/** Expected won revenue per day, in fen (not rounded): open × win rate × average won ÷ cycle days. */
export function velocityPerDay(v: VelocityInputs): number | null {
  if (v.winRate == null || v.avgWonFen == null || v.avgCycleDays == null || v.avgCycleDays <= 0) return null;
  return (v.openCount * v.winRate * v.avgWonFen) / v.avgCycleDays;
}

/** Relative changes: 0.1 = +10 %. For `cycle`, −0.1 means a cycle 10 % shorter. */
export interface Levers {
  winRate?: number;
  opportunities?: number;
  dealSize?: number;
  cycle?: number;
}
export type LeverName = keyof Levers;

export function applyLevers(v: VelocityInputs, l: Levers): VelocityInputs {
  return {
    openCount: v.openCount * (1 + (l.opportunities ?? 0)),
    winRate: v.winRate == null ? null : Math.min(1, v.winRate * (1 + (l.winRate ?? 0))),
    avgWonFen: v.avgWonFen == null ? null : v.avgWonFen * (1 + (l.dealSize ?? 0)),
    avgCycleDays: v.avgCycleDays == null ? null : v.avgCycleDays * (1 + (l.cycle ?? 0)),
  };
}

export interface WhatIfLine {
  lever: LeverName | "base" | "combined";
  change: number;
  inputs: VelocityInputs;
  perDayFen: number | null;
  revenueFen: number | null;
  deltaFen: number | null;
}

/**
 * Projected revenue over `horizonDays` (e.g. the next quarter) at today's velocity, with each lever alone and
 * all of them together. Revenues are rounded to the fen.
 */
export function whatIf(base: VelocityInputs, levers: Levers, horizonDays: number): WhatIfLine[] {
  const line = (lever: WhatIfLine["lever"], change: number, inputs: VelocityInputs): WhatIfLine => {
    const perDay = velocityPerDay(inputs);
    return { lever, change, inputs, perDayFen: perDay, revenueFen: perDay == null ? null : Math.round(perDay * horizonDays), deltaFen: null };
  };
  const baseLine = line("base", 0, base);
  const names: LeverName[] = ["winRate", "opportunities", "dealSize", "cycle"];
  const lines = [
    baseLine,
    ...names.map((n) => line(n, levers[n] ?? 0, applyLevers(base, { [n]: levers[n] ?? 0 }))),
    line("combined", 0, applyLevers(base, levers)),
  ];
  for (const l of lines) l.deltaFen = l.revenueFen == null || baseLine.revenueFen == null ? null : l.revenueFen - baseLine.revenueFen;
  return lines;
}
