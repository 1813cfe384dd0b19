import { describe, expect, test } from "vitest";
import { Bad, isEmpty, parseAmount, parseCell, parseDate, parseInt0, parseTags, parseTimestamp } from "./cells";
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

describe("timestamps: offsets, edges and Excel cells", () => {
  test("negative, half-hour and quarter-hour offsets, with and without the colon", () => {
    expect(parseTimestamp("2026-06-15T10:00-05:00", SH)).toBe(Date.parse("2026-06-15T15:00:00Z"));
    expect(parseTimestamp("2026-06-15T10:00-0500", SH)).toBe(Date.parse("2026-06-15T15:00:00Z"));
    expect(parseTimestamp("2026-06-15T10:00+05:30", SH)).toBe(Date.parse("2026-06-15T04:30:00Z"));
    expect(parseTimestamp("2026-06-15T10:00-03:30", SH)).toBe(Date.parse("2026-06-15T13:30:00Z"));
    expect(parseTimestamp("2026-06-15T10:00+0545", SH)).toBe(Date.parse("2026-06-15T04:15:00Z"));
    expect(parseTimestamp("2026-06-15T10:00z", SH)).toBe(Date.parse("2026-06-15T10:00:00Z"));
    expect(parseTimestamp("2026-06-15T10:00+14:00", SH)).toBe(Date.parse("2026-06-14T20:00:00Z"));
  });
  test("out-of-range minutes, seconds, hours and offsets are refused with the text in the reason", () => {
    for (const s of ["2026-06-15T10:60", "2026-06-15T10:00:60", "2026-06-15T24:00", "2026-06-15T10:00+05:60", "2026-06-15T10:00+15:00", "2026-02-29T10:00"]) {
      const r = parseTimestamp(s, SH);
      expect(r, s).toBeInstanceOf(Bad);
      expect((r as Bad).reason).toContain(s);
    }
    expect((parseTimestamp("2026-06-15T10:00+05:60", SH) as Bad).reason).toMatch(/offset/);
    expect(parseTimestamp("2026-06-15T23:59:59", SH)).toBe(Date.parse("2026-06-15T15:59:59Z"));
    expect(parseTimestamp("2026-06-15T00:00", SH)).toBe(Date.parse("2026-06-14T16:00:00Z"));
  });
  test("fractions of a second: one, two, three digits, more are cut", () => {
    expect(parseTimestamp("2026-06-15T10:00:00.5Z", SH)).toBe(Date.parse("2026-06-15T10:00:00.500Z"));
    expect(parseTimestamp("2026-06-15T10:00:00.25Z", SH)).toBe(Date.parse("2026-06-15T10:00:00.250Z"));
    expect(parseTimestamp("2026-06-15T10:00:00,125Z", SH)).toBe(Date.parse("2026-06-15T10:00:00.125Z"));
    expect(parseTimestamp("2026-06-15T10:00:00.1239Z", SH)).toBe(Date.parse("2026-06-15T10:00:00.123Z"));
    expect(parseTimestamp("2026-06-15T10:00:07", SH)).toBe(Date.parse("2026-06-15T02:00:07Z"));
  });
  test("dates alone in other spellings are their local start; compact numbers; a malformed text names the format", () => {
    expect(parseTimestamp("2026年6月15日", SH)).toBe(Date.parse("2026-06-14T16:00:00Z"));
    expect(parseTimestamp("2026/6/15 9:05", SH)).toBe(Date.parse("2026-06-15T01:05:00Z"));
    expect(parseTimestamp(20260615, SH)).toBe(Date.parse("2026-06-14T16:00:00Z"));
    expect(parseTimestamp("  2026-06-15  ", SH)).toBe(Date.parse("2026-06-14T16:00:00Z"));
    expect((parseTimestamp("15/06/2026", SH) as Bad).reason).toMatch(/ISO 8601/);
    expect(parseTimestamp(-1, SH)).toBeInstanceOf(Bad);
    expect(parseTimestamp(3_000_000, SH)).toBeInstanceOf(Bad);
    // the same date-only cell in another zone is another instant (the memo is per zone)
    expect(parseTimestamp("2026-06-15", "UTC")).toBe(Date.parse("2026-06-15T00:00:00Z"));
    expect(parseTimestamp("2026-06-15", SH)).toBe(Date.parse("2026-06-14T16:00:00Z"));
  });
  test("an Excel date-time cell and serial with a time of day keep the seconds", () => {
    expect(parseTimestamp(new Date(Date.UTC(2026, 5, 15, 10, 30, 15)), SH)).toBe(Date.parse("2026-06-15T02:30:15Z"));
    expect(parseTimestamp(46188.75, SH)).toBe(Date.parse("2026-06-15T10:00:00Z"));
    expect(parseDate(46188.75)).toBe("2026-06-15");
    expect(parseDate(-3)).toBeInstanceOf(Bad);
    expect(parseDate(new Date(Date.UTC(2026, 0, 5)))).toBe("2026-01-05");
  });
});

describe("amounts, counts and text at their edges", () => {
  test("plain amounts with one or two decimals, and the fast path's limits", () => {
    expect(parseAmount("1234.5")).toBe(123_450);
    expect(parseAmount("1234.56")).toBe(123_456);
    expect(parseAmount("0")).toBe(0);
    expect(parseAmount("1,234.5")).toBe(123_450);
    expect(parseAmount("3.5", true)).toBe(3_500_000);
    expect(parseAmount("3万", true)).toBe(3_000_000);
    expect(parseAmount("1，200", true)).toBe(12_000_000_00);
    expect((parseAmount("about") as Bad).reason).toMatch(/not an amount: "about"/);
    expect((parseAmount(-1) as Bad).reason).toMatch(/negative/);
  });
  test("whole numbers: separators and unit words, minimums", () => {
    expect(parseInt0("1,200", 0)).toBe(1200);
    expect(parseInt0("3 units", 0)).toBe(3);
    expect(parseInt0("4套", 0)).toBe(4);
    expect(parseInt0(7, 0)).toBe(7);
    expect(parseInt0("5.0", 0)).toBe(5);
    expect((parseInt0("0", 1) as Bad).reason).toBe("must be at least 1");
    expect((parseInt0("x", 0) as Bad).reason).toMatch(/whole number: "x"/);
  });
  test("text is trimmed and limited; a date cell in a text column is its date", () => {
    expect(parseCell("  金豆  ", { t: "text", max: 10 }, SH)).toBe("金豆");
    expect((parseCell("x".repeat(11), { t: "text", max: 10 }, SH) as Bad).reason).toBe("too long: 11 characters (at most 10)");
    expect(parseCell("x".repeat(10), { t: "text", max: 10 }, SH)).toBe("x".repeat(10));
    expect(parseCell(new Date(Date.UTC(2026, 5, 15)), { t: "text", max: 20 }, SH)).toBe("2026-06-15");
  });
  test("tags: at most 30, each at most 40 characters; e-mails lower-cased", () => {
    expect((parseTags(Array.from({ length: 31 }, (_, i) => `t${i}`).join(",")) as Bad).reason).toBe("at most 30 tags");
    expect(parseTags(Array.from({ length: 30 }, (_, i) => `t${i}`).join(","))).toHaveLength(30);
    expect((parseTags("y".repeat(41)) as Bad).reason).toMatch(/tag too long/);
    expect(parseTags("y".repeat(40))).toEqual(["y".repeat(40)]);
    expect(parseTags("a|b; c")).toEqual(["a", "b", "c"]);
    expect(parseCell(" Rep@Test.Jindou ", { t: "email" }, SH)).toBe("rep@test.jindou");
    expect((parseCell("rep at test", { t: "email" }, SH) as Bad).reason).toMatch(/not an email address/);
    expect(parseCell("2026-06-15", { t: "date" }, SH)).toBe("2026-06-15");
    expect(parseCell("2026-06-15T10:00", { t: "timestamp" }, SH)).toBe(Date.parse("2026-06-15T02:00:00Z"));
    expect(parseCell("3万", { t: "amount" }, SH, false)).toBe(3_000_000);
    expect(parseCell("3", { t: "amount" }, SH, true)).toBe(3_000_000);
    expect(parseCell("5", { t: "int", min: 0 }, SH)).toBe(5);
    expect(parseCell("a,b", { t: "tags" }, SH)).toEqual(["a", "b"]);
    expect((parseCell("x", { t: "enum", values: { a: "A", b: "B", 甲: "A" } }, SH) as Bad).reason).toBe('"x" is not one of: A, B');
    expect(parseCell(" A ", { t: "enum", values: { a: "A" } }, SH)).toBe("A");
  });
});

describe('empty cells (the caller turns them into null or "required")', () => {
  test("no value and blank text are empty", () => {
    for (const c of [null, undefined, "", " ", "   ", "\t", "\n", " \t\r\n "]) expect([c, isEmpty(c)]).toEqual([c, true]);
  });
  test("text with anything in it, numbers (even 0), booleans and dates are not", () => {
    for (const c of ["0", "x", " x ", "-", "　空　", 0, 1, -1, Number.NaN, false, true, new Date(0)]) expect([c, isEmpty(c)]).toEqual([c, false]);
  });
});

describe("Excel serial numbers at their bounds", () => {
  test("the first serial day is 1899-12-31 and the last Excel knows is 9999-12-31; 0 and beyond are not dates", () => {
    // Excel's day 0 is 1899-12-30, so day 1 is the 31st; 2 958 465 is 9999-12-31, the last day Excel shows
    expect(parseDate(1)).toBe("1899-12-31");
    expect(parseDate(2_958_465)).toBe("9999-12-31");
    expect((parseDate(0) as Bad).reason).toBe("not a date: 0");
    expect((parseDate(2_958_466) as Bad).reason).toBe("not a date: 2958466");
    expect(parseTimestamp(1, "UTC")).toBe(Date.UTC(1899, 11, 31));
    expect(parseTimestamp(2_958_465.5, "UTC")).toBe(Date.UTC(9999, 11, 31, 12));
    expect((parseTimestamp(0, "UTC") as Bad).reason).toBe("not a date or time: 0");
    expect((parseTimestamp(2_958_466, "UTC") as Bad).reason).toBe("not a date or time: 2958466");
  });
  test("whole numbers of eight digits are compact dates from 1000-01-01 to 9999-12-31, not serials", () => {
    expect(parseDate(10_000_101)).toBe("1000-01-01");
    expect(parseDate(99_991_231)).toBe("9999-12-31");
    // 10 000 100 is no compact date (day 0) and too large for a serial
    expect(parseDate(10_000_100)).toBeInstanceOf(Bad);
    expect(parseTimestamp(10_000_101, "UTC")).toBe(Date.UTC(1000, 0, 1));
    expect(parseTimestamp(99_991_231, "UTC")).toBe(Date.UTC(9999, 11, 31));
    // a fraction is a serial with a time, never a compact date
    expect(parseDate(46188.5)).toBe("2026-06-15");
  });
  test("reasons name the text as written and the formats to use", () => {
    expect((parseDate("2026-02-30") as Bad).reason).toBe('no such date: "2026-02-30"');
    expect((parseDate(" 15.06.2026 ") as Bad).reason).toBe('not a date: "15.06.2026" (use YYYY-MM-DD or YYYY/MM/DD)');
    expect((parseTimestamp("soon", SH) as Bad).reason).toBe('not a date or time: "soon" (use ISO 8601, e.g. 2026-06-15T10:30 or 2026-06-15)');
    expect((parseTimestamp("2026-06-15T10:00+05:60", SH) as Bad).reason).toBe('no such UTC offset: "+05:60" in "2026-06-15T10:00+05:60"');
    expect((parseTimestamp("2026-06-15T25:00", SH) as Bad).reason).toBe('no such date or time: "2026-06-15T25:00"');
    expect((parseAmount(" -5 ") as Bad).reason).toBe("amount must not be negative");
    expect((parseInt0(" 2.5 ", 0) as Bad).reason).toBe('not a whole number: "2.5"');
  });
});
