/**
 * The KAISM, grades, priority and key-account reports as they were computed before their columns (issue 10), kept as the oracles tests
 * compare against: the full-scan per-customer queries (./tiering-store.ts), one object per customer, kaismCriteria and
 * kaism (gradeCustomers and gradeSummary, prioritise, keyAccountMatrix) over all of them, then the first `limit` customers.
 */
import { DAY_MS } from "../../core/dates";
import { firstInOrder } from "../../core/first-in-order";
import type { Db } from "../../db/connect";
import { gradeCustomers, gradeSummary } from "../../tiering/grading";
import { kaism } from "../../tiering/kaism";
import { keyAccountMatrix } from "../../tiering/key-accounts";
import { kaismCriteria } from "../../tiering/kaism-criteria";
import { prioritise } from "../../tiering/priority";
import type { TieringSettings } from "../../tiering/settings-model";
import { addMonths, type ResolvedWindow } from "../../tiering/window";
import * as o from "./tiering-store";

export async function kaismReport(db: Db, scope: o.Scope, settings: TieringSettings, w: ResolvedWindow, limit: number) {
  const months = Math.round((Date.parse(w.to) - Date.parse(w.from)) / (30.4375 * DAY_MS)) || settings.windowMonths;
  const beforeFrom = addMonths(w.from, -months);
  const before = { from: w.window.from - (Date.parse(w.from) - Date.parse(beforeFrom)), to: w.window.from };
  const [rows, totals, prev, acts, deals, manual] = await Promise.all([
    o.customerRows(db, scope),
    o.orderTotals(db, scope, w.window),
    o.orderTotals(db, scope, before),
    o.activityCounts(db, scope, w.window),
    o.closedDeals(db, scope),
    o.kaismManualScores(db, scope),
  ]);
  const num = <T extends { customer_id: number }>(xs: T[], f: (x: T) => Record<string, number>) => new Map(xs.map((x) => [Number(x.customer_id), f(x)]));
  const t = num(totals, (x) => ({ revenue: Number(x.revenue), cost: Number(x.cost), orders: Number(x.orders) })),
    p = num(prev, (x) => ({ revenue: Number(x.revenue) }));
  const a = num(acts, (x) => ({ n: Number(x.activities) })),
    d = num(deals, (x) => ({ won: Number(x.won), lost: Number(x.lost) }));
  const facts = rows.map((c) => ({
    customerId: Number(c.id),
    revenue: t.get(c.id)?.revenue ?? 0,
    orders: t.get(c.id)?.orders ?? 0,
    revenueBefore: p.get(c.id)?.revenue ?? 0,
    profit: t.has(c.id) ? t.get(c.id)!.revenue - t.get(c.id)!.cost : 0,
    prospect: c.prospect_rating,
    activities: a.get(c.id)?.n ?? 0,
    won: d.get(c.id)?.won ?? 0,
    lost: d.get(c.id)?.lost ?? 0,
    manual: manual.get(c.id),
  }));
  const r = kaism(kaismCriteria(facts), settings.kaism);
  const placed = r.places.filter((x) => x.quadrant !== null);
  return {
    quadrants: r.quadrants,
    unplaced: r.places.length - placed.length,
    places: firstInOrder(placed, limit, (x, y) => (y.attractiveness ?? 0) - (x.attractiveness ?? 0) || x.customerId - y.customerId),
  };
}

export async function gradesReport(db: Db, scope: o.Scope, settings: TieringSettings, w: ResolvedWindow, limit: number) {
  const [totals, rows] = await Promise.all([o.orderTotals(db, scope, w.window), o.customerRows(db, scope)]);
  const byId = new Map(totals.map((t) => [Number(t.customer_id), { revenue: Number(t.revenue), cost: Number(t.cost) }]));
  const graded = gradeCustomers(
    rows.map((c) => {
      const t = byId.get(c.id);
      return {
        customerId: Number(c.id),
        orderAmount: t?.revenue ?? 0,
        profit: t ? t.revenue - t.cost : 0,
        credit: c.credit_rating,
        prospect: c.prospect_rating,
      };
    }),
    settings.grading,
  );
  return {
    summary: gradeSummary(graded, settings.grading),
    customers: firstInOrder(graded, limit, (a, b) => b.composite - a.composite || a.customerId - b.customerId),
  };
}

export async function priorityReport(db: Db, scope: o.Scope, settings: TieringSettings, w: ResolvedWindow, limit: number) {
  const [rows, totals, open] = await Promise.all([o.customerRows(db, scope), o.orderTotals(db, scope, w.window), o.openPipeline(db, scope)]);
  const t = new Map(totals.map((x) => [Number(x.customer_id), Number(x.revenue)])),
    p = new Map(open.map((x) => [Number(x.customer_id), { amount: Number(x.open_amount), max: Number(x.max_probability) }]));
  const ranked = prioritise(
    rows.map((c) => ({
      customerId: Number(c.id),
      sizeBand: c.size_band,
      revenue: t.get(c.id) ?? 0,
      openAmount: p.get(c.id)?.amount ?? 0,
      intent: p.get(c.id)?.max ?? 0,
    })),
    settings.priority,
  );
  const counts = { high: 0, medium: 0, low: 0 };
  for (const x of ranked) counts[x.priority]++;
  return { counts, all: ranked, customers: firstInOrder(ranked, limit, (a, b) => b.score - a.score || a.customerId - b.customerId) };
}

export async function keyAccountsReport(
  db: Db,
  scope: o.Scope,
  settings: TieringSettings,
  w: ResolvedWindow,
  limit: number,
  pick: { signing?: string; stage?: string; band?: string } = {},
) {
  const [rows, totals, open, signed, deals] = await Promise.all([
    o.customerRows(db, scope),
    o.orderTotals(db, scope, w.window),
    o.openPipeline(db, scope),
    o.buyersBefore(db, scope, w.window.to),
    o.closedDeals(db, scope),
  ]);
  const won = new Set(deals.filter((d) => Number(d.won) > 0).map((d) => Number(d.customer_id)));
  const t = new Map(totals.map((x) => [Number(x.customer_id), { revenue: Number(x.revenue), cost: Number(x.cost) }]));
  const p = new Map(open.map((x) => [Number(x.customer_id), x]));
  const rev = totals.reduce((s, x) => s + Number(x.revenue), 0),
    cost = totals.reduce((s, x) => s + Number(x.cost), 0);
  const margin = settings.clv.margin ?? (rev > 0 ? (rev - cost) / rev : 1);
  const facts = rows.map((c) => {
    const id = Number(c.id);
    const x = p.get(id);
    return {
      customerId: id,
      signed: signed.has(id) || won.has(id),
      actualProfit: t.has(id) ? t.get(id)!.revenue - t.get(id)!.cost : 0,
      expectedProfit: x ? Math.round((Number(x.weighted_pct) / 100) * margin) : 0,
      maxOpenProbability: x ? Number(x.max_probability) : null,
      earliestClose: x?.earliest_close ?? null,
    };
  });
  const r = keyAccountMatrix(facts, w.to, settings.keyAccounts);
  const places = r.places.filter(
    (x) => (!pick.signing || x.signing === pick.signing) && (!pick.stage || x.stage === pick.stage) && (!pick.band || x.band === pick.band),
  );
  return {
    cells: r.cells,
    signing: r.signing,
    placesTotal: places.length,
    places: firstInOrder(places, limit, (a, b) => b.profit - a.profit || a.customerId - b.customerId),
  };
}
