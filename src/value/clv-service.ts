/**
 * Lifetime value off the event loop: the model is fitted once per data stamp on the whole customer base and each
 * scope's customers are scored from it, both in the compute pool (on SQLite the worker also reads the histories on
 * its own connection); one computation per cache key at a time.
 */
import { DAY_MS } from "../core/dates";
import type { Db } from "../db/connect";
import { inReportTx } from "../db/report-tx";
import { sqliteFiles } from "../db/sqlite-read";
import type { Viewer } from "../access/viewer";
import { reportCacheFor } from "../http/report-cache";
import { hasShared, sharedAggregate } from "../db/data-stamp";
import { orderStamp } from "../readmodels/customer-months";
import type { Scope } from "../tiering/store";
import { isWholeBase, scopeIds } from "../tiering/store-totals";
import type { ResolvedWindow } from "../tiering/window";
import type { TieringSettings } from "../tiering/settings-model";
import { computePool } from "../workers/pool";
import { offLoopLocation } from "../workers/worker-db";
import type { HistorySource } from "../workers/tasks";
import type { DiscountedClvOptions } from "./clv";
import { type ClvFit, columnBuffers, type HistoryColumns, pickCustomers, type ScoreColumns, toColumns } from "./clv-model";
import * as store from "./store";

/** work_mem of report transactions (REPORT_WORK_MEM, see src/config.ts); read here so every caller gets it. */
const REPORT_WORK_MEM = () => process.env.REPORT_WORK_MEM || "64MB";

/** Weeks, as in the BG/NBD literature. */
export const UNIT_DAYS = 7;

/** The scope the model is fitted on: every customer, no filters. */
export const WHOLE_BASE: Scope = { viewer: { id: 0, role: "admin", teamId: null, name: "model", email: "", locale: "zh-CN" } as Viewer, filters: {} };

export function calibrationEnd(w: ResolvedWindow, tz: string) {
  const end = w.window.to;
  const off = store.zoneOffsetMs(tz, end);
  return { end, off, endDay: Math.floor((end - 1 + off) / DAY_MS) };
}

/**
 * A scope's histories as columns: read and parsed in a compute worker on its own connection when one can open the
 * database (only the typed arrays come back, transferred), else here. One read-only transaction with work_mem
 * raised, so the per-customer GROUP BY stays in memory.
 */
async function readHistories(db: Db, scope: Scope, end: number, off: number): Promise<HistoryColumns> {
  const location = offLoopLocation(db);
  if (location) return computePool().run("clvHistories", { location, scope, end, off, workMem: REPORT_WORK_MEM() });
  return toColumns(await inReportTx(db, REPORT_WORK_MEM(), (tx) => store.purchaseHistories(tx as Db, scope, end, off)));
}

/** The whole base's histories as of `end` on PostgreSQL, read once per order stamp (the fit, the admin's scores and every scope's share them). */
function baseHistories(db: Db, end: number, off: number): Promise<HistoryColumns> {
  return orderStampShared(db, `clv-histories:${end}:${off}`, () => readHistories(db, WHOLE_BASE, end, off));
}

/** An order-only computation shared per order stamp (and `also`, e.g. the fit it scores with); per data stamp when the roll-up was never built. */
async function orderStampShared<T>(db: Db, key: string, compute: () => Promise<T>, also = ""): Promise<T> {
  const stamp = await orderStamp(db);
  if (!stamp) return reportCacheFor(db).get(db, also ? `${key}|${also}` : key, compute);
  return sharedAggregate(db, key, compute, async () => (also ? `${stamp}|${also}` : stamp));
}

/**
 * Histories of a scope for a worker: the SQL itself on a SQLite file (the worker reads). On PostgreSQL the whole
 * base's columns (copied to the worker, never transferred: they stay cached), a scope's taken from them when they are
 * at hand for the order stamp, else the scope's own rows.
 */
async function historySource(db: Db, scope: Scope, end: number, off: number): Promise<{ source: HistorySource; transfer: ArrayBuffer[] }> {
  const file = sqliteFiles.get(db);
  if (file) {
    const q = store.purchaseHistoriesSql(scope, end, off).compile(db);
    return { source: { sqlite: { file, sql: q.sql, parameters: q.parameters } }, transfer: [] };
  }
  if (isWholeBase(scope)) return { source: { columns: await baseHistories(db, end, off) }, transfer: [] };
  const stamp = await orderStamp(db);
  const columns =
    stamp && hasShared(db, `clv-histories:${end}:${off}`, stamp)
      ? pickCustomers(await baseHistories(db, end, off), await scopeIds(db, scope))
      : await readHistories(db, scope, end, off);
  return { source: { columns }, transfer: columnBuffers(columns) };
}

/** The BG/NBD × Gamma-Gamma fit on the whole base as of the window's end, shared by every viewer while the data is unchanged. */
export async function clvFit(db: Db, w: ResolvedWindow, tz: string): Promise<ClvFit> {
  const { end, off, endDay } = calibrationEnd(w, tz);
  const fit = async () => {
    const { source, transfer } = await historySource(db, WHOLE_BASE, end, off);
    return computePool().run("clvFit", { source, endDay, unitDays: UNIT_DAYS }, transfer);
  };
  // The fit reads orders only: shared per order stamp (bumped by every order write), so a rep's report or a change
  // elsewhere (a move, a note) scores with the fit already made instead of refitting the whole base.
  return orderStampShared(db, JSON.stringify(["clv-fit", end, tz]), fit);
}

export function clvOptions(settings: TieringSettings, margin: number): DiscountedClvOptions {
  return { horizonMonths: settings.clv.horizonMonths, monthlyDiscount: settings.clv.monthlyDiscount, unitDays: UNIT_DAYS, margin };
}

/** A scope's customers scored with a fitted model, sorted by value. */
export async function clvScores(
  db: Db,
  scope: Scope,
  w: ResolvedWindow,
  tz: string,
  fit: ClvFit & { bgnbd: object },
  options: DiscountedClvOptions,
): Promise<ScoreColumns> {
  const { end, off, endDay } = calibrationEnd(w, tz);
  const score = async () => {
    const { source, transfer } = await historySource(db, scope, end, off);
    return computePool().run("clvScore", { source, endDay, bg: fit.bgnbd.params, gg: fit.gammaGamma.params, options }, transfer);
  };
  // The whole base's scores depend on the orders, the fit and the options only: shared per order stamp like the fit,
  // so the admin's report after a change elsewhere (a move, a note) does not rescore every customer.
  if (!isWholeBase(scope)) return score();
  // The fit is part of the stamp, not of the key: a refit after a new order replaces the old scores (and releases
  // them) instead of adding a key beside them.
  return orderStampShared(db, JSON.stringify(["clv-scores", end, tz, options]), score, JSON.stringify([fit.bgnbd.params, fit.gammaGamma.params]));
}
