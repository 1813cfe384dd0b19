import { expect, test } from "vitest";
import { moneyCell } from "../core/money";
import { formatReport } from "./report";

const result = { rows: [{ stage: "报价", count: 3, amount: moneyCell(828_200_000), weighted: moneyCell(12_345) }] };

test("CSV prints money as numbers of yuan, not ¥828.2万", () => {
  expect(formatReport(result, "csv")).toBe("stage,count,amount,weighted\n报价,3,8282000,123.45\n");
});

test("JSON prints money as numbers; the table keeps ¥ with 万 for people", () => {
  expect(JSON.parse(formatReport(result, "json"))).toEqual([{ stage: "报价", count: 3, amount: 8282000, weighted: 123.45 }]);
  const table = formatReport(result, "table");
  expect(table).toContain("¥828.2万");
  expect(table).toContain("¥123.45");
});
