/** Ranks with SQL RANK() semantics: equal values share the lowest rank, and the next rank skips (1, 2, 2, 4). */

/** 1-based competition rank of each value, in input order; `descending` ranks the largest first. */
export function competitionRanks(values: readonly number[], descending = false): number[] {
  const order = values.map((v, i) => i).sort((i, j) => (descending ? values[j] - values[i] : values[i] - values[j]));
  const ranks = new Array<number>(values.length);
  for (let k = 0; k < order.length; k++) {
    const i = order[k];
    ranks[i] = k > 0 && values[order[k - 1]] === values[i] ? ranks[order[k - 1]] : k + 1;
  }
  return ranks;
}

/** Percentile score 0–100: the share of the other customers with a strictly smaller value (all equal → 100). */
export function percentileScores(values: readonly number[]): number[] {
  const n = values.length;
  if (n <= 1) return values.map(() => 100);
  const ranks = competitionRanks(values); // ascending: rank − 1 values are strictly smaller
  return ranks.map((r) => (100 * (r - 1)) / (n - 1));
}
