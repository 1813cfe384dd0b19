/**
 * The KAISM report as it was computed before its columns (issue 10), kept as the oracle tests compare against: the
 * full-scan per-customer queries (./tiering-store.ts), one facts object per customer, kaismCriteria and kaism over
 * all of them, then the first `limit` placed customers by attractiveness.
 */
import { DAY_MS } from "../../core/dates";
import { firstInOrder } from "../../core/first-in-order";
import type { Db } from "../../db/connect";
import { kaism } from "../../tiering/kaism";
import { kaismCriteria } from "../../tiering/kaism-criteria";
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
