/** The time range of a report: a period key ("2026-Q4"), or from/to dates, or a default; and the one before it. */
import { invalid } from "../core/errors";
import { dateStart, isIsoDate, type Period, type PeriodKind, parsePeriod, periodOf, previousPeriod } from "../core/dates";

export interface Range {
  key: string;
  start: number;
  end: number;
  kind: PeriodKind | "custom";
}

export interface RangeQuery {
  period?: string;
  from?: string;
  to?: string;
}

/** `to` is inclusive (a whole day). Without any, the `fallback` kind of period containing `now`. */
export function resolveRange(q: RangeQuery, tz: string, now: number, fallback: PeriodKind = "quarter"): Range {
  if (q.period) {
    const p = parsePeriod(q.period, tz);
    if (!p) throw invalid("period", "period must look like 2026, 2026-Q4, 2026-11 or 2026-W47");
    return p;
  }
  if (q.from || q.to) {
    if (!q.from || !isIsoDate(q.from)) throw invalid("from", "from must be a date YYYY-MM-DD");
    if (!q.to || !isIsoDate(q.to)) throw invalid("to", "to must be a date YYYY-MM-DD");
    const start = dateStart(q.from, tz);
    const endCut = nextMidnight(q.to, tz);
    if (endCut <= start) throw invalid("to", "to must not be before from");
    return { key: `${q.from}..${q.to}`, start, end: endCut, kind: "custom" };
  }
  return periodOf(fallback, now, tz);
}

function nextMidnight(date: string, tz: string): number {
  const [y, m, d] = date.split("-").map(Number);
  const next = new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10);
  return dateStart(next, tz);
}

/** The range of the same length right before (the previous period for a period key). */
export function previousRange(r: Range, tz: string): Range {
  if (r.kind !== "custom") return previousPeriod(r as Period, tz);
  const len = r.end - r.start;
  return { key: `previous ${r.key}`, start: r.start - len, end: r.start, kind: "custom" };
}

/** End of the day `date` in the zone (exclusive instant), for "as of" reports. */
export function endOfDay(date: string, tz: string): number {
  if (!isIsoDate(date)) throw invalid("asOf", "asOf must be a date YYYY-MM-DD");
  return nextMidnight(date, tz);
}
