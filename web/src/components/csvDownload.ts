/** Saves rows shown on a page as a CSV file (UTF-8 with BOM, so Excel opens Chinese text correctly). */
import { csvCell } from "../format";

export function downloadCsv(fileName: string, header: string[], rows: unknown[][]): void {
  const text = "\uFEFF" + [header, ...rows].map((r) => r.map(csvCell).join(",")).join("\r\n") + "\r\n";
  const url = URL.createObjectURL(new Blob([text], { type: "text/csv;charset=utf-8" }));
  const a = document.createElement("a");
  a.href = url;
  a.download = fileName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
