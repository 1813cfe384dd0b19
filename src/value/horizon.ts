/** A lifetime-value horizon as people give it — "12m", "26w", "90d" or a bare number of months — in months. Pure. */
export function parseHorizon(s: string): number | null {
  const m = s
    .trim()
    .toLowerCase()
    .match(/^(\d+(?:\.\d+)?)\s*(m|mo|months?|月|w|wk|weeks?|周|d|days?|天)?$/);
  if (!m) return null;
  const n = Number(m[1]);
  if (!(n > 0)) return null;
  const unit = m[2] ?? "m";
  if (/^(w|wk|weeks?|周)$/.test(unit)) return (n * 7 * 12) / 365.25;
  if (/^(d|days?|天)$/.test(unit)) return (n * 12) / 365.25;
  return n;
}
