/** The error report as a CSV file to download or write (UTF-8 with BOM so Excel shows Chinese): row, column, reason. Pure. */
import type { RowError } from "./headers";

const quote = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
// A cell starting with = + - @ would run as a formula in a spreadsheet: prefix it with a quote.
const safe = (v: string) => (/^[=+\-@\t\r]/.test(v) ? `'${v}` : v);

export function errorsCsv(errors: readonly RowError[]): string {
  const lines = ["row,column,reason", ...errors.map((e) => [String(e.row), quote(safe(e.column ?? "")), quote(safe(e.reason))].join(","))];
  return "\uFEFF" + lines.join("\r\n") + "\r\n";
}
