import { expect, test } from "vitest";
import { healthReport } from "./health";

test("four indicators with their change against the previous period", () => {
  // by hand: quality 45万 weighted of 100万 open = 45 % (was 40万/100万 = 40 %); win rate 6/(6+14) = 30 %
  // (was 5/(5+15) = 25 %); cycle 300/6 = 50 days (was 300/5 = 60); customers 120 (was 100: +20 %)
  const r = healthReport(
    { customers: 120, newCustomers: 30, openAmountFen: 100_000_000, openWeightedFen: 45_000_000, openCount: 200, won: 6, lost: 14, wonCycleDaysSum: 300 },
    { customers: 100, newCustomers: 20, openAmountFen: 100_000_000, openWeightedFen: 40_000_000, openCount: 250, won: 5, lost: 15, wonCycleDaysSum: 300 },
  );
  expect(r.customerCount).toEqual({ value: 120, previous: 100, change: 20, relativeChange: 0.2 });
  expect(r.quality.value).toBe(0.45);
  expect(r.quality.change).toBeCloseTo(0.05, 10);
  expect(r.conversion).toMatchObject({ value: 0.3, previous: 0.25 });
  expect(r.cycleDays).toMatchObject({ value: 50, previous: 60, change: -10 });
  expect(r.averageOpenFen).toMatchObject({ value: 500_000, previous: 400_000 });
});

test("an empty period has nulls, not divisions by zero", () => {
  const zero = { customers: 0, newCustomers: 0, openAmountFen: 0, openWeightedFen: 0, openCount: 0, won: 0, lost: 0, wonCycleDaysSum: 0 };
  const r = healthReport(zero, zero);
  expect(r.conversion).toEqual({ value: null, previous: null, change: null, relativeChange: null });
  expect(r.customerCount.relativeChange).toBeNull();
});
