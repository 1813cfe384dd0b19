/**
 * What the wizard shows before an import: the file decoded on the server (UTF-8, BOM, GB18030, UTF-16, XLSX),
 * its header and first rows, and the field each column is recognised as.
 */
import { type Cell } from "./cells";
import { resolveHeaders } from "./headers";
import { type ImportKind, KINDS } from "./kinds";
import { detectShape, rowsFromBuffer, type SourceOptions } from "./source";

export interface Preview {
  format: "csv" | "xlsx";
  encoding: string | null;
  delimiter: string | null;
  header: string[];
  rows: string[][];
  /** header → canonical column, or "-" */
  mapping: Record<string, string>;
}

const text = (c: Cell) => (c == null ? "" : c instanceof Date ? c.toISOString() : String(c));

export async function previewFile(body: Buffer, kind: ImportKind, o: SourceOptions = {}, n = 5): Promise<Preview> {
  const d = detectShape(body.subarray(0, 65_536), o);
  const { rows } = rowsFromBuffer(body, o);
  const out: string[][] = [];
  for await (const r of rows) {
    out.push(r.cells.map(text));
    if (out.length > n) break;
  }
  const header = (out[0] ?? []).map((h) => h.trim());
  const cols = resolveHeaders(KINDS[kind], header, header.length);
  const byIndex = new Map([...cols.index].map(([c, i]) => [i, c]));
  const mapping = Object.fromEntries(header.map((h, i) => [h, byIndex.get(i) ?? "-"]));
  return {
    format: d.format,
    encoding: d.format === "csv" ? d.encoding : null,
    delimiter: d.format === "csv" ? (d.delimiter === "\t" ? "tab" : d.delimiter) : null,
    header,
    rows: out.slice(1),
    mapping,
  };
}
