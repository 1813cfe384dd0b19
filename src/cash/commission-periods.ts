/**
 * The period keys of a local calendar date, pure: its year, quarter, month and ISO week, spelled as parsePeriod
 * (src/core/dates.ts) reads them and periodOf names them — the cells of the commission roll-up a payment counts in.
 */

const pad = (n: number) => String(n).padStart(2, "0");
const DAY_MS = 86_400_000;

/** "2026-06-10" → ["2026", "2026-Q2", "2026-06", "2026-W24"]. */
export function periodKeysOf(date: string): string[] {
  const [y, m, d] = [Number(date.slice(0, 4)), Number(date.slice(5, 7)), Number(date.slice(8, 10))];
  const at = Date.UTC(y, m - 1, d);
  const dow = (new Date(at).getUTCDay() + 6) % 7; // Monday = 0
  const thursday = new Date(at + (3 - dow) * DAY_MS);
  const wy = thursday.getUTCFullYear();
  const week = Math.floor((thursday.getTime() - Date.UTC(wy, 0, 1)) / DAY_MS / 7) + 1;
  return [`${y}`, `${y}-Q${Math.floor((m - 1) / 3) + 1}`, `${y}-${pad(m)}`, `${wy}-W${pad(week)}`];
}
