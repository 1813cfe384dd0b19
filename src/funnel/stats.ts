/** Small statistics over the aggregates SQL returns: means from sums, quantiles from whole-day histograms. */

/** sum / n, or null when n is 0. */
export const mean = (sum: number, n: number): number | null => (n === 0 ? null : sum / n);

/**
 * The q-quantile (0 < q ≤ 1) of whole-day values given as a histogram day → count: the smallest day d such
 * that at least q of the values are ≤ d (the "nearest rank" definition). For q = 0.5 with an even count this is
 * the lower middle value; it is what the SQL histograms can give exactly, on both databases.
 */
export function quantileOfHistogram(hist: ReadonlyMap<number, number> | Iterable<readonly [number, number]>, q: number): number | null {
  const bins = [...(hist instanceof Map ? hist.entries() : hist)].filter(([, n]) => n > 0).sort((a, b) => a[0] - b[0]);
  const total = bins.reduce((s, [, n]) => s + n, 0);
  if (total === 0) return null;
  const rank = Math.max(1, Math.ceil(q * total));
  let seen = 0;
  for (const [day, n] of bins) {
    seen += n;
    if (seen >= rank) return day;
  }
  return bins[bins.length - 1][0];
}

/** The same quantile over plain values (floored to whole days first), for checks and small data. */
export function quantileOfDays(days: readonly number[], q: number): number | null {
  const h = new Map<number, number>();
  for (const d of days) h.set(Math.floor(d), (h.get(Math.floor(d)) ?? 0) + 1);
  return quantileOfHistogram(h, q);
}

/** Relative change (now − before) / before, null when before is 0 or either is missing. */
export const relativeChange = (now: number | null, before: number | null): number | null =>
  now == null || before == null || before === 0 ? null : (now - before) / before;
