/**
 * Streams export rows as CSV (UTF-8 with BOM, so Excel shows Chinese) or XLSX (exceljs streaming writer, amounts
 * and counts as numbers). The header is the canonical column names, so the file imports back unchanged. CSV cells
 * that a spreadsheet would run as a formula get a leading apostrophe (formula.ts).
 */
import { PassThrough, Readable } from "node:stream";
import { stringify } from "csv-stringify";
import ExcelJS from "exceljs";
import { exportColumns, type ImportKind } from "../import/kinds";
import { neutraliseFormula } from "./formula";
import type { ExportCell } from "./queries";

export type ExportFormat = "csv" | "xlsx";

export const CONTENT_TYPE: Record<ExportFormat, string> = {
  csv: "text/csv; charset=utf-8",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
};

/** `extra` names the columns after the kind's own (custom fields: export/custom-store.ts). */
export function exportStream(kind: ImportKind, format: ExportFormat, pages: AsyncIterable<ExportCell[][]>, extra: string[] = []): Readable {
  const columns = exportColumns(kind);
  const header = [...columns.map((c) => c.name), ...extra];
  if (format === "csv") {
    const rows = Readable.from(
      (async function* () {
        for await (const page of pages) for (const row of page) yield row.map((v) => (v == null ? "" : typeof v === "string" ? neutraliseFormula(v) : v));
      })(),
    );
    const out = stringify({ bom: true, header: true, columns: header, record_delimiter: "\r\n" });
    rows.on("error", (e) => out.destroy(e));
    return rows.pipe(out);
  }
  const numeric = columns.map((c) => c.type.t === "amount" || c.type.t === "int");
  const out = new PassThrough();
  (async () => {
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: false, useSharedStrings: false });
    const ws = wb.addWorksheet(kind);
    ws.addRow(header).commit();
    for await (const page of pages) {
      for (const row of page) ws.addRow(row.map((v, i) => (v == null || v === "" ? null : numeric[i] ? Number(v) : v))).commit();
    }
    ws.commit();
    await wb.commit();
  })().catch((e) => out.destroy(e as Error));
  return out;
}

export const exportFileName = (kind: ImportKind, format: ExportFormat, date: string) => `jindou-${kind}-${date}.${format}`;
