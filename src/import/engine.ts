/**
 * Runs one import: header → columns, then rows in batches (one transaction each; a batch with any bad row writes
 * nothing), each batch in chunks that are validated, resolved with one lookup query per reference and written
 * with multi-row inserts. A dry run does all of it and rolls every batch back.
 */
import type { Db } from "../db/connect";
import { fillPinyin } from "../search/pinyin-store";
import { inTx } from "../db/tx";
import type { RowError } from "./headers";
import { type ColumnMapping, resolveHeaders } from "./headers";
import { type ImportKind, KINDS } from "./kinds";
import { type ImportActor, loadLookups } from "./lookups";
import type { SourceRow } from "./read-csv";
import { derivedOrderKey, isBlankRow, type ParsedRow, parseRow } from "./record";
import { activitiesWriter } from "./write-activities";
import { contactsWriter } from "./write-contacts";
import { customersWriter } from "./write-customers";
import { historyWriter } from "./write-history";
import { opportunitiesWriter } from "./write-opportunities";
import { ordersWriter } from "./write-orders";
import { opportunityLinesWriter, productsWriter } from "./write-products";
import { targetsWriter } from "./write-targets";
import { usersWriter } from "./write-users";
import { contractsWriter } from "./write-contracts";
import { paymentsWriter } from "./write-payments";
import { quotesWriter } from "./write-quotes";
import { type ChunkContext, type Counts, findUser, type KindWriter, zero } from "./writer";
import { CUSTOM_ENTITY, customCells, customColumns, missingRequired } from "./custom-columns";
import { listFields } from "../fields/store";
import { importCells } from "../fields/values-store";
import type { StoredCell } from "../fields/model";

const WRITERS: Record<ImportKind, KindWriter> = {
  users: usersWriter,
  targets: targetsWriter,
  customers: customersWriter,
  contacts: contactsWriter,
  opportunities: opportunitiesWriter,
  "stage-history": historyWriter,
  activities: activitiesWriter,
  orders: ordersWriter,
  quotes: quotesWriter,
  contracts: contractsWriter,
  payments: paymentsWriter,
  products: productsWriter,
  "opportunity-lines": opportunityLinesWriter,
};

/** Rows validated and written together; lookups are one query per chunk. */
export const CHUNK_ROWS = 2000;

export interface ImportOptions {
  kind: ImportKind;
  /** the organisation's time zone, for times without an offset */
  tz: string;
  now: number;
  actor: ImportActor;
  dryRun?: boolean;
  /** rows per transaction; default: the whole file (stage history is always one batch) */
  batchSize?: number;
  /** source header (or 1-based column number) → canonical column, or a full mapping (columns, set, values) */
  map?: Record<string, string> | ColumnMapping;
  /** false: the file has no header row (map columns by number) */
  header?: boolean;
  createCustomers?: boolean;
  runId?: number | null;
  /** errors kept in the report (all are counted) */
  maxErrors?: number;
  onProgress?: (p: ImportProgress) => void | Promise<void>;
}

export interface ImportProgress extends Counts {
  processed: number;
  errorCount: number;
  inTransaction: boolean;
}

export interface ImportReport extends Counts {
  kind: ImportKind;
  status: "done" | "failed" | "dry_run";
  /** data rows read (blank rows are skipped) */
  processed: number;
  errors: RowError[];
  errorCount: number;
  warnings: RowError[];
  batches: { committed: number; failed: number };
}

const ROLLBACK = Symbol("rollback");

export async function runImport(db: Db, source: AsyncIterable<SourceRow>, o: ImportOptions): Promise<ImportReport> {
  const entity = CUSTOM_ENTITY[o.kind];
  const customFields = entity ? await listFields(db, entity, false) : [];
  const spec = customFields.length ? { ...KINDS[o.kind], columns: [...KINDS[o.kind].columns, ...customColumns(customFields)] } : KINDS[o.kind];
  const writer = WRITERS[o.kind];
  const maxErrors = o.maxErrors ?? 1000;
  const report: ImportReport = {
    kind: o.kind,
    status: "done",
    processed: 0,
    ...zero(),
    errors: [],
    errorCount: 0,
    warnings: [],
    batches: { committed: 0, failed: 0 },
  };
  const it = source[Symbol.asyncIterator]();
  let pending: SourceRow | null = null;
  let header: string[] | null = null;
  const first = await it.next();
  if (first.done) return fail(report, { row: 1, column: null, reason: "the file is empty" });
  if (o.header === false) pending = first.value;
  else header = first.value.cells.map((c) => (c == null ? "" : c instanceof Date ? c.toISOString() : String(c)));
  const cols = resolveHeaders(spec, header, pending?.cells.length ?? 0, o.map);
  report.warnings.push(...cols.warnings);
  if (cols.errors.length) {
    report.errors = cols.errors;
    report.errorCount = cols.errors.length;
    report.status = "failed";
    return report;
  }

  const lookups = await loadLookups(db, o.actor);
  const keys = new Map<string, number>();
  const orderKeys = new Map<string, number>();
  const fileState = new Map<string, unknown>();
  const batchSize = writer.wholeBatch ? Number.POSITIVE_INFINITY : (o.batchSize ?? Number.POSITIVE_INFINITY);
  const keyColumn = o.kind === "users" ? "email" : "external_id";
  const hasKey = spec.columns.some((c) => c.name === keyColumn);
  const next = async (): Promise<SourceRow | null> => {
    if (pending) {
      const p = pending;
      pending = null;
      return p;
    }
    const r = await it.next();
    return r.done ? null : r.value;
  };
  const progress = (counts: Counts, inTransaction: boolean) =>
    o.onProgress?.({
      processed: report.processed,
      errorCount: report.errorCount,
      inTransaction,
      inserted: report.inserted + counts.inserted,
      updated: report.updated + counts.updated,
      unchanged: report.unchanged + counts.unchanged,
    });

  const reported = new Set<string>();
  let done = false;
  while (!done) {
    const counts = zero();
    let batchErrors = 0;
    let rows = 0;
    const error = (row: number, column: string | null, reason: string) => {
      // A cell already reported (e.g. unparsable, then missing for the writer) is reported once.
      const key = `${row}|${column}`;
      if (column && reported.has(key)) return;
      if (column) reported.add(key);
      batchErrors++;
      report.errorCount++;
      if (report.errors.length < maxErrors) report.errors.push({ row, column, reason });
    };
    try {
      await inTx(db, async (tx) => {
        const ctx: ChunkContext = {
          tx,
          lookups,
          now: o.now,
          tz: o.tz,
          runId: o.runId ?? null,
          createCustomers: !!o.createCustomers,
          fileState,
          error,
          warn: (row, column, reason) => {
            if (report.warnings.length < maxErrors) report.warnings.push({ row, column, reason });
          },
          canWrite: () => batchErrors === 0,
        };
        let chunk: ParsedRow[] = [];
        // custom values per row, written once the chunk's writer says which record each row became
        let custom = new Map<number, Map<number, StoredCell[]>>();
        const written = new Map<number, number>();
        const created = new Set<number>();
        ctx.written = (row, id, isNew) => {
          written.set(row, id);
          if (isNew) created.add(row);
        };
        const flush = async () => {
          if (!chunk.length) return;
          const c = await writer.chunk(chunk, ctx);
          // A new record must carry every required field, as a create through the API must; an existing one keeps its values.
          for (const row of created) missingRequired(customFields, custom.get(row), (column, reason) => error(row, column, reason));
          if (entity && ctx.canWrite()) {
            const byRecord = new Map<number, Map<number, StoredCell[]>>();
            for (const [row, cells] of custom) {
              const id = written.get(row);
              if (id) byRecord.set(id, cells);
            }
            await importCells(tx, entity, customFields, byRecord, o.actor.id ?? null, o.runId ?? null, o.now);
          }
          custom = new Map();
          written.clear();
          created.clear();
          counts.inserted += c.inserted;
          counts.updated += c.updated;
          counts.unchanged += c.unchanged;
          chunk = [];
          await progress(counts, true);
        };
        while (rows < batchSize) {
          const src = await next();
          if (!src) {
            done = true;
            break;
          }
          if (isBlankRow(src.cells)) continue;
          rows++;
          report.processed++;
          const { values, errors } = parseRow(spec, cols, src.cells, src.row, o.tz);
          for (const e of errors) error(e.row, e.column, e.reason);
          if (customFields.length) {
            const cells = customCells(
              customFields,
              values,
              (s) => {
                const u = findUser(lookups, s);
                return "error" in u ? { error: u.error.replace(/owner/g, "user") } : { id: u.id };
              },
              (column, reason) => error(src.row, column, reason),
            );
            if (cells.size) custom.set(src.row, cells);
          }
          // The row's other problems (unknown owner, stage, customer …) are reported too, not only the first bad cell.
          if (errors.length && writer.wholeBatch) continue;
          if (o.kind === "orders" && values.external_id == null) values.external_id = derivedOrderKey(values, orderKeys);
          if (hasKey && values[keyColumn] != null) {
            const ext = String(values[keyColumn]);
            const seen = keys.get(ext);
            if (seen !== undefined) {
              error(src.row, keyColumn, `duplicate key: ${ext} is also on row ${seen}`);
              continue;
            }
            keys.set(ext, src.row);
          }
          chunk.push({ row: src.row, values });
          if (!writer.wholeBatch && chunk.length >= CHUNK_ROWS) await flush();
        }
        await flush();
        if (batchErrors || o.dryRun) throw ROLLBACK;
        await fillPinyin(tx); // the stored pinyin of the rows written (src/search/pinyin-store.ts)
      });
    } catch (e) {
      if (e !== ROLLBACK) throw e;
    }
    if (rows === 0) break;
    if (batchErrors) report.batches.failed++;
    else {
      report.batches.committed++;
      report.inserted += counts.inserted;
      report.updated += counts.updated;
      report.unchanged += counts.unchanged;
    }
    await progress(zero(), false);
  }
  report.status = report.errorCount ? "failed" : o.dryRun ? "dry_run" : "done";
  return report;
}

function fail(report: ImportReport, e: RowError): ImportReport {
  return { ...report, status: "failed", errors: [e], errorCount: 1 };
}
