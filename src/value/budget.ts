/** A work budget for model fits: a cap on objective evaluations and on elapsed time, and the best point seen when it runs out. */

export interface FitBudget {
  /** most objective evaluations in all (BFGS and Nelder–Mead together) */
  maxEvaluations: number;
  /** most milliseconds of work, measured by `clock` */
  maxMs: number;
  /** a monotonic clock in ms (default performance.now) */
  clock?: () => number;
}

export const DEFAULT_FIT_BUDGET: FitBudget = { maxEvaluations: 20_000, maxMs: 5_000 };

/** Thrown from inside an objective when the budget is spent (or the fit walks off to infinity); the fit catches it and keeps the best point. */
export class BudgetSpent extends Error {
  constructor(readonly reason: "evaluations" | "time" | "diverging") {
    super(`fit stopped (${reason})`);
  }
}

/** Wraps an objective so that it counts evaluations, remembers the lowest value and throws BudgetSpent past the budget. */
export function budgeted<A extends ArrayLike<number>, R extends unknown[]>(f: (x: A, ...rest: R) => number, budget: FitBudget) {
  const clock = budget.clock ?? (() => performance.now());
  const started = clock();
  const state = { evaluations: 0, best: Infinity, bestX: [] as number[] };
  const wrapped = (x: A, ...rest: R): number => {
    if (state.evaluations >= budget.maxEvaluations) throw new BudgetSpent("evaluations");
    if ((state.evaluations & 15) === 0 && clock() - started > budget.maxMs) throw new BudgetSpent("time");
    state.evaluations++;
    const v = f(x, ...rest);
    if (v < state.best) {
      state.best = v;
      state.bestX = Array.from(x);
    }
    return v;
  };
  return { f: wrapped, state };
}
