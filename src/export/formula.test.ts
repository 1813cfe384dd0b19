/** CSV formula injection (issue 11): exported cells that a spreadsheet would run are neutralised, and import reads them back unchanged. */
import { Readable } from "node:stream";
import { parse } from "csv-parse/sync";
import { expect, test } from "vitest";
import { forEachApp } from "../http/testing";
import { readCsv } from "../import/read-csv";
import { neutraliseFormula, restoreFormula } from "./formula";

test("cells starting with = + - @ tab or CR get an apostrophe; numbers and plain text do not; the import undoes it", () => {
  const cases: Array<[string, string]> = [
    ['=HYPERLINK("http://evil","点我")', '\'=HYPERLINK("http://evil","点我")'],
    ["+86 138 0000 0000", "'+86 138 0000 0000"],
    ["-2+3", "'-2+3"],
    ["@SUM(A1:A9)", "'@SUM(A1:A9)"],
    ["\tcmd", "'\tcmd"],
    ["\rcmd", "'\rcmd"],
    ["'=A1", "''=A1"],
    ["-12.5", "-12.5"],
    ["-3", "-3"],
    ["华东客户", "华东客户"],
    ["a=b", "a=b"],
    ["", ""],
    ["'quoted'", "'quoted'"],
  ];
  for (const [value, cell] of cases) {
    expect(neutraliseFormula(value), value).toBe(cell);
    expect(restoreFormula(cell), cell).toBe(value);
  }
});

forEachApp("CSV export neutralises formulas", (t) => {
  test("a customer named like a formula is exported as text and re-reads as the same name", async () => {
    const names = ["=1+1 华东公司", "@SUM(1,2)", "+86 公司", "-5+5 工作室"];
    for (const name of names) expect((await t().call("rep", "POST", "/api/v1/customers", { name, industry: "=cmd|' /C calc'!A0" })).status).toBe(201);
    const res = await t().app.inject({ method: "GET", url: "/api/v1/export/customers?format=csv", headers: { authorization: `Bearer ${t().tokens.rep}` } });
    expect(res.statusCode).toBe(200);
    const rows = parse(res.body.replace(/^\uFEFF/, ""), { relax_column_count: true }) as string[][];
    const header = rows[0];
    const nameCol = header.indexOf("name");
    const industryCol = header.indexOf("industry");
    const exported = rows.slice(1).map((r) => r[nameCol]);
    for (const name of names) expect(exported).toContain(`'${name}`);
    for (const r of rows.slice(1)) expect(r[industryCol]).toBe("'=cmd|' /C calc'!A0");
    // No cell of the file starts with a formula character any more.
    for (const r of rows) for (const c of r) expect(/^[=+@\t\r]/.test(c) || (/^-/.test(c) && !/^-?\d+(\.\d+)?$/.test(c)), c).toBe(false);
    const reread: string[] = [];
    for await (const row of readCsv(Readable.from([res.rawPayload]))) if (row.row > 1) reread.push(String(row.cells[nameCol]));
    expect(reread.sort()).toEqual([...names].sort());
  });
});
