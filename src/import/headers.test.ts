import { expect, test } from "vitest";
import { normaliseHeader, parseMapOption, resolveHeaders } from "./headers";
import { KINDS } from "./kinds";
import { parseRow } from "./record";

test("canonical names, Chinese aliases and sloppy spellings all match", () => {
  const r = resolveHeaders(KINDS.customers, ["客户编号", "客户名称", "Credit Code", "行业 ", "负责人邮箱*", "whatever"], 6);
  expect(r.errors).toEqual([]);
  expect([...r.index]).toEqual([
    ["external_id", 0],
    ["name", 1],
    ["credit_code", 2],
    ["industry", 3],
    ["owner_email", 4],
  ]);
  expect(r.warnings).toEqual([{ row: 1, column: "whatever", reason: expect.stringMatching(/ignored/) }]);
});

test("a missing required column is reported on the header row with the accepted headers", () => {
  const r = resolveHeaders(KINDS.opportunities, ["external_id", "title", "客户编号"], 3);
  expect(r.errors).toEqual([{ row: 1, column: "stage", reason: expect.stringMatching(/missing required column.*阶段/) }]);
});

test("--map renames any header, and maps positions when there is no header", () => {
  const r = resolveHeaders(KINDS.customers, ["Kunden-Nr", "Firma"], 2, parseMapOption("Kunden-Nr=external_id, Firma=name"));
  expect(r.errors).toEqual([]);
  const cd = resolveHeaders(KINDS.orders, null, 5, parseMapOption("1=customer_external_id,2=-,3=ordered_at,4=units,5=amount"));
  expect(cd.errors).toEqual([]);
  expect(cd.index.get("amount")).toBe(4);
  expect(resolveHeaders(KINDS.orders, null, 5, { "1": "cust" }).errors[0].reason).toMatch(/not a column of orders/);
});

test("a 万元 hint in the header scales the amount column", () => {
  expect(normaliseHeader("金额（万元）")).toEqual({ base: "金额", hint: "万元" });
  const cols = resolveHeaders(KINDS.orders, ["客户编号", "下单日期", "金额(万元)"], 3);
  const { values, errors } = parseRow(KINDS.orders, cols, ["C1", "2026/06/15", "3"], 2, "Asia/Shanghai");
  expect(errors).toEqual([]);
  expect(values.amount).toBe(3_000_000);
});

test("each bad cell is reported with its row and column; absent columns stay undefined", () => {
  const cols = resolveHeaders(KINDS.orders, ["customer_external_id", "ordered_at", "amount"], 3);
  const { values, errors } = parseRow(KINDS.orders, cols, ["", "2026-13-01", "3万"], 7, "Asia/Shanghai");
  // an empty customer cell is the writer's to report (the customer may come by name instead)
  expect(errors.map((e) => [e.row, e.column])).toEqual([[7, "ordered_at"]]);
  expect(values.amount).toBe(3_000_000);
  expect("units" in values).toBe(false);
});
