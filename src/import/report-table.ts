/** The import report as the CLI prints it: a summary line, then warnings and errors as tables (row, column, reason). */
import Table from "cli-table3";
import type { ImportReport } from "./engine";
import type { RowError } from "./headers";

export function summaryLine(r: ImportReport, seconds: number): string {
  const verb = r.status === "dry_run" ? "dry run (nothing written): would insert" : "inserted";
  const rate = seconds > 0 ? `, ${Math.round(r.processed / seconds).toLocaleString("en-US")} rows/s` : "";
  return (
    `${r.kind}: ${r.processed} rows read; ${verb} ${r.inserted}, updated ${r.updated}, unchanged ${r.unchanged}; ` +
    `${r.errorCount} error(s), ${r.warnings.length} warning(s) in ${seconds.toFixed(2)} s${rate}`
  );
}

export function errorTable(errors: readonly RowError[], title: string): string {
  const table = new Table({ head: ["row", "column", "reason"], style: { head: [], border: [] }, colWidths: [8, 24, 90], wordWrap: true });
  for (const e of errors) table.push([e.row, e.column ?? "", e.reason]);
  return `${title}\n${table.toString()}`;
}

export function formatReport(r: ImportReport, seconds: number): string {
  const parts = [summaryLine(r, seconds)];
  if (r.warnings.length) parts.push(errorTable(r.warnings, "warnings:"));
  if (r.errors.length) {
    parts.push(errorTable(r.errors, "errors:"));
    if (r.errorCount > r.errors.length) parts.push(`… and ${r.errorCount - r.errors.length} more error(s)`);
    parts.push(
      r.batches.committed
        ? `${r.batches.failed} batch(es) with errors were not written; ${r.batches.committed} batch(es) were.`
        : "Nothing was written: fix the rows above and import again.",
    );
  }
  return parts.join("\n");
}
