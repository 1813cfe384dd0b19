/** Each tiering report end to end: the per-customer aggregates from SQL, then the pure ranking and tiering. */
import { DAY_MS } from "../core/dates";
import { firstInOrder } from "../core/first-in-order";
import type { Db } from "../db/connect";
import { gradeCustomers, gradeSummary } from "./grading";
import { kaismColumnsOf, kaismOfColumns } from "./kaism-columns";
import { keyAccountMatrix } from "./key-accounts";
import { pareto, paretoCurve } from "./pareto";
import { prioritise } from "./priority";
import { pyramid } from "./pyramid";
import { rfmGrid, rfmScores } from "./rfm";
import { mergeSettings, type SettingsProblem, type TieringSettings } from "./settings-model";
import * as store from "./store";
import * as factsStore from "./store-facts";
import * as totalsStore from "./store-totals";
import { parseSetting, readSetting } from "../db/settings-store";
import type { Scope } from "./store";
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
    totalsStore.orderTotals(db, scope, w.window),
    store.customerColumns(db, scope, ["credit_rating", "prospect_rating"] as const),
  ]);
  const byId = new Map(totals.map((t) => [t.customer_id, t]));
  const graded = gradeCustomers(
    rows.map((c) => {
      const t = byId.get(c.id);
      return { customerId: c.id, orderAmount: t?.revenue ?? 0, profit: t ? t.revenue - t.cost : 0, credit: c.credit_rating, prospect: c.prospect_rating };
    }),
    settings.grading,
  );
  const top = firstInOrder(graded, limit, (a, b) => b.composite - a.composite || a.customerId - b.customerId);
  return {
    window: windowOf(w),
    weights: settings.grading.weights,
    summary: gradeSummary(graded, settings.grading),
    customers: await named(db, top),
  };
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
function marginOf(settings: TieringSettings, totals: { revenue: number; cost: number }[]) {
  if (settings.clv.margin !== null) return { margin: settings.clv.margin, source: "setting" as const };
  const rev = totals.reduce((s, t) => s + t.revenue, 0),
    cost = totals.reduce((s, t) => s + t.cost, 0);
  return rev > 0 ? { margin: (rev - cost) / rev, source: "measured" as const } : { margin: 1, source: "none" as const };
}

export async function kaismReport({ db, scope, settings, w, limit }: ReportInput) {
  const months = Math.round((Date.parse(w.to) - Date.parse(w.from)) / (30.4375 * DAY_MS)) || settings.windowMonths;
  const beforeFrom = addMonths(w.from, -months);
  const before = { from: w.window.from - (Date.parse(w.from) - Date.parse(beforeFrom)), to: w.window.from };
  const [rows, totals, prev, acts, deals, manual] = await Promise.all([
    store.customerColumns(db, scope, ["prospect_rating"] as const),
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

async function accountFacts(db: Db, scope: Scope, settings: TieringSettings, w: ResolvedWindow) {
  const [ids, totals, open, signed] = await Promise.all([
    totalsStore.scopeIds(db, scope),
    totalsStore.orderTotals(db, scope, w.window),
    factsStore.openPipeline(db, scope),
    totalsStore.buyersBefore(db, scope, w.window.to),
  ]);
  const deals = await factsStore.closedDeals(db, scope);
  const won = new Set(deals.filter((d) => d.won > 0).map((d) => d.customer_id));
  const t = new Map(totals.map((x) => [x.customer_id, x])),
    o = new Map(open.map((x) => [x.customer_id, x]));
  const m = marginOf(settings, totals);
  return {
    m,
    facts: ids.map((id) => ({
      customerId: id,
      signed: signed.has(id) || won.has(id),
      actualProfit: t.has(id) ? t.get(id)!.revenue - t.get(id)!.cost : 0,
      expectedProfit: o.has(id) ? Math.round((o.get(id)!.weighted_pct / 100) * m.margin) : 0,
      maxOpenProbability: o.get(id)?.max_probability ?? null,
      earliestClose: o.get(id)?.earliest_close ?? null,
    })),
  };
}

/** `pick` narrows the listed places to one signing bucket and/or matrix cell (the drill-down of a bar or cell). */
export interface KeyAccountPick {
  signing?: string;
  stage?: string;
  band?: string;
}

export async function keyAccountsReport({ db, scope, settings, w, limit }: ReportInput, pick: KeyAccountPick = {}) {
  const { facts, m } = await accountFacts(db, scope, settings, w);
  const r = keyAccountMatrix(facts, w.to, settings.keyAccounts);
  const places = r.places.filter(
    (p) => (!pick.signing || p.signing === pick.signing) && (!pick.stage || p.stage === pick.stage) && (!pick.band || p.band === pick.band),
  );
  const top = firstInOrder(places, limit, (a, b) => b.profit - a.profit || a.customerId - b.customerId);
  return {
    window: windowOf(w),
    margin: m,
    cells: r.cells,
    signing: r.signing,
    placesTotal: places.length,
    places: await named(db, top),
  };
}

/** Priorities of every visible customer (size, need, intent), with the revisit cadence of each. */
export async function priorityReport({ db, scope, settings, w, limit }: ReportInput) {
  const [rows, totals, open] = await Promise.all([
    store.customerColumns(db, scope, ["size_band"] as const),
    totalsStore.orderTotals(db, scope, w.window),
    factsStore.openPipeline(db, scope),
  ]);
  const t = new Map(totals.map((x) => [x.customer_id, x])),
    o = new Map(open.map((x) => [x.customer_id, x]));
  const ranked = prioritise(
    rows.map((c) => ({
      customerId: c.id,
      sizeBand: c.size_band,
      revenue: t.get(c.id)?.revenue ?? 0,
      openAmount: o.get(c.id)?.open_amount ?? 0,
      intent: o.get(c.id)?.max_probability ?? 0,
    })),
    settings.priority,
  );
  const counts = { high: 0, medium: 0, low: 0 };
  for (const p of ranked) counts[p.priority]++;
  const top = firstInOrder(ranked, limit, (a, b) => b.score - a.score || a.customerId - b.customerId);
  return {
    window: windowOf(w),
    revisitDays: settings.priority.revisitDays,
    counts,
    all: ranked,
    customers: await named(db, top),
  };
}
