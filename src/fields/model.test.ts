import { describe, expect, test } from "vitest";
import { AppError } from "../core/errors";
import { checkCustom, checkDefinition, checkValue, convertValue, type FieldDef, parseCellText, valueOf, valueText } from "./model";

const def = (over: Partial<FieldDef>): FieldDef => ({
  id: 1,
  entity: "customer",
  key: "f",
  labelZh: "字段",
  labelEn: "Field",
  type: "text",
  required: false,
  options: [],
  active: true,
  position: 1,
  version: 1,
  ...over,
});
const REGION = def({
  id: 1,
  key: "region",
  labelZh: "大区",
  labelEn: "Region",
  type: "select",
  required: true,
  options: [
    { key: "east", labelZh: "华东", labelEn: "East" },
    { key: "north", labelZh: "华北", labelEn: "North" },
  ],
});
const HEADCOUNT = def({ id: 2, key: "headcount", labelZh: "人数", labelEn: "Headcount", type: "number" });
const SIGNED = def({ id: 3, key: "signed_on", labelZh: "签约日", labelEn: "Signed on", type: "date" });
const MANAGER = def({ id: 4, key: "account_manager", labelZh: "客户经理", labelEn: "Account manager", type: "user" });
const BUDGET = def({ id: 5, key: "budget", labelZh: "预算", labelEn: "Budget", type: "money" });
const LINES = def({
  id: 6,
  key: "lines",
  labelZh: "产品线",
  labelEn: "Lines",
  type: "multi_select",
  options: [
    { key: "a", labelZh: "甲", labelEn: "A" },
    { key: "b", labelZh: "乙", labelEn: "B" },
  ],
});
const VIP = def({ id: 7, key: "vip", labelZh: "重点", labelEn: "VIP", type: "bool" });
const FIELDS = [REGION, HEADCOUNT, SIGNED, MANAGER, BUDGET, LINES, VIP];
const USERS = new Set([10, 11]);

/** The error a write would answer, as field + rule. */
function refusal(input: Record<string, unknown>, mode: "create" | "update" = "update") {
  try {
    checkCustom(FIELDS, input, mode, USERS);
    return null;
  } catch (e) {
    expect(e).toBeInstanceOf(AppError);
    const err = e as AppError;
    return { code: err.code, field: err.field, rule: err.params?.rule };
  }
}

describe("a write's custom values are refused naming the field", () => {
  test("a required field left out on create", () => {
    expect(refusal({ headcount: 5 }, "create")).toEqual({ code: "INVALID", field: "custom.region", rule: "custom_required" });
    // an edit that does not touch it is fine; clearing it is not
    expect(refusal({ headcount: 5 }, "update")).toBeNull();
    expect(refusal({ region: null })).toEqual({ code: "INVALID", field: "custom.region", rule: "custom_required" });
  });
  test("a select value that is not an option", () => {
    expect(refusal({ region: "west" })).toEqual({ code: "INVALID", field: "custom.region", rule: "custom_option" });
    expect(refusal({ lines: ["a", "c"] })).toEqual({ code: "INVALID", field: "custom.lines", rule: "custom_option" });
  });
  test("a number that is not a number, a bad date, an unknown user, money in yuan", () => {
    expect(refusal({ headcount: "12" })).toEqual({ code: "INVALID", field: "custom.headcount", rule: "custom_number" });
    expect(refusal({ signed_on: "2026-02-30" })).toEqual({ code: "INVALID", field: "custom.signed_on", rule: "custom_date" });
    expect(refusal({ account_manager: 99 })).toEqual({ code: "INVALID", field: "custom.account_manager", rule: "custom_user" });
    expect(refusal({ budget: 12.5 })).toEqual({ code: "INVALID", field: "custom.budget", rule: "custom_money" });
    expect(refusal({ vip: "yes" })).toEqual({ code: "INVALID", field: "custom.vip", rule: "custom_bool" });
  });
  test("a key that is not a field", () => {
    expect(refusal({ colour: "red" })).toEqual({ code: "INVALID", field: "custom.colour", rule: "custom_unknown" });
  });
  test("an inactive field takes no values", () => {
    expect(() => checkCustom([{ ...HEADCOUNT, active: false }], { headcount: 3 }, "update", USERS)).toThrow(/custom.headcount/);
  });
});

describe("good values are stored in the column their type filters on, and read back", () => {
  test("a select by its Chinese label stores the option key", () => {
    const cells = checkCustom(FIELDS, { region: "华东" }, "update", USERS).get(REGION.id)!;
    expect(cells).toEqual([{ seq: 0, text: "east", num: null, long: null }]);
    expect(valueOf(REGION, cells)).toBe("east");
  });
  test("a multi select: one row per option, duplicates once, order kept", () => {
    const r = checkValue(LINES, ["b", "甲", "B"], USERS);
    expect(r).toEqual({
      cells: [
        { seq: 0, text: "b", num: null, long: null },
        { seq: 1, text: "a", num: null, long: null },
      ],
    });
    expect(valueOf(LINES, "cells" in r ? r.cells : [])).toEqual(["b", "a"]);
  });
  test("numbers, money in fen, users and yes/no in num_value", () => {
    const m = checkCustom(FIELDS, { headcount: 12.5, budget: 3_500_000, account_manager: 11, vip: true, signed_on: "2026-06-01" }, "update", USERS);
    expect(m.get(HEADCOUNT.id)![0].num).toBe(12.5);
    expect(m.get(BUDGET.id)![0].num).toBe(3_500_000);
    expect(m.get(MANAGER.id)![0].num).toBe(11);
    expect(valueOf(VIP, m.get(VIP.id)!)).toBe(true);
    expect(m.get(SIGNED.id)![0].text).toBe("2026-06-01");
  });
  test("null clears a field that is not required", () => {
    expect(checkValue(HEADCOUNT, null, USERS)).toEqual({ cells: [] });
    expect(valueOf(HEADCOUNT, [])).toBeNull();
    expect(valueOf(LINES, [])).toEqual([]);
  });
  test("long text keeps its line breaks and stays out of the indexed column", () => {
    const notes = def({ type: "long_text" });
    expect(checkValue(notes, "第一行\n第二行", USERS)).toEqual({ cells: [{ seq: 0, text: null, num: null, long: "第一行\n第二行" }] });
    expect(checkValue(def({ type: "text" }), "x".repeat(501), USERS)).toMatchObject({ rule: "custom_too_long" });
  });
});

describe("file cells as the API would take them", () => {
  const noUser = (s: string) => (s === "rep@test.jindou" ? { id: 10 } : { error: `unknown user ${s}` });
  test("money in yuan and 万 become fen; yes/no in Chinese; options split on 、", () => {
    expect(parseCellText(BUDGET, "3.5万", noUser)).toEqual({ value: 3_500_000 });
    expect(parseCellText(BUDGET, "¥1,200.50", noUser)).toEqual({ value: 120_050 });
    expect(parseCellText(VIP, "是", noUser)).toEqual({ value: true });
    expect(parseCellText(VIP, "否", noUser)).toEqual({ value: false });
    expect(parseCellText(LINES, "甲、乙", noUser)).toEqual({ value: ["甲", "乙"] });
    expect(parseCellText(MANAGER, "rep@test.jindou", noUser)).toEqual({ value: 10 });
  });
  test("bad cells say why", () => {
    expect(parseCellText(HEADCOUNT, "很多", noUser)).toEqual({ error: "很多 is not a number" });
    expect(parseCellText(VIP, "maybe", noUser)).toMatchObject({ error: expect.stringMatching(/yes or no/) });
    expect(parseCellText(MANAGER, "nobody", noUser)).toEqual({ error: "unknown user nobody" });
  });
  test("an export cell reads back to the same value", () => {
    const email = (id: number) => (id === 10 ? "rep@test.jindou" : undefined);
    expect(valueText(BUDGET, 120_050, email)).toBe(1200.5);
    expect(parseCellText(BUDGET, String(valueText(BUDGET, 120_050, email)), noUser)).toEqual({ value: 120_050 });
    expect(valueText(LINES, ["a", "b"], email)).toBe("a, b");
    expect(valueText(MANAGER, 10, email)).toBe("rep@test.jindou");
  });
});

describe("type changes convert a value or say it does not", () => {
  const email = () => undefined;
  const none = () => ({ error: "no" });
  const asText = def({ type: "text" });
  test("text → number converts digits and refuses words", () => {
    expect(convertValue(asText, HEADCOUNT, "42", email, none)).toBe(42);
    expect(convertValue(asText, HEADCOUNT, "四十二", email, none)).toBeUndefined();
  });
  test("number → money keeps the amount: 12.5 becomes 1250 fen", () => {
    expect(convertValue(HEADCOUNT, BUDGET, 12.5, email, none)).toBe(1250);
  });
  test("select → multi select gives one option; two options never fit one select", () => {
    const single = { ...REGION, type: "select" as const, options: LINES.options };
    expect(convertValue(single, LINES, "a", email, none)).toEqual(["a"]);
    expect(convertValue(LINES, single, ["a", "b"], email, none)).toBeUndefined();
    expect(convertValue(LINES, single, ["b"], email, none)).toBe("b");
  });
  test("text → date only for real dates; anything → text", () => {
    expect(convertValue(asText, SIGNED, "2026-06-01", email, none)).toBe("2026-06-01");
    expect(convertValue(asText, SIGNED, "六月", email, none)).toBeUndefined();
    expect(convertValue(HEADCOUNT, asText, 7, email, none)).toBe("7");
    expect(convertValue(asText, HEADCOUNT, null, email, none)).toBeNull();
  });
});

describe("field definitions", () => {
  test("a key is lower-case snake case; a select needs options with distinct keys", () => {
    expect(() => checkDefinition({ key: "Region", labelZh: "大区", labelEn: "Region", type: "text", options: [] })).toThrow(/key/);
    expect(() => checkDefinition({ key: "region", labelZh: "大区", labelEn: "Region", type: "select", options: [] })).toThrow(/at least one option/);
    expect(() =>
      checkDefinition({
        key: "region",
        labelZh: "大区",
        labelEn: "Region",
        type: "select",
        options: [
          { key: "e", labelZh: "东", labelEn: "E" },
          { key: "E", labelZh: "东2", labelEn: "E2" },
        ],
      }),
    ).toThrow(/twice/);
    expect(() => checkDefinition({ key: "n", labelZh: "数", labelEn: "N", type: "number", options: [{ key: "e", labelZh: "东", labelEn: "E" }] })).toThrow(
      /only select/,
    );
    expect(() => checkDefinition({ key: "region", labelZh: "大区", labelEn: "Region", type: "select", options: REGION.options })).not.toThrow();
  });
});

describe("edges (killing surviving mutants)", () => {
  const users = new Set<number>();
  test("each type is stored in its column", async () => {
    const { columnOf, FIELD_TYPES } = await import("./model");
    expect(FIELD_TYPES.map((t) => [t, columnOf(t)])).toEqual([
      ["text", "text"],
      ["long_text", "long"],
      ["number", "num"],
      ["money", "num"],
      ["date", "text"],
      ["select", "text"],
      ["multi_select", "text"],
      ["user", "num"],
      ["bool", "num"],
    ]);
  });
  test("length, amount and option-count limits are inclusive", () => {
    const text = def({ type: "text" });
    expect(checkValue(text, "x".repeat(500), users)).toEqual({ cells: [{ seq: 0, text: "x".repeat(500), num: null, long: null }] });
    expect(checkValue(text, "  padded  ", users)).toEqual({ cells: [{ seq: 0, text: "padded", num: null, long: null }] });
    expect(checkValue(text, "   ", users)).toEqual({ cells: [] });
    expect(checkValue({ ...text, required: true }, "   ", users)).toMatchObject({ rule: "custom_required" });
    const long = def({ type: "long_text" });
    expect(checkValue(long, "y".repeat(5000), users)).toMatchObject({ cells: [{ long: "y".repeat(5000) }] });
    expect(checkValue(long, "y".repeat(5001), users)).toMatchObject({ rule: "custom_too_long" });
    expect(checkValue(long, 5, users)).toMatchObject({ rule: "custom_text" });
    expect(checkValue(BUDGET, 1e15, users)).toMatchObject({ cells: [{ num: 1e15 }] });
    expect(checkValue(BUDGET, -1e15 - 1, users)).toMatchObject({ rule: "custom_money" });
    expect(checkValue(BUDGET, "100", users)).toMatchObject({ rule: "custom_money" });
    expect(checkValue(HEADCOUNT, Number.NaN, users)).toMatchObject({ rule: "custom_number" });
    expect(checkValue(HEADCOUNT, Number.POSITIVE_INFINITY, users)).toMatchObject({ rule: "custom_number" });
    const many = def({ type: "multi_select", options: Array.from({ length: 60 }, (_, i) => ({ key: `o${i}`, labelZh: `选${i}`, labelEn: `O${i}` })) });
    expect(
      checkValue(
        many,
        many.options.slice(0, 50).map((o) => o.key),
        users,
      ),
    ).toMatchObject({ cells: expect.arrayContaining([expect.objectContaining({ seq: 49 })]) });
    expect(
      checkValue(
        many,
        many.options.slice(0, 51).map((o) => o.key),
        users,
      ),
    ).toMatchObject({ rule: "custom_too_many" });
    expect(checkValue(LINES, "a", users)).toEqual({ cells: [{ seq: 0, text: "a", num: null, long: null }] });
    expect(checkValue(LINES, [3], users)).toMatchObject({ rule: "custom_option" });
    expect(checkValue(REGION, 3, users)).toMatchObject({ rule: "custom_option" });
    expect(checkValue(SIGNED, 20260601, users)).toMatchObject({ rule: "custom_date" });
    expect(checkValue(MANAGER, 10.5, new Set([10])), "a fractional id").toMatchObject({ rule: "custom_user" });
    expect(checkValue(MANAGER, "10", new Set([10]))).toMatchObject({ rule: "custom_user" });
    expect(checkValue(VIP, false, users)).toEqual({ cells: [{ seq: 0, text: null, num: 0, long: null }] });
    expect(checkValue(VIP, 1, users)).toMatchObject({ rule: "custom_bool" });
  });
  test("an option matches by key before label, ignoring case and width", () => {
    const f = def({
      type: "select",
      options: [
        { key: "a", labelZh: "b", labelEn: "x" },
        { key: "b", labelZh: "乙", labelEn: "Bee" },
      ],
    });
    expect(checkValue(f, "b", users)).toMatchObject({ cells: [{ text: "b" }] });
    expect(checkValue(f, "ＢＥＥ", users)).toMatchObject({ cells: [{ text: "b" }] });
    expect(checkValue(f, " X ", users)).toMatchObject({ cells: [{ text: "a" }] });
  });
  test("stored cells read back by type; a multi select in seq order", () => {
    expect(
      valueOf(LINES, [
        { seq: 1, text: "b", num: null, long: null },
        { seq: 0, text: "a", num: null, long: null },
      ]),
    ).toEqual(["a", "b"]);
    expect(valueOf(def({ type: "long_text" }), [{ seq: 0, text: "t", num: null, long: "l" }])).toBe("l");
    expect(valueOf(HEADCOUNT, [{ seq: 0, text: null, num: null, long: null }])).toBeNull();
    expect(valueOf(VIP, [{ seq: 0, text: null, num: 0, long: null }])).toBe(false);
    expect(valueOf(VIP, [{ seq: 0, text: null, num: null, long: null }])).toBeNull();
    expect(valueOf(SIGNED, [{ seq: 0, text: "2026-01-02", num: null, long: null }])).toBe("2026-01-02");
  });
  test("messages name the field and the reason", () => {
    expect(() => checkCustom(FIELDS, { region: "west" }, "update", USERS)).toThrow(
      "custom.region (Sales region) must be one of east, north".replace("Sales region", "Region"),
    );
    expect(() => checkCustom(FIELDS, { colour: 1 }, "update", USERS)).toThrow("custom.colour: not an active custom field of customer");
    expect(() => checkCustom([], { colour: 1 }, "update", USERS)).toThrow("custom.colour: not an active custom field of this record");
    expect(checkCustom([{ ...REGION, active: false }], {}, "create", USERS).size).toBe(0);
  });
  test("file cells: trimmed, long text kept as typed, empty clears, options split and trimmed", () => {
    const none = () => ({ error: "no" });
    expect(parseCellText(def({ type: "text" }), "  a  ", none)).toEqual({ value: "a" });
    expect(parseCellText(def({ type: "long_text" }), " a\nb ", none)).toEqual({ value: " a\nb " });
    expect(parseCellText(HEADCOUNT, "   ", none)).toEqual({ value: null });
    expect(parseCellText(HEADCOUNT, "1,234.5", none)).toEqual({ value: 1234.5 });
    expect(parseCellText(BUDGET, "abc", none)).toEqual({ error: "abc is not an amount" });
    expect(parseCellText(LINES, " a ; b ,, c ", none)).toEqual({ value: ["a", "b", "c"] });
    for (const y of ["1", "YES", "y", "True", "是", "有", "对", "√", "✓"]) expect(parseCellText(VIP, y, none)).toEqual({ value: true });
    for (const n of ["0", "No", "n", "FALSE", "否", "无", "不", "×", "✗"]) expect(parseCellText(VIP, n, none)).toEqual({ value: false });
    expect(parseCellText(VIP, "maybe", none)).toEqual({ error: "maybe is not yes or no (是/否)" });
  });
  test("cells of a value: empty is null, numbers stay numbers, yes/no words", () => {
    const email = () => undefined;
    expect(valueText(LINES, [], email)).toBeNull();
    expect(valueText(HEADCOUNT, null, email)).toBeNull();
    expect(valueText(HEADCOUNT, 7, email)).toBe(7);
    expect(valueText(VIP, true, email)).toBe("yes");
    expect(valueText(VIP, false, email)).toBe("no");
    expect(valueText(MANAGER, 42, email)).toBe("42");
    expect(valueText(REGION, "east", email)).toBe("east");
  });
  test("definitions: labels required, keys at most 40, option keys may be Chinese", () => {
    const base = { key: "k", labelZh: "中", labelEn: "E", type: "text" as const, options: [] };
    expect(() => checkDefinition({ ...base, labelZh: " " })).toThrow(expect.objectContaining({ field: "labelZh" }));
    expect(() => checkDefinition({ ...base, labelEn: " " })).toThrow(expect.objectContaining({ field: "labelEn" }));
    expect(() => checkDefinition({ ...base, key: "a".repeat(40) })).not.toThrow();
    expect(() => checkDefinition({ ...base, key: "a".repeat(41) })).toThrow(expect.objectContaining({ field: "key" }));
    expect(() => checkDefinition({ ...base, key: "1a" })).toThrow(expect.objectContaining({ field: "key" }));
    expect(() => checkDefinition({ ...base, key: "ab-c" })).toThrow(expect.objectContaining({ field: "key" }));
    const sel = { ...base, type: "multi_select" as const };
    expect(() => checkDefinition({ ...sel, options: [{ key: "华东", labelZh: "华东", labelEn: "East" }] })).not.toThrow();
    expect(() => checkDefinition({ ...sel, options: [{ key: "a b", labelZh: "x", labelEn: "x" }] })).toThrow(
      expect.objectContaining({ field: "options.0.key" }),
    );
    expect(() => checkDefinition({ ...sel, options: [{ key: "x".repeat(41), labelZh: "x", labelEn: "x" }] })).toThrow(
      expect.objectContaining({ field: "options.0.key" }),
    );
    expect(() => checkDefinition({ ...sel, options: [] })).toThrow(expect.objectContaining({ field: "options" }));
  });
});
