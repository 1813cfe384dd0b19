import { expect, test } from "vitest";
import { num } from "./format";

test("num: thousands separators, at most `digits` decimals, a dash for no number; the same for repeated digits", () => {
  expect(num(1234567)).toBe("1,234,567");
  expect(num(1234.5678, 2)).toBe("1,234.57");
  expect(num(1234.5, 0)).toBe("1,235");
  expect(num(2.5, 1)).toBe("2.5");
  expect(num(3, 2)).toBe("3");
  expect(num(-9876.54, 1)).toBe("-9,876.5");
  expect(num(1234.5678, 2)).toBe("1,234.57"); // the cached formatter for 2 digits gives the same answer again
  expect([null, undefined, Number.NaN, Number.POSITIVE_INFINITY].map((x) => num(x))).toEqual(["—", "—", "—", "—"]);
});
