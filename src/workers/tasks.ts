/**
 * The tasks a compute worker runs, by name: pure CPU work (lifetime-value fit and scoring), long SQLite reads, and
 * large reads on the worker's own connection whose rows are parsed here and only columns go back.
 */
import { AppError, type ErrorCode, type ErrorParams } from "../core/errors";
import { inReportTx } from "../db/report-tx";
import { readSqlite } from "../db/sqlite-read";
import type { Db } from "../db/connect";
import type { Scope, Window } from "../tiering/store";
import { localBaseTotals } from "../tiering/store-totals";
import type { BgNbdParams } from "../value/bgnbd";
import type { DiscountedClvOptions } from "../value/clv";
import { columnBuffers, fitClvModel, type HistoryColumns, type HistoryRowLike, scoreBuffers, scoreClv, toColumns } from "../value/clv-model";
import type { GammaGammaParams } from "../value/gamma-gamma";
import { purchaseHistories } from "../value/store";
import { runFridayView } from "./friday-view";
import { runTieringReport } from "./tiering-reports";
import { workerDb } from "./worker-db";

/** Histories either sent as columns or read by the worker itself from a SQLite file. */
export type HistorySource = { columns: HistoryColumns } | { sqlite: SqliteQuery };
export interface SqliteQuery {
  file: string;
  sql: string;
  parameters: readonly unknown[];
}

const historiesOf = (s: HistorySource): HistoryColumns =>
  "columns" in s ? s.columns : toColumns(readSqlite<HistoryRowLike>(s.sqlite.file, s.sqlite.sql, s.sqlite.parameters));

const tasks = {
  clvFit: (i: { source: HistorySource; endDay: number; unitDays: number }) => ({ result: fitClvModel(historiesOf(i.source), i.endDay, i.unitDays) }),
  clvScore: (i: { source: HistorySource; endDay: number; bg: BgNbdParams; gg: GammaGammaParams; options: DiscountedClvOptions }) => {
    const result = scoreClv(historiesOf(i.source), i.endDay, i.bg, i.gg, i.options);
    return { result, transfer: scoreBuffers(result) };
  },
  /**
   * A scope's purchase histories read and parsed here on the worker's own connection (200,000 rows at enterprise
   * scale, which held the main thread for 0.5 s), in one report transaction with `workMem`; only the columns travel.
   */
  clvHistories: async (i: { location: string; scope: Scope; end: number; off: number; workMem: string }) => {
    const rows = await inReportTx(workerDb(i.location), i.workMem, (tx) => purchaseHistories(tx as Db, i.scope, i.end, i.off));
    const result = toColumns(rows);
    return { result, transfer: columnBuffers(result) };
  },
  /**
   * The whole base's totals of a window for the order stamp, from the worker's shared aggregate (the one the tiering
   * reports computed there, else computed now); copied back, not transferred, since the worker keeps them.
   */
  baseTotals: async (i: { location: string; w: Window; stamp: string }) => ({ result: await localBaseTotals(workerDb(i.location), i.w, i.stamp) }),
  /** the Friday view on the worker's own connection (src/workers/friday-view.ts) */
  fridayView: async (i: Parameters<typeof runFridayView>[0]) => ({ result: await runFridayView(i) }),
  sqliteRead: (i: SqliteQuery) => ({ result: readSqlite<Record<string, unknown>>(i.file, i.sql, i.parameters) }),
  /** a whole tiering report on the worker's own connection (src/workers/tiering-reports.ts) */
  tieringReport: async (i: Parameters<typeof runTieringReport>[0]) => ({ result: await runTieringReport(i) }),
  /** for tests: keeps the worker busy for `ms` without yielding, as a long fit does */
  spin: (i: { ms: number }) => {
    const start = Date.now();
    const end = start + i.ms;
    let n = 0;
    while (Date.now() < end) n++;
    return { result: { n, start, end: Date.now() } };
  },
  /** for tests: refuses as a rule below the routes does, with a code, a field and parameters */
  refuse: (i: { code: ErrorCode; message: string; field?: string; params?: ErrorParams }): never => {
    throw new AppError(i.code, i.message, i.field, undefined, i.params);
  },
  /** for tests: waits `ms` without holding the worker, as a database read does; answers when it ran */
  sleep: async (i: { ms: number }) => {
    const start = Date.now();
    await new Promise((r) => setTimeout(r, i.ms));
    return { result: { start, end: Date.now() } };
  },
};

export type TaskName = keyof typeof tasks;
export type TaskInput<T extends TaskName> = Parameters<(typeof tasks)[T]>[0];
export type TaskOutput<T extends TaskName> = Awaited<ReturnType<(typeof tasks)[T]>>["result"];

export async function runTask(name: string, input: unknown): Promise<{ result: unknown; transfer: ArrayBuffer[] }> {
  const t = tasks[name as TaskName] as
    | ((i: unknown) => { result: unknown; transfer?: ArrayBuffer[] } | Promise<{ result: unknown; transfer?: ArrayBuffer[] }>)
    | undefined;
  if (!t) throw new Error(`unknown task ${name}`);
  const r = await t(input);
  return { result: r.result, transfer: r.transfer ?? [] };
}

export { columnBuffers };
