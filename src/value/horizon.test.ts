import { expect, test } from "vitest";
import { parseHorizon } from "./horizon";

test("horizons in months, weeks or days become months (52 weeks ≈ 11.96 months, 365.25 days = 12)", () => {
  expect(parseHorizon("12")).toBe(12);
  expect(parseHorizon("6m")).toBe(6);
  expect(parseHorizon("365.25d")).toBeCloseTo(12, 12);
  expect(parseHorizon("52w")).toBeCloseTo((52 * 7 * 12) / 365.25, 12);
  expect(parseHorizon("26周")).toBeCloseTo((26 * 7 * 12) / 365.25, 12);
  for (const bad of ["", "0w", "-3m", "12y", "abc"]) expect(parseHorizon(bad), bad).toBeNull();
});
