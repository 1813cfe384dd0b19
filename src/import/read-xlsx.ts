/**
 * Streams the rows of the first worksheet of an XLSX file with exceljs's WorkbookReader. Cells come as
 * strings, numbers, booleans or Dates (date-formatted cells); rich text, formulas and links are flattened.
 */
import type { Readable } from "node:stream";
import ExcelJS from "exceljs";
import type { Cell } from "./cells";
import type { SourceRow } from "./read-csv";

type RawCell = ExcelJS.CellValue;

function flatten(v: RawCell): Cell {
  if (v == null) return null;
  if (typeof v === "string" || typeof v === "number" || typeof v === "boolean" || v instanceof Date) return v;
  if (typeof v === "object") {
    if ("richText" in v) return v.richText.map((t) => t.text).join("");
    if ("result" in v) return flatten((v as ExcelJS.CellFormulaValue).result as RawCell);
    if ("text" in v) return flatten((v as ExcelJS.CellHyperlinkValue).text as RawCell);
    if ("error" in v) return null;
  }
  return String(v);
}

export async function* readXlsx(input: Readable): AsyncGenerator<SourceRow> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(input, {
    sharedStrings: "cache",
    styles: "cache",
    hyperlinks: "ignore",
    worksheets: "emit",
    entries: "emit",
  });
  for await (const sheet of reader) {
    for await (const row of sheet as AsyncIterable<ExcelJS.Row>) {
      const values = row.values as RawCell[];
      const cells: Cell[] = [];
      for (let i = 1; i < values.length; i++) cells.push(flatten(values[i]));
      yield { row: row.number, cells };
    }
    return; // the first worksheet only
  }
}
