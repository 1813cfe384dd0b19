import { describe, expect, test } from "vitest";
import { formatWan, formatYuan, parseAmountToFen } from "./money";

describe("amounts people type", () => {
  test.each([
    ["30000", 3_000_000],
    ["3万", 3_000_000],
    ["3.35万", 3_350_000],
    ["3.5 万元", 3_500_000],
    ["¥1,200.50", 120_050],
    ["1200元", 120_000],
    ["1.2亿", 12_000_000_000],
  ])("%s is %i fen", (s, fen) => expect(parseAmountToFen(s)).toBe(fen));

  test.each(["", "abc", "3万万", "1.2.3", "万"])("%j is not an amount", (s) => expect(parseAmountToFen(s)).toBeNull());
});

test("amounts read in 万 and 亿", () => {
  expect(formatWan(300 * 10_000 * 100)).toBe("¥300万");
  expect(formatWan(12_345 * 100)).toBe("¥1.2万");
  expect(formatWan(8_000 * 100)).toBe("¥8,000");
  expect(formatWan(125_000_000 * 100)).toBe("¥1.25亿");
  expect(formatYuan(123_450)).toBe("¥1,234.50");
});
