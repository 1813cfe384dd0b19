import { expect, test } from "vitest";
import { dateStart, isIsoDate, localDate, parsePeriod, periodOf, periodsBetween, previousPeriod } from "./dates";

const SH = "Asia/Shanghai";

test("a month in Shanghai starts at 16:00 UTC the day before", () => {
  const p = parsePeriod("2026-11", SH)!;
  expect(new Date(p.start).toISOString()).toBe("2026-10-31T16:00:00.000Z");
  expect(new Date(p.end).toISOString()).toBe("2026-11-30T16:00:00.000Z");
});

test("an instant late on Dec 31 UTC already belongs to the next year in Shanghai", () => {
  const t = Date.parse("2025-12-31T17:00:00Z");
  expect(periodOf("year", t, SH).key).toBe("2026");
  expect(periodOf("quarter", t, SH).key).toBe("2026-Q1");
  expect(localDate(t, SH)).toBe("2026-01-01");
});

test("ISO weeks start on Monday; 2026-11-26 (a Thursday) is in 2026-W48", () => {
  const p = periodOf("week", dateStart("2026-11-26", SH) + 3600_000, SH);
  expect(p.key).toBe("2026-W48");
  expect(localDate(p.start, SH)).toBe("2026-11-23");
  expect(parsePeriod("2026-W48", SH)!.start).toBe(p.start);
});

test("DST zones cut months at local midnight", () => {
  const p = parsePeriod("2026-04", "Europe/Berlin")!;
  expect(new Date(p.start).toISOString()).toBe("2026-03-31T22:00:00.000Z");
});

test("previous quarter and a run of months", () => {
  expect(previousPeriod(parsePeriod("2026-Q1", SH)!, SH).key).toBe("2025-Q4");
  const ms = periodsBetween("month", parsePeriod("2026-01", SH)!.start, parsePeriod("2026-04", SH)!.start, SH);
  expect(ms.map((m) => m.key)).toEqual(["2026-01", "2026-02", "2026-03"]);
});

test("calendar dates are validated", () => {
  expect(isIsoDate("2026-02-28")).toBe(true);
  expect(isIsoDate("2026-02-30")).toBe(false);
  expect(isIsoDate("26-2-3")).toBe(false);
});
