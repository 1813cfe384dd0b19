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

test("other currencies read with their symbol and no 万; CNY keeps 万", async () => {
  const { formatMoney, MoneyCell } = await import("./money");
  expect(formatMoney(828_200_000, "CNY")).toBe("¥828.2万");
  expect(formatMoney(828_200_000, "USD")).toBe("$8,282,000");
  expect(formatMoney(123_456, "EUR")).toBe("€1,234.56");
  const c = new MoneyCell(828_200_000);
  expect(String(c)).toBe("¥828.2万");
  expect(JSON.parse(JSON.stringify({ amount: c }))).toEqual({ amount: 8_282_000 });
});
