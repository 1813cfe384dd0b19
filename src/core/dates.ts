/**
 * Calendar periods cut in the organisation's time zone. Timestamps are epoch milliseconds (UTC);
 * calendar dates are "YYYY-MM-DD" strings. Pure: the caller passes `now` and the zone.
 */
export const DAY_MS = 86_400_000;

export type PeriodKind = "week" | "month" | "quarter" | "year";

export interface Period {
  kind: PeriodKind;
  /** "2026-W47", "2026-11", "2026-Q4", "2026" */
  key: string;
  /** inclusive start, epoch ms */
  start: number;
  /** exclusive end, epoch ms */
  end: number;
}

const partsCache = new Map<string, Intl.DateTimeFormat>();
function fmt(tz: string) {
  let f = partsCache.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone: tz,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    partsCache.set(tz, f);
  }
  return f;
}

/** Wall-clock parts of an instant in a zone. */
export function zonedParts(ms: number, tz: string) {
  const p: Record<string, number> = {};
  for (const { type, value } of fmt(tz).formatToParts(new Date(ms))) if (type !== "literal") p[type] = Number(value);
  return { year: p.year, month: p.month, day: p.day, hour: p.hour, minute: p.minute, second: p.second };
}

/** The instant at which the wall clock in `tz` shows the given local time. */
export function zonedTime(tz: string, year: number, month: number, day = 1, hour = 0, minute = 0): number {
  const guess = Date.UTC(year, month - 1, day, hour, minute);
  // Two rounds settle any offset, including across DST changes.
  let t = guess;
  for (let i = 0; i < 2; i++) {
    const p = zonedParts(t, tz);
    const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
    t += guess - asUtc;
  }
  return t;
}

/** "YYYY-MM-DD" of an instant in a zone. */
export function localDate(ms: number, tz: string): string {
  const p = zonedParts(ms, tz);
  return `${p.year}-${pad(p.month)}-${pad(p.day)}`;
}

/** Start of a calendar date in a zone. */
export function dateStart(date: string, tz: string): number {
  const [y, m, d] = date.split("-").map(Number);
  return zonedTime(tz, y, m, d);
}

export function isIsoDate(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const [y, m, d] = s.split("-").map(Number);
  const t = new Date(Date.UTC(y, m - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
}

/** The period of a kind containing the instant. Weeks start on Monday (ISO). */
export function periodOf(kind: PeriodKind, ms: number, tz: string): Period {
  const p = zonedParts(ms, tz);
  if (kind === "year") return period(kind, `${p.year}`, zonedTime(tz, p.year, 1), zonedTime(tz, p.year + 1, 1));
  if (kind === "quarter") {
    const q = Math.floor((p.month - 1) / 3);
    const start = zonedTime(tz, p.year, q * 3 + 1);
    const end = q === 3 ? zonedTime(tz, p.year + 1, 1) : zonedTime(tz, p.year, q * 3 + 4);
    return period(kind, `${p.year}-Q${q + 1}`, start, end);
  }
  if (kind === "month") {
    const end = p.month === 12 ? zonedTime(tz, p.year + 1, 1) : zonedTime(tz, p.year, p.month + 1);
    return period(kind, `${p.year}-${pad(p.month)}`, zonedTime(tz, p.year, p.month), end);
  }
  const dow = (new Date(Date.UTC(p.year, p.month - 1, p.day)).getUTCDay() + 6) % 7; // Monday = 0
  const monday = new Date(Date.UTC(p.year, p.month - 1, p.day - dow));
  const start = zonedTime(tz, monday.getUTCFullYear(), monday.getUTCMonth() + 1, monday.getUTCDate());
  const next = new Date(monday.getTime() + 7 * DAY_MS);
  const end = zonedTime(tz, next.getUTCFullYear(), next.getUTCMonth() + 1, next.getUTCDate());
  return period(kind, isoWeekKey(monday), start, end);
}

/** Parses "2026", "2026-Q4", "2026-11", "2026-W47" into a period in the zone. */
export function parsePeriod(key: string, tz: string): Period | null {
  let m: RegExpMatchArray | null;
  if ((m = key.match(/^(\d{4})$/))) return periodOf("year", zonedTime(tz, +m[1], 1, 1, 12), tz);
  if ((m = key.match(/^(\d{4})-Q([1-4])$/))) return periodOf("quarter", zonedTime(tz, +m[1], (+m[2] - 1) * 3 + 1, 1, 12), tz);
  if ((m = key.match(/^(\d{4})-(\d{2})$/)) && +m[2] >= 1 && +m[2] <= 12) return periodOf("month", zonedTime(tz, +m[1], +m[2], 1, 12), tz);
  if ((m = key.match(/^(\d{4})-W(\d{2})$/))) {
    const jan4 = new Date(Date.UTC(+m[1], 0, 4));
    const monday = new Date(jan4.getTime() - ((jan4.getUTCDay() + 6) % 7) * DAY_MS + (+m[2] - 1) * 7 * DAY_MS);
    return periodOf("week", zonedTime(tz, monday.getUTCFullYear(), monday.getUTCMonth() + 1, monday.getUTCDate(), 12), tz);
  }
  return null;
}

/** The period right before, of the same kind. */
export function previousPeriod(p: Period, tz: string): Period {
  return periodOf(p.kind, p.start - 1, tz);
}

/** Consecutive periods of a kind covering [from, to). */
export function periodsBetween(kind: PeriodKind, from: number, to: number, tz: string): Period[] {
  const out: Period[] = [];
  for (let p = periodOf(kind, from, tz); p.start < to; p = periodOf(kind, p.end, tz)) out.push(p);
  return out;
}

function isoWeekKey(monday: Date): string {
  const thursday = new Date(monday.getTime() + 3 * DAY_MS);
  const year = thursday.getUTCFullYear();
  const jan1 = Date.UTC(year, 0, 1);
  const week = Math.floor((thursday.getTime() - jan1) / DAY_MS / 7) + 1;
  return `${year}-W${pad(week)}`;
}

const period = (kind: PeriodKind, key: string, start: number, end: number): Period => ({ kind, key, start, end });
const pad = (n: number) => String(n).padStart(2, "0");
