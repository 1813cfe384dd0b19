/**
 * `jindou import <kind> <file>`: CSV or XLSX, with a progress bar (rows/s), the error report as a table, and a
 * non-zero exit code when any row is refused. The run is recorded in import_runs like an API import.
 */
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import cliProgress from "cli-progress";
import type { Command } from "commander";
import { cliViewer, openForCli } from "../cli/context";
import { remoteFrom, remoteImport, type Remote } from "../cli/remote";
import { type ImportReport, runImport } from "./engine";
import { errorsCsv } from "./error-file";
import { type ImportKind, IMPORT_KINDS, parseKind } from "./kinds";
import { type ImportMapping, mapPairs, mergeMapping, parseMapping, setPair, valuePair } from "./mapping";
import { formatReport } from "./report-table";
import { createRun, failRun, finishRun } from "./runs-store";
import { type FileFormat, parseDelimiter, parseEncoding, rowsFromFile } from "./source";
import { nextStepForImport } from "../init/state-store";

interface ImportOpts {
  dryRun?: boolean;
  map?: string;
  format?: FileFormat;
  database?: string;
  as?: string;
  batchSize?: string;
  set: string[];
  value: string[];
  mapping?: string;
  header: boolean;
  delimiter?: string;
  encoding?: string;
  createCustomers?: boolean;
  json?: boolean;
  progress: boolean;
  server?: string;
  token?: string;
  errors?: string;
}

const collect = (v: string, prev: string[]) => [...prev, v];

/** The mapping file (if any) with --map, --set and --value on top; a message naming the bad option otherwise. */
function mappingFrom(opts: ImportOpts, kind: ImportKind): ImportMapping {
  let base: ImportMapping | undefined;
  if (opts.mapping) {
    const m = parseMapping(readFileSync(opts.mapping, "utf8"));
    if ("error" in m) throw new Error(`--mapping ${opts.mapping}: ${m.error}`);
    if (m.kind && parseKind(m.kind) !== kind) throw new Error(`--mapping ${opts.mapping} is for ${m.kind}, not ${kind}`);
    base = m;
  }
  const set = opts.set.map((s) => {
    const p = setPair(s);
    if (!p) throw new Error(`--set "${s}": use field=value, e.g. --set pipeline=crm5`);
    return p;
  });
  const values = opts.value.map((s) => {
    const p = valuePair(s);
    if (!p) throw new Error(`--value "${s}": use field:from=to, e.g. --value "stage:Prospecting=lead"`);
    return p;
  });
  return mergeMapping(base, { map: opts.map ? mapPairs(opts.map) : [], set, values });
}

export function importCommand(program: Command): void {
  program
    .command("import")
    .description(`import ${IMPORT_KINDS.join(" | ")} from CSV or XLSX (idempotent by external_id; see docs/import.md)`)
    .argument("<kind>", IMPORT_KINDS.join(" | "))
    .argument("<file>", "a .csv, .txt or .xlsx file")
    .option("--dry-run", "validate everything, write nothing")
    .option("--map <pairs>", 'map other headers: "原列名=canonical,…" (or "3=ordered_at"); one column may feed several fields')
    .option(
      "--set <field=value>",
      'a constant or default for a field, or a template: --set pipeline=crm5 --set "title={account} – {product}" (repeatable)',
      collect,
      [],
    )
    .option("--value <field:from=to>", 'a value map entry: --value "stage:Prospecting=lead" --value "source:Walk-in=inbound" (repeatable)', collect, [])
    .option("--mapping <file.json>", "a saved mapping (the format the web wizard saves): {columns, set, values}")
    .option("--errors <file.csv>", "write the refused rows' errors to a CSV file (row, column, reason)")
    .option("--format <format>", "csv | xlsx (default: from the file)")
    .option("--database <url>", "SQLite file or postgres:// URL (default: DATABASE_URL / data/jindou.db)")
    .option("--as <email>", "import as this user (default: the first admin)")
    .option("--batch-size <n>", "rows per all-or-nothing batch (default: the whole file)")
    .option("--no-header", "the file has no header row (map columns by number)")
    .option("--delimiter <d>", "comma | tab | semicolon | whitespace (default: guessed)")
    .option("--encoding <e>", "utf8 | gbk | gb18030 | utf16le | utf16be (default: detected)")
    .option("--create-customers", "create a customer for an unknown customer_external_id or customer_name (every kind)")
    .option("--json", "print the report as JSON")
    .option("--no-progress", "no progress bar")
    .option("--server <url>", "import into a remote Jindou through its API (or JINDOU_SERVER)")
    .option("--token <token>", "bearer token for --server (or JINDOU_TOKEN)")
    .action(async (kindArg: string, file: string, opts: ImportOpts) => {
      const kind = parseKind(kindArg);
      if (!kind) throw new Error(`unknown kind "${kindArg}": use ${IMPORT_KINDS.join(", ")}`);
      const batchSize = opts.batchSize ? Number(opts.batchSize) : undefined;
      if (batchSize !== undefined && !(Number.isInteger(batchSize) && batchSize > 0)) throw new Error("--batch-size must be a positive whole number");
      const mapping = mappingFrom(opts, kind);
      const remote = remoteFrom(opts);
      if (remote) return importRemote(remote, kind, file, opts, mapping);
      const { handle, config } = await openForCli(opts.database);
      try {
        const next = await nextStepForImport(handle.db, kind);
        if (next) {
          console.error(next);
          process.exitCode = 1;
          return;
        }
        const viewer = await cliViewer(handle, opts.as);
        const actor = { id: viewer.id || null, role: viewer.role, teamId: viewer.teamId, viewer: viewer.id ? viewer : undefined };
        const source = await rowsFromFile(file, { format: opts.format, delimiter: parseDelimiter(opts.delimiter), encoding: parseEncoding(opts.encoding) });
        const now = Date.now();
        const runId = await createRun(handle.db, { kind, fileName: path.basename(file), createdBy: actor.id, total: source.estimatedRows ?? 0, now });
        const bar = opts.progress && !opts.json ? progressBar(source.estimatedRows) : null;
        const started = performance.now();
        try {
          const report = await runImport(handle.db, source.rows, {
            kind,
            tz: config.TZ_ORG,
            now,
            actor,
            dryRun: opts.dryRun,
            batchSize,
            map: mapping,
            header: opts.header,
            createCustomers: opts.createCustomers,
            runId,
            onProgress: (p) => bar?.update(p.processed, { speed: rate(p.processed, started) }),
          });
          bar?.stop();
          await finishRun(handle.db, runId, report, Date.now());
          const seconds = (performance.now() - started) / 1000;
          process.stdout.write((opts.json ? JSON.stringify({ runId, ...report, seconds }, null, 2) : formatReport(report, seconds)) + "\n");
          if (opts.errors && report.errors.length) {
            writeFileSync(opts.errors, errorsCsv(report.errors));
            console.error(`errors written to ${opts.errors}`);
          }
          if (report.errorCount) process.exitCode = 1;
        } catch (e) {
          bar?.stop();
          await failRun(handle.db, runId, e instanceof Error ? e.message : String(e), Date.now());
          throw e;
        }
      } finally {
        await handle.close();
      }
    });
}

async function importRemote(remote: Remote, kind: string, file: string, opts: ImportOpts, mapping: ImportMapping) {
  const started = performance.now();
  let bar: ReturnType<typeof progressBar> | null = null;
  const run = await remoteImport(
    remote,
    kind,
    file,
    {
      dryRun: opts.dryRun ? "1" : undefined,
      createCustomers: opts.createCustomers ? "1" : undefined,
      header: opts.header ? undefined : "0",
      delimiter: opts.delimiter,
      batchSize: opts.batchSize,
      format: opts.format,
      encoding: opts.encoding,
    },
    Object.keys(mapping.columns).length || Object.keys(mapping.set).length || Object.keys(mapping.values).length ? mapping : undefined,
    (r) => {
      if (!opts.progress || opts.json) return;
      bar ??= progressBar(r.total || null);
      bar.update(r.processed, { speed: rate(r.processed, started) });
    },
  );
  (bar as ReturnType<typeof progressBar> | null)?.stop();
  const seconds = (performance.now() - started) / 1000;
  const report = {
    ...run,
    kind,
    status: run.status as ImportReport["status"],
    batches: { committed: run.errorCount && !opts.batchSize ? 0 : 1, failed: run.errorCount ? 1 : 0 },
  } as unknown as ImportReport;
  process.stdout.write((opts.json ? JSON.stringify({ runId: run.id, ...run, seconds }, null, 2) : formatReport(report, seconds)) + "\n");
  if (run.errorCount || run.status === "failed") process.exitCode = 1;
}

const rate = (n: number, started: number) => Math.round(n / Math.max(0.001, (performance.now() - started) / 1000)).toLocaleString("en-US");

function progressBar(estimate: number | null) {
  const bar = new cliProgress.SingleBar(
    {
      format: estimate ? "importing [{bar}] {percentage}% | {value} rows | {speed} rows/s" : "importing {value} rows | {speed} rows/s",
      hideCursor: true,
      clearOnComplete: true,
      stream: process.stderr,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(Math.max(1, (estimate ?? 1) - 1), 0, { speed: "0" });
  return {
    update: (n: number, payload: { speed: string }) => {
      if (estimate && n > bar.getTotal()) bar.setTotal(n);
      bar.update(n, payload);
    },
    stop: () => bar.stop(),
  };
}
