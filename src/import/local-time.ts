/**
 * Wall-clock time in the organisation's zone → epoch ms, fast enough for 100,000 rows: the start of each
 * calendar day is computed once (Intl is slow) and cached; days with a DST change take the exact path. Pure.
 */
import { DAY_MS, zonedTime } from "../core/dates";

const dayStarts = new Map<string, { start: number; regular: boolean }>();

function dayStart(tz: string, y: number, m: number, d: number) {
  const key = `${tz}|${y}-${m}-${d}`;
  let e = dayStarts.get(key);
  if (!e) {
    const start = zonedTime(tz, y, m, d);
    const next = new Date(Date.UTC(y, m - 1, d + 1));
    const nextStart = zonedTime(tz, next.getUTCFullYear(), next.getUTCMonth() + 1, next.getUTCDate());
    e = { start, regular: nextStart - start === DAY_MS };
    if (dayStarts.size > 200_000) dayStarts.clear();
    dayStarts.set(key, e);
  }
  return e;
}

/** The instant at which the wall clock in `tz` shows y-m-d h:mi:s.ms. */
export function localToMs(tz: string, y: number, m: number, d: number, h = 0, mi = 0, s = 0, ms = 0): number {
  const e = dayStart(tz, y, m, d);
  if (e.regular) return e.start + ((h * 60 + mi) * 60 + s) * 1000 + ms;
  return zonedTime(tz, y, m, d, h, mi) + s * 1000 + ms;
}

/** Whether y-m-d is a real calendar date. */
export function isRealDate(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1 || d > 31 || y < 1000 || y > 9999) return false;
  const t = new Date(Date.UTC(y, m - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
}

/** "2026-06-15" → the start of that day in `tz`. */
export function localDateMs(ymd: string, tz: string): number {
  const [y, m, d] = ymd.split("-").map(Number);
  return localToMs(tz, y, m, d);
}
