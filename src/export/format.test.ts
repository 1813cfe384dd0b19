import { expect, test } from "vitest";
import { parseAmount, parseTags, parseTimestamp } from "../import/cells";
import { fenToYuan, isoLocal, tagsCell } from "./format";

test("amounts are written in yuan and read back to the same fen", () => {
  for (const fen of [0, 1, 10, 99, 100, 120_050, 3_000_000, 123_456_789]) {
    expect(parseAmount(fenToYuan(fen))).toBe(fen);
  }
  expect(fenToYuan(120_050)).toBe("1200.5");
  expect(fenToYuan(3_000_000)).toBe("30000");
});

test("times are written in the organisation's zone with the offset, and read back exactly", () => {
  const t = Date.parse("2026-06-15T02:00:00Z");
  expect(isoLocal(t, "Asia/Shanghai")).toBe("2026-06-15T10:00:00+08:00");
  expect(isoLocal(t + 250, "America/New_York")).toBe("2026-06-14T22:00:00.250-04:00");
  for (const ms of [t, t + 250, Date.parse("1997-01-01T00:00:00Z")]) expect(parseTimestamp(isoLocal(ms, "Asia/Shanghai"), "UTC")).toBe(ms);
});

test("tags", () => {
  expect(tagsCell(JSON.stringify(["大客户", "华东"]))).toBe("大客户, 华东");
  expect(parseTags(tagsCell(JSON.stringify(["大客户", "华东"])))).toEqual(["大客户", "华东"]);
  expect(tagsCell(null)).toBe("");
  expect(() => tagsCell("[大客户")).toThrow(/tags are not valid JSON: "\[大客户"/);
});
