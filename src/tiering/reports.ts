/** Each tiering report end to end: the per-customer aggregates from SQL, then the pure ranking and tiering. */
import { DAY_MS } from "../core/dates";
import { firstInOrder } from "../core/first-in-order";
import type { Db } from "../db/connect";
import { gradeColumns } from "./grading-columns";
import { kaismColumnsOf, kaismOfColumns } from "./kaism-columns";
import { type AccountColumns, type AccountPick, keyAccountColumns } from "./key-accounts-columns";
import { pareto, paretoCurve } from "./pareto";
import { prioritiseColumns } from "./priority-columns";
import { pyramid } from "./pyramid";
import { rfmGrid, rfmScores } from "./rfm";
import { mergeSettings, type SettingsProblem, type TieringSettings } from "./settings-model";
import { customerColumns } from "./store-customers";
import * as store from "./store";
import * as factsStore from "./store-facts";
import * as totalsStore from "./store-totals";
import { parseSetting, readSetting } from "../db/settings-store";
import type { Scope } from "./store";
import { indexOfEach, takeAt } from "./totals-columns";
import { addMonths, type ResolvedWindow } from "./window";

/** The tiering settings; stored ones that are unreadable or invalid are an error unless `onInvalid` takes the problem. */
export async function loadSettings(db: Db, onInvalid?: (p: SettingsProblem) => void): Promise<TieringSettings> {
  const text = await readSetting(db, store.TIERING_KEY);
  let stored: unknown = null;
  if (text != null) {
    try {
      stored = parseSetting(store.TIERING_KEY, text, "an admin can save them again in Settings");
    } catch (e) {
      if (!onInvalid) throw e;
      onInvalid({ section: "*", message: (e as Error).message });
    }
  }
  return mergeSettings(stored, onInvalid);
}

export interface ReportInput {
  db: Db;
  scope: Scope;
  settings: TieringSettings;
  w: ResolvedWindow;
  limit: number;
}

/** The listed places with their customers' names (read for these places only, not for the whole scope). */
async function named<T extends { customerId: number }>(db: Db, places: T[]): Promise<Array<T & { name: string | null }>> {
  const name = await store.customerNames(
    db,
    places.map((p) => p.customerId),
  );
  return places.map((p) => ({ ...p, name: name.get(p.customerId) ?? null }));
}

const windowOf = (w: ResolvedWindow) => ({ from: w.from, to: w.to });

export async function paretoReport({ db, scope, settings, w, limit }: ReportInput) {
  const totals = await totalsStore.orderTotals(db, scope, w.window);
  const cuts = { a: settings.abc.a, b: settings.abc.b };
  const one = async (metric: "revenue" | "profit") => {
    const r = pareto(
      totals.map((t) => ({ customerId: t.customer_id, value: metric === "revenue" ? t.revenue : t.revenue - t.cost })),
      cuts,
      settings.abc.topFraction,
    );
    return { ...r, curve: paretoCurve(r), points: await named(db, r.points.slice(0, limit)) };
  };
  return { window: windowOf(w), cuts: settings.abc, revenue: await one("revenue"), profit: await one("profit") };
}

export async function pyramidReport({ db, scope, settings, w, limit }: ReportInput) {
  const totals = await totalsStore.orderTotals(db, scope, w.window);
  const r = pyramid(
    totals.map((t) => ({ customerId: t.customer_id, revenue: t.revenue, profit: t.revenue - t.cost })),
    settings.pyramid,
    limit,
  );
  return { window: windowOf(w), ...r, places: await named(db, r.places) };
}

export async function gradesReport({ db, scope, settings, w, limit }: ReportInput) {
  const [totals, rows] = await Promise.all([
    totalsStore.scopedTotalColumns(db, scope, w.window),
    customerColumns(db, scope, ["credit_rating", "prospect_rating"] as const),
  ]);
  const customerId = Float64Array.from(rows, (c) => Number(c.id));
  const at = indexOfEach(customerId, totals.customerId);
  // columns for every customer, objects only for the listed ones (grading-columns.ts; the object path is its oracle)
  const r = gradeColumns(
    {
      customerId,
      orderAmount: takeAt(at, (j) => totals.revenue[j]),
      profit: takeAt(at, (j) => totals.revenue[j] - totals.cost[j]),
      credit: rows.map((c) => c.credit_rating),
      prospect: rows.map((c) => c.prospect_rating),
    },
    limit,
    settings.grading,
  );
  return { window: windowOf(w), weights: settings.grading.weights, summary: r.summary, customers: await named(db, r.customers) };
}

export async function rfmReport({ db, scope, settings, w, limit }: ReportInput) {
  const totals = await totalsStore.orderTotals(db, scope, w.window);
  const end = w.window.to;
  const scores = rfmScores(
    totals.map((t) => ({
      customerId: t.customer_id,
      recencyDays: Math.floor((end - 1 - t.last_at) / DAY_MS),
      frequency: t.orders,
      monetary: t.revenue,
    })),
    settings.rfm.segments,
  );
  const grid = rfmGrid(scores, settings.rfm.segments);
  const top = firstInOrder(scores, limit, (a, b) => b.r + b.f + b.m - (a.r + a.f + a.m) || b.monetary - a.monetary || a.customerId - b.customerId);
  return {
    window: windowOf(w),
    customers: scores.length,
    ...grid,
    scores: await named(db, top),
  };
}

/** Margin used to turn open pipeline into expected profit: the setting, else the window's measured margin, else 1. */
function marginOf(settings: TieringSettings, totals: { revenue: Float64Array; cost: Float64Array }) {
  if (settings.clv.margin !== null) return { margin: settings.clv.margin, source: "setting" as const };
  let rev = 0,
    cost = 0;
  for (let i = 0; i < totals.revenue.length; i++) rev += totals.revenue[i];
  for (let i = 0; i < totals.cost.length; i++) cost += totals.cost[i];
  return rev > 0 ? { margin: (rev - cost) / rev, source: "measured" as const } : { margin: 1, source: "none" as const };
}

export async function kaismReport({ db, scope, settings, w, limit }: ReportInput) {
  const months = Math.round((Date.parse(w.to) - Date.parse(w.from)) / (30.4375 * DAY_MS)) || settings.windowMonths;
  const beforeFrom = addMonths(w.from, -months);
  const before = { from: w.window.from - (Date.parse(w.from) - Date.parse(beforeFrom)), to: w.window.from };
  const [rows, totals, prev, acts, deals, manual] = await Promise.all([
    customerColumns(db, scope, ["prospect_rating"] as const),
    totalsStore.scopedTotalColumns(db, scope, w.window),
    totalsStore.scopedTotalColumns(db, scope, before),
    factsStore.activityCounts(db, scope, w.window),
    factsStore.dealFacts(db, scope),
    store.kaismManualScores(db, scope),
  ]);
  // columns for every customer, objects only for the listed places (kaism-columns.ts; the object path is its oracle)
  const r = kaismOfColumns(kaismColumnsOf(rows, totals, prev, acts, deals, manual), settings.kaism, limit);
  return {
    window: windowOf(w),
    criteria: { attractiveness: settings.kaism.attractiveness, strength: settings.kaism.strength },
    cut: settings.kaism.cut,
    quadrants: r.quadrants,
    unplaced: r.unplaced,
    places: await named(db, r.places),
  };
}

/** The key-account columns of the scope's customers (ascending id) and the margin expected profit is valued at. */
async function accountFacts(db: Db, scope: Scope, settings: TieringSettings, w: ResolvedWindow) {
  const [ids, totals, deals, signed] = await Promise.all([
    totalsStore.scopeIds(db, scope),
    totalsStore.scopedTotalColumns(db, scope, w.window),
    factsStore.dealFacts(db, scope),
    totalsStore.buyersBefore(db, scope, w.window.to),
  ]);
  const customerId = Float64Array.from(ids);
  const m = marginOf(settings, totals);
  const t = indexOfEach(customerId, totals.customerId),
    d = indexOfEach(
      customerId,
      deals.map((f) => f.customer_id),
    );
  const open = (j: number) => j >= 0 && deals[j].open_count > 0;
  const columns: AccountColumns = {
    customerId,
    // signed: an order before the window's end or a won deal
    signed: Uint8Array.from(ids, (id, i) => (signed.has(id) || (d[i] >= 0 && deals[d[i]].won > 0) ? 1 : 0)),
    actualProfit: takeAt(t, (j) => totals.revenue[j] - totals.cost[j]),
    expectedProfit: Float64Array.from(d, (j) => (open(j) ? Math.round((deals[j].weighted_pct / 100) * m.margin) : 0)),
    maxOpenProbability: Float64Array.from(d, (j) => (open(j) ? (deals[j].max_probability ?? Number.NaN) : Number.NaN)),
    earliestClose: Array.from(d, (j) => (open(j) ? deals[j].earliest_close : null)),
  };
  return { m, columns };
}

/** `pick` narrows the listed places to one signing bucket and/or matrix cell (the drill-down of a bar or cell). */
export type KeyAccountPick = AccountPick;

export async function keyAccountsReport({ db, scope, settings, w, limit }: ReportInput, pick: KeyAccountPick = {}) {
  const { columns, m } = await accountFacts(db, scope, settings, w);
  // columns for every customer, objects only for the listed places (key-accounts-columns.ts; the object path is its oracle)
  const r = keyAccountColumns(columns, w.to, limit, pick, settings.keyAccounts);
  return {
    window: windowOf(w),
    margin: m,
    cells: r.cells,
    signing: r.signing,
    placesTotal: r.placesTotal,
    places: await named(db, r.places),
  };
}

/**
 * Priorities of every visible customer (size, need, intent), with the revisit cadence of each: the counts and the
 * listed customers, and with `all` (the re-tiering job) every customer's priority.
 */
export async function priorityReport({ db, scope, settings, w, limit }: ReportInput, all = false) {
  const [rows, totals, open] = await Promise.all([
    customerColumns(db, scope, ["size_band"] as const),
    totalsStore.scopedTotalColumns(db, scope, w.window),
    factsStore.dealFacts(db, scope),
  ]);
  const customerId = Float64Array.from(rows, (c) => Number(c.id));
  const at = indexOfEach(customerId, totals.customerId);
  const o = indexOfEach(
    customerId,
    open.map((f) => f.customer_id),
  );
  // open pipeline only from customers with open deals (openPipeline): amount and best probability, else 0
  const isOpen = (j: number) => open[j].open_count > 0;
  // columns for every customer, objects only for the listed ones (priority-columns.ts; the object path is its oracle)
  const r = prioritiseColumns(
    {
      customerId,
      sizeBand: rows.map((c) => c.size_band),
      revenue: takeAt(at, (j) => totals.revenue[j]),
      openAmount: takeAt(o, (j) => (isOpen(j) ? open[j].open_amount : 0)),
      intent: takeAt(o, (j) => (isOpen(j) ? (open[j].max_probability ?? 0) : 0)),
    },
    limit,
    settings.priority,
    all,
  );
  return {
    window: windowOf(w),
    revisitDays: settings.priority.revisitDays,
    counts: r.counts,
    all: r.all,
    customers: await named(db, r.customers),
  };
}
