import { describe, expect, test } from "vitest";
import { Bad, parseAmount, parseCell, parseDate, parseInt0, parseTags, parseTimestamp } from "./cells";
import { KINDS } from "./kinds";

const SH = "Asia/Shanghai";

describe("dates", () => {
  test("YYYY-MM-DD, YYYY/MM/DD, 年月日 and the compact CDNOW form all give YYYY-MM-DD", () => {
    for (const s of ["2026-06-15", "2026/6/15", "2026/06/15", "2026年6月15日", "20260615", "2026-06-15 00:00:00"]) expect(parseDate(s)).toBe("2026-06-15");
    expect(parseDate(19970101)).toBe("1997-01-01");
  });
  test("an Excel date cell (Date with the wall clock in UTC) and an Excel serial number", () => {
    expect(parseDate(new Date(Date.UTC(2026, 5, 15)))).toBe("2026-06-15");
    expect(parseDate(46188)).toBe("2026-06-15");
  });
  test("impossible and malformed dates are refused with a reason", () => {
    expect(parseDate("2026-02-30")).toBeInstanceOf(Bad);
    expect(parseDate("15.06.2026")).toBeInstanceOf(Bad);
    expect((parseDate("next week") as Bad).reason).toMatch(/YYYY-MM-DD/);
  });
});

describe("timestamps", () => {
  test("without an offset, the time is read in the organisation's zone", () => {
    expect(parseTimestamp("2026-06-15T10:00", SH)).toBe(Date.parse("2026-06-15T02:00:00Z"));
    expect(parseTimestamp("2026-06-15 10:00:30", SH)).toBe(Date.parse("2026-06-15T02:00:30Z"));
    expect(parseTimestamp("2026-06-15", SH)).toBe(Date.parse("2026-06-14T16:00:00Z"));
    expect(parseTimestamp("2026-03-08T12:00", "America/New_York")).toBe(Date.parse("2026-03-08T16:00:00Z"));
  });
  test("an explicit offset or Z wins", () => {
    expect(parseTimestamp("2026-06-15T10:00:00Z", SH)).toBe(Date.parse("2026-06-15T10:00:00Z"));
    expect(parseTimestamp("2026-06-15T10:00:00.250+02:00", SH)).toBe(Date.parse("2026-06-15T08:00:00.250Z"));
  });
  test("Excel date/time cells", () => {
    expect(parseTimestamp(new Date(Date.UTC(2026, 5, 15, 10, 0)), SH)).toBe(Date.parse("2026-06-15T02:00:00Z"));
    expect(parseTimestamp(46188.5, SH)).toBe(Date.parse("2026-06-15T04:00:00Z"));
  });
  test("bad times are refused", () => {
    expect(parseTimestamp("2026-06-15T25:00", SH)).toBeInstanceOf(Bad);
    expect(parseTimestamp("yesterday", SH)).toBeInstanceOf(Bad);
  });
});

describe("amounts and counts", () => {
  test("元, 万, ¥ and thousands separators", () => {
    expect(parseAmount("3万")).toBe(3_000_000);
    expect(parseAmount("¥1,200.50")).toBe(120_050);
    expect(parseAmount("30000")).toBe(3_000_000);
    expect(parseAmount(29.33)).toBe(2933);
  });
  test("a 万元 header scales bare numbers", () => {
    expect(parseAmount("3", true)).toBe(3_000_000);
    expect(parseAmount(3.5, true)).toBe(3_500_000);
  });
  test("bad and negative amounts are refused", () => {
    expect(parseAmount("about 3k")).toBeInstanceOf(Bad);
    expect(parseAmount("-5")).toBeInstanceOf(Bad);
  });
  test("units accept 台", () => {
    expect(parseInt0("2台", 0)).toBe(2);
    expect(parseInt0("2.5", 0)).toBeInstanceOf(Bad);
  });
});

test("enumerations accept Chinese names", () => {
  const role = KINDS.contacts.columns.find((c) => c.name === "decision_role")!;
  expect(parseCell("决策者", role.type, SH)).toBe("decision_maker");
  expect(parseCell("内线", role.type, SH)).toBe("coach");
  expect(parseCell("boss", role.type, SH)).toBeInstanceOf(Bad);
});

test("tags split on Chinese and Latin separators", () => {
  expect(parseTags("大客户, 华东；重点、大客户")).toEqual(["大客户", "华东", "重点"]);
});

test("credit codes are checked", () => {
  const t = KINDS.customers.columns.find((c) => c.name === "credit_code")!.type;
  expect(parseCell("91350100M000100Y43", t, SH)).toBe("91350100M000100Y43");
  expect(parseCell("91350100M000100Y44", t, SH)).toBeInstanceOf(Bad);
});
