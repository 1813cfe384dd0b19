import { mkdtempSync } from "node:fs";
import { createReadStream } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import ExcelJS from "exceljs";
import { expect, test } from "vitest";
import { looksUtf8, readCsv, sniffDelimiter, type SourceRow } from "./read-csv";
import { readXlsx } from "./read-xlsx";

async function all(it: AsyncIterable<SourceRow>) {
  const out: SourceRow[] = [];
  for await (const r of it) out.push(r);
  return out;
}

test("CSV: BOM dropped, quoted multi-line cell is one row, blank lines keep their row number", async () => {
  const rows = await all(readCsv(Readable.from([Buffer.from('\uFEFF编号,名称\nC1,"金豆\n科技"\n\nC2,乙\n')])));
  expect(rows).toEqual([
    { row: 1, cells: ["编号", "名称"] },
    { row: 2, cells: ["C1", "金豆\n科技"] },
    { row: 3, cells: [""] },
    { row: 4, cells: ["C2", "乙"] },
  ]);
});

test("the CDNOW sample's whitespace-separated lines", async () => {
  const rows = await all(readCsv(Readable.from([" 00004 0001 19970101  2   29.33\n 00004 0001 19970118  2   29.73\n"]), { delimiter: "whitespace" }));
  expect(rows[1]).toEqual({ row: 2, cells: ["00004", "0001", "19970118", "2", "29.73"] });
  expect(sniffDelimiter(" 00004 0001 19970101  2   29.33")).toBe("whitespace");
  expect(sniffDelimiter("a\tb,c\td")).toBe("\t");
});

test("GBK files from Chinese Excel are detected and decoded", async () => {
  const gbk = Buffer.from([0xbf, 0xcd, 0xbb, 0xa7, 0x2c, 0x41, 0x0a]); // "客户,A\n"
  expect(looksUtf8(Buffer.from("客户,编号\n"))).toBe(true);
  expect(looksUtf8(Buffer.concat([gbk, gbk, gbk]))).toBe(false);
  expect((await all(readCsv(Readable.from([gbk]), { encoding: "gbk" })))[0].cells).toEqual(["客户", "A"]);
});

test("XLSX: date cells come as dates, numbers as numbers, empty rows are skipped with the right row numbers", async () => {
  const file = path.join(mkdtempSync(path.join(tmpdir(), "jindou-xlsx-")), "t.xlsx");
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: true, useStyles: true });
  const ws = wb.addWorksheet("s");
  ws.addRow(["编号", "日期", "金额"]).commit();
  const r = ws.addRow(["C1", new Date(Date.UTC(2026, 5, 15)), 3.5]);
  r.getCell(2).numFmt = "yyyy-mm-dd";
  r.commit();
  ws.getRow(4).values = ["C2", 46188, { richText: [{ text: "3" }, { text: "万" }] }];
  ws.getRow(4).commit();
  ws.commit();
  await wb.commit();
  const rows = await all(readXlsx(createReadStream(file)));
  expect(rows.map((x) => x.row)).toEqual([1, 2, 4]);
  expect(rows[1].cells).toEqual(["C1", new Date(Date.UTC(2026, 5, 15)), 3.5]);
  expect(rows[2].cells).toEqual(["C2", 46188, "3万"]);
});
