/** Funnel balance (E1, 销售漏斗的平衡计算 of seed 001): from an annual target to contracts and target customers needed. */

export interface BalanceInput {
  /** annual target, in fen or in units (台) — the same unit as `averageContract` */
  annualTarget: number;
  averageContract: number;
  /** probability (0–1] that a target customer becomes a won customer */
  probability: number;
}

export interface Balance {
  /** annualTarget ÷ averageContract */
  contracts: number;
  /** contracts ÷ probability */
  customersPerYear: number;
  perMonth: number;
  /** per ISO week: a year of 52 weeks */
  perWeek: number;
}

/** Rounds for display the way the seed writes it (83.3 个/月); the values themselves stay exact. */
export const round1 = (x: number) => Math.round(x * 10) / 10;

export function balance(i: BalanceInput): Balance {
  if (!(i.averageContract > 0)) throw new RangeError("average contract must be positive");
  if (!(i.probability > 0 && i.probability <= 1)) throw new RangeError("probability must be in (0, 1]");
  const contracts = i.annualTarget / i.averageContract;
  // Divide by the probability in percent when it is a whole percent, so 100 ÷ 10 % is exactly 1000.
  const pct = i.probability * 100;
  const customersPerYear = Number.isInteger(Math.round(pct * 1e9) / 1e9) ? (contracts * 100) / Math.round(pct) : contracts / i.probability;
  return { contracts, customersPerYear, perMonth: customersPerYear / 12, perWeek: customersPerYear / 52 };
}

export interface StageNeed {
  /** how many opportunities must reach this stage per month (the last entry is Won: the contracts per month) */
  perMonth: number | null;
  perRepPerMonth: number | null;
  /** open opportunities in the stage now (null for Won) */
  open: number | null;
  /** open ÷ perMonth: months of supply the stage holds */
  coverage: number | null;
  /** perMonth − open when positive, else 0 */
  gap: number | null;
  /** probability that an opportunity now in this stage is won, from the measured conversions */
  winProbability: number | null;
}

/**
 * Stage by stage: with measured conversions `rates[k]` (stage k → k+1, the last one into Won), the number that
 * must reach each stage per month to win `contractsPerMonth`, per rep, and against the open pipeline.
 * `open[k]` is the number open in stage k now. A stage whose downstream conversion is unknown or zero needs null.
 */
export function stageNeeds(
  contractsPerMonth: number,
  rates: readonly (number | null)[],
  open: readonly number[],
  reps: number,
): { stages: StageNeed[]; expectedWinsFromOpen: number } {
  const n = rates.length; // open stages; index n is Won
  const win: (number | null)[] = new Array(n + 1).fill(null);
  win[n] = 1;
  for (let k = n - 1; k >= 0; k--) win[k] = rates[k] == null || win[k + 1] == null ? null : rates[k]! * win[k + 1]!;
  const stages: StageNeed[] = win.map((p, k) => {
    const perMonth = p == null || p === 0 ? null : contractsPerMonth / p;
    const o = k < n ? (open[k] ?? 0) : null;
    return {
      perMonth,
      perRepPerMonth: perMonth == null || reps <= 0 ? null : perMonth / reps,
      open: o,
      coverage: perMonth == null || o == null ? null : perMonth === 0 ? null : o / perMonth,
      gap: perMonth == null || o == null ? null : Math.max(0, perMonth - o),
      winProbability: p,
    };
  });
  const expectedWinsFromOpen = stages.slice(0, n).reduce((s, st) => s + (st.open ?? 0) * (st.winProbability ?? 0), 0);
  return { stages, expectedWinsFromOpen };
}
