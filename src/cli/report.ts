/** `jindou report <name>`: runs a registered report and prints it as a table, CSV or JSON. */
import Table from "cli-table3";
import type { Command } from "commander";
import { stringify } from "csv-stringify/sync";
import { MoneyCell } from "../core/money";
import { NumberCell, PercentCell } from "../core/report-cells";
import { neutraliseFormula } from "../export/formula";
import { cliViewer, openForCli } from "./context";
import { nextStepForReport } from "../init/state-store";
import { type ReportResult, reportNeeds, reports } from "./report-registry";

export function formatReport(result: ReportResult, format: string): string {
  if (format === "json") return JSON.stringify(result.json ?? result.rows, null, 2);
  const columns = result.rows.length ? Object.keys(result.rows[0]) : [];
  // Money cells read "¥828.2万" in a table, percentages "42.5%"; CSV and JSON get the number (yuan, ratio).
  const csvCell = (v: unknown) => (isNumberCell(v) ? String(v.toJSON()) : neutraliseFormula(cell(v)));
  if (format === "csv") return stringify([columns, ...result.rows.map((r) => columns.map((c) => csvCell(r[c])))]);
  const cells = result.rows.map((r) => columns.map((c) => (isNumberCell(r[c]) ? String(r[c]) : cell(r[c]))));
  const table = new Table({ head: columns, style: { head: [], border: [] } });
  table.push(...cells);
  return (result.title ? result.title + "\n" : "") + table.toString();
}

const isNumberCell = (v: unknown): v is MoneyCell | PercentCell | NumberCell => v instanceof MoneyCell || v instanceof PercentCell || v instanceof NumberCell;
const cell = (v: unknown) =>
  v == null
    ? ""
    : typeof v === "number"
      ? Number.isInteger(v)
        ? String(v)
        : v.toFixed(4).replace(/0+$/, "").replace(/\.$/, "")
      : typeof v === "object"
        ? JSON.stringify(v)
        : String(v);

export function reportCommand(program: Command): void {
  const report = program.command("report").description("print a report (table, CSV or JSON); `jindou report --help` lists them");
  for (const r of reports) {
    const c = report
      .command(r.name)
      .description(r.description)
      .option("--format <format>", "table | csv | json", "table")
      .option("--as <email>", "run as this user (role scoping applies); default: an admin")
      .option("--database <url>", "database URL (default: DATABASE_URL or DATA_DIR/jindou.db)");
    for (const [flags, description, def] of r.options ?? []) c.option(flags, description, def);
    c.action(async (opts: Record<string, string | undefined>) => {
      const { handle, config } = await openForCli(opts.database);
      try {
        // an empty or half-set-up database: one line saying what to do next (set-up stops here; missing data is a hint)
        const next = await nextStepForReport(handle.db, reportNeeds.get(r.name));
        if (next?.fatal) throw new Error(next.line);
        if (next) console.error(next.line);
        const viewer = await cliViewer(handle, opts.as);
        const result = await r.run({ db: handle.db, config, now: Date.now(), viewer, opts });
        process.stdout.write(formatReport(result, opts.format ?? "table") + "\n");
      } finally {
        await handle.close();
      }
    });
  }
}
