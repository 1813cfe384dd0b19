/** The reporting window: as-of date and months back, or explicit from/to dates, as epoch-ms bounds in the org zone. */
import { DAY_MS, dateStart, localDate } from "../core/dates";

export interface WindowQuery {
  asOf?: string;
  months?: number;
  from?: string;
  to?: string;
}
export interface ResolvedWindow {
  /** inclusive calendar dates */
  from: string;
  to: string;
  /** [start of from, end of to) in epoch ms */
  window: { from: number; to: number };
}

/** Adds whole months to a "YYYY-MM-DD" date, clamping to the month's last day (2026-03-31 − 1 month = 2026-02-28). */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split("-").map(Number);
  const first = new Date(Date.UTC(y, m - 1 + months, 1));
  const last = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
  return `${first.getUTCFullYear()}-${String(first.getUTCMonth() + 1).padStart(2, "0")}-${String(Math.min(d, last)).padStart(2, "0")}`;
}

export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** Default: the `months` months ending on the as-of date (today in the zone), e.g. 2025-06-16 … 2026-06-15. */
export function resolveWindow(q: WindowQuery, now: number, tz: string, defaultMonths: number): ResolvedWindow {
  const to = q.to ?? q.asOf ?? localDate(now, tz);
  const from = q.from ?? addDays(addMonths(to, -(q.months ?? defaultMonths)), 1);
  return { from, to, window: { from: dateStart(from, tz), to: dateStart(addDays(to, 1), tz) } };
}
