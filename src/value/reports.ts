/** The value reports end to end: retention and cohorts, satisfaction, engagement, and lifetime value (simple and BG/NBD). */
import { DAY_MS, localDate } from "../core/dates";
import type { ReportInput } from "../tiering/reports";
import { addMonths } from "../tiering/window";
import { probabilityAlive, expectedPurchases, fitBgNbd } from "./bgnbd";
import { discountedClv, lifespanFromChurn, simpleClv } from "./clv";
import { expectedSpend, fitGammaGamma } from "./gamma-gamma";
import { cohortTable, engagement, periodIndex, periodLabel, periodValues, repurchaseRate } from "./retention";
import { satisfactionSummary } from "./satisfaction";
import * as store from "./store";

export interface ValueInput extends ReportInput { tz: string }

export async function retentionReport({ db, scope, w, tz }: ValueInput) {
  const off = store.zoneOffsetMs(tz, w.window.to);
  const [act, buyers, sat, eng] = await Promise.all([
    store.monthlyActivity(db, scope, w.window.to, off), store.windowBuyers(db, scope, w.window, off),
    store.satisfactionCounts(db, scope, w.window), store.engagementCounts(db, scope, w.window),
  ]);
  const from = periodIndex("month", w.from.slice(0, 7)), to = periodIndex("month", w.to.slice(0, 7));
  const label = (i: number) => periodLabel("month", i);
  return {
    window: { from: w.from, to: w.to },
    periods: periodValues(from, to, act.cohorts, act.retained, act.conversion).map((p) => ({ ...p, key: label(p.period) })),
    cohorts: cohortTable(act.cohorts, from, to, to).map((r) => ({ ...r, key: label(r.cohort) })),
    repurchase: { buyers: buyers.buyers, repeatBuyers: buyers.repeaters, rate: repurchaseRate(buyers.buyers, buyers.repeaters) },
    satisfaction: satisfactionSummary(sat.map((s) => ({ kind: s.kind, score: s.score, count: Number(s.count) }))),
    engagement: engagement(eng.activities, eng.customers, eng.engaged),
  };
}

/** Weeks, as in the BG/NBD literature. */
const UNIT_DAYS = 7;

export async function clvReport({ db, scope, settings, w, limit, tz }: ValueInput) {
  const end = w.window.to;
  const off = store.zoneOffsetMs(tz, end);
  const endDay = Math.floor((end - 1 + off) / DAY_MS);
  const years = (w.window.to - w.window.from) / (365.25 * DAY_MS);
  const prevFrom = addMonths(w.from, -Math.round(years * 12));
  const prev = { from: w.window.from - (Date.parse(w.from) - Date.parse(prevFrom)), to: w.window.from };
  const [rows, buyers, prevBuyers, kept] = await Promise.all([
    store.purchaseHistories(db, scope, end, off), store.windowBuyers(db, scope, w.window, off),
    store.windowBuyers(db, scope, prev, off), store.boughtInBoth(db, scope, prev, w.window, off),
  ]);
  // Simple CLV over the window.
  const churn = prevBuyers.buyers > 0 ? 1 - kept / prevBuyers.buyers : null;
  const lifespan = settings.clv.lifespanYears ?? (churn === null ? null : lifespanFromChurn(churn));
  const margin = settings.clv.margin ?? (buyers.revenue > 0 ? (buyers.revenue - buyers.cost) / buyers.revenue : 1);
  const aov = buyers.orders > 0 ? buyers.revenue / buyers.orders : 0;
  const perYear = buyers.buyers > 0 && years > 0 ? buyers.orders / buyers.buyers / years : 0;
  const simple = {
    averageOrderValue: aov, purchasesPerYear: perYear, annualChurn: churn, lifespanYears: lifespan, margin,
    revenueClv: lifespan === null ? null : simpleClv({ averageOrderValue: aov, purchasesPerYear: perYear, lifespanYears: lifespan }),
    profitClv: lifespan === null ? null : simpleClv({ averageOrderValue: aov, purchasesPerYear: perYear, lifespanYears: lifespan, margin }),
  };
  // Predictive CLV: BG/NBD × Gamma-Gamma fitted on every visible customer's history up to the as-of date.
  const hs = rows.map((r) => {
    const x = r.days - 1;
    return { customerId: r.customer_id, x, tx: (r.last_day - r.first_day) / UNIT_DAYS, T: (endDay - r.first_day) / UNIT_DAYS, m: x > 0 ? (r.total - r.first_amount) / x : 0 };
  }).filter((h) => h.T > 0);
  const repeaters = hs.filter((h) => h.x > 0 && h.m > 0);
  if (hs.length < 20 || repeaters.length < 5) {
    return { window: { from: w.from, to: w.to }, simple, predictive: null, note: `too little history to fit BG/NBD (${hs.length} customers, ${repeaters.length} with repeat purchases; need 20 and 5)` };
  }
  const bg = fitBgNbd(hs);
  const gg = fitGammaGamma(repeaters);
  const horizon = settings.clv.horizonMonths;
  const opts = { horizonMonths: horizon, monthlyDiscount: settings.clv.monthlyDiscount, unitDays: UNIT_DAYS, margin };
  const weeks = (horizon * 365.25) / 12 / UNIT_DAYS;
  const customers = hs.map((h) => ({
    customerId: h.customerId, x: h.x, tx: h.tx, T: h.T, meanRepeatFen: h.m,
    pAlive: probabilityAlive(bg.params, h), expectedPurchases: expectedPurchases(bg.params, h, weeks),
    expectedSpendFen: expectedSpend(gg.params, h), clvFen: discountedClv(bg.params, gg.params, h, opts),
  })).sort((a, b) => b.clvFen - a.clvFen || a.customerId - b.customerId);
  const total = customers.reduce((s, c) => s + c.clvFen, 0);
  return {
    window: { from: w.from, to: w.to }, simple,
    predictive: {
      calibrationEnd: localDate(end - 1, tz), unit: "week", horizonMonths: horizon, monthlyDiscount: settings.clv.monthlyDiscount, margin,
      bgnbd: bg, gammaGamma: gg, customers: customers.length, totalClvFen: total, averageClvFen: total / customers.length,
      expectedPurchasesTotal: customers.reduce((s, c) => s + c.expectedPurchases, 0),
      top: customers.slice(0, limit),
    },
  };
}
