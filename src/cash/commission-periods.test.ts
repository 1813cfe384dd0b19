/** periodKeysOf names the periods periodOf (src/core/dates.ts) puts an instant in, in zones with and without DST. */
import fc from "fast-check";
import { expect, test } from "vitest";
import { localDate, parsePeriod, periodOf } from "../core/dates";
import { periodKeysOf } from "./commission-periods";

test("hand-made dates: ISO weeks across the turn of the year", () => {
  expect(periodKeysOf("2026-06-10")).toEqual(["2026", "2026-Q2", "2026-06", "2026-W24"]);
  // 2027-01-01 is a Friday: ISO week 53 of 2026
  expect(periodKeysOf("2027-01-01")).toEqual(["2027", "2027-Q1", "2027-01", "2026-W53"]);
  // 2024-12-30 is a Monday: ISO week 1 of 2025
  expect(periodKeysOf("2024-12-30")).toEqual(["2024", "2024-Q4", "2024-12", "2025-W01"]);
});

test("for random instants the keys are periodOf's, and parsePeriod's period of each key holds the instant", () => {
  for (const tz of ["Asia/Shanghai", "America/New_York"])
    fc.assert(
      fc.property(fc.integer({ min: Date.parse("2018-01-01T00:00:00Z"), max: Date.parse("2032-01-01T00:00:00Z") }), (ms) => {
        const keys = periodKeysOf(localDate(ms, tz));
        expect(keys).toEqual((["year", "quarter", "month", "week"] as const).map((k) => periodOf(k, ms, tz).key));
        for (const key of keys) {
          const p = parsePeriod(key, tz);
          expect(p && p.start <= ms && ms < p.end && p.key === key).toBe(true);
        }
      }),
      { numRuns: 400 },
    );
});
