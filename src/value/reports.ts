/** The value reports end to end: retention and cohorts, satisfaction, engagement, and lifetime value (simple and BG/NBD). */
import { DAY_MS, localDate } from "../core/dates";
import type { ReportInput } from "../tiering/reports";
import { addMonths } from "../tiering/window";
import { lifespanFromChurn, simpleClv } from "./clv";
import { scoredCustomer } from "./clv-model";
import { calibrationEnd, clvFit, clvOptions, clvScores } from "./clv-service";
import { cohortTable, engagement, periodIndex, periodLabel, periodValues, repurchaseRate } from "./retention";
import { satisfactionSummary } from "./satisfaction";
import * as store from "./store";

export interface ValueInput extends ReportInput {
  tz: string;
}

export async function retentionReport({ db, scope, w, tz }: ValueInput) {
  const off = store.zoneOffsetMs(tz, w.window.to);
  const [act, buyers, sat, eng] = await Promise.all([
    store.monthlyActivity(db, scope, w.window.to, off),
    store.windowBuyers(db, scope, w.window, off),
    store.satisfactionCounts(db, scope, w.window),
    store.engagementCounts(db, scope, w.window),
  ]);
  const from = periodIndex("month", w.from.slice(0, 7)),
    to = periodIndex("month", w.to.slice(0, 7));
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

export async function clvReport(input: ValueInput) {
  return (await clvReportWithScores(input)).report;
}

/** The report and every scored customer of the scope (columns sorted by value), for one customer's rank. */
export async function clvReportWithScores({ db, scope, settings, w, limit, tz }: ValueInput) {
  const { end, off } = calibrationEnd(w, tz);
  const years = (w.window.to - w.window.from) / (365.25 * DAY_MS);
  const prevFrom = addMonths(w.from, -Math.round(years * 12));
  const prev = { from: w.window.from - (Date.parse(w.from) - Date.parse(prevFrom)), to: w.window.from };
  const [fit, buyers, prevBuyers, kept] = await Promise.all([
    clvFit(db, w, tz),
    store.windowBuyers(db, scope, w.window, off),
    store.windowBuyers(db, scope, prev, off),
    store.boughtInBoth(db, scope, prev, w.window, off),
  ]);
  // Simple CLV over the window.
  const churn = prevBuyers.buyers > 0 ? 1 - kept / prevBuyers.buyers : null;
  const lifespan = settings.clv.lifespanYears ?? (churn === null ? null : lifespanFromChurn(churn));
  const margin = settings.clv.margin ?? (buyers.revenue > 0 ? (buyers.revenue - buyers.cost) / buyers.revenue : 1);
  const aov = buyers.orders > 0 ? buyers.revenue / buyers.orders : 0;
  const perYear = buyers.buyers > 0 && years > 0 ? buyers.orders / buyers.buyers / years : 0;
  const simple = {
    averageOrderValue: aov,
    purchasesPerYear: perYear,
    annualChurn: churn,
    lifespanYears: lifespan,
    margin,
    revenueClv: lifespan === null ? null : simpleClv({ averageOrderValue: aov, purchasesPerYear: perYear, lifespanYears: lifespan }),
    profitClv: lifespan === null ? null : simpleClv({ averageOrderValue: aov, purchasesPerYear: perYear, lifespanYears: lifespan, margin }),
  };
  // Predictive CLV: BG/NBD × Gamma-Gamma fitted once on every customer's history up to the as-of date (clvFit),
  // this scope's customers scored with it; both in the compute pool.
  if (!fit.bgnbd) return { report: { window: { from: w.from, to: w.to }, simple, predictive: null, note: fit.note }, scores: null };
  const scores = await clvScores(db, scope, w, tz, fit, clvOptions(settings, margin));
  const n = scores.customerId.length;
  const ranked = Array.from({ length: Math.min(limit, n) }, (_, i) => scoredCustomer(scores, i));
  const who = await customerNames(
    db,
    ranked.map((c) => c.customerId),
  );
  // customers shown by name and external id; γ also in yuan (the fit works in fen)
  const top = ranked.map((c) => ({ ...c, name: who.get(c.customerId)?.name ?? null, externalId: who.get(c.customerId)?.externalId ?? null }));
  const report = {
    window: { from: w.from, to: w.to },
    simple,
    predictive: {
      calibrationEnd: localDate(end - 1, tz),
      unit: "week",
      horizonMonths: settings.clv.horizonMonths,
      monthlyDiscount: settings.clv.monthlyDiscount,
      margin,
      fittedOn: { customers: fit.customers, repeaters: fit.repeaters },
      note: fit.note,
      bgnbd: fit.bgnbd,
      gammaGamma: fit.gammaGamma,
      gammaYuan: fit.gammaGamma ? fit.gammaGamma.params.gamma / 100 : null,
      customers: n,
      totalClvFen: scores.totalClv,
      averageClvFen: n ? scores.totalClv / n : 0,
      expectedPurchasesTotal: scores.expectedPurchasesTotal,
      top,
    },
  };
  return { report, scores };
}

async function customerNames(db: ValueInput["db"], ids: number[]): Promise<Map<number, { name: string; externalId: string | null }>> {
  if (!ids.length) return new Map();
  const rows = await db.selectFrom("customers").select(["id", "name", "external_id"]).where("id", "in", ids).execute();
  return new Map(rows.map((c) => [Number(c.id), { name: c.name, externalId: c.external_id }]));
}

/** "上海金豆科技有限公司 (C0001)": how a customer is shown in value reports — name and external id, never the internal id. */
export async function customerLabels(db: ValueInput["db"], ids: number[]): Promise<Map<number, string>> {
  if (!ids.length) return new Map();
  const rows = await db.selectFrom("customers").select(["id", "name", "external_id"]).where("id", "in", ids).execute();
  return new Map(rows.map((c) => [Number(c.id), c.external_id ? `${c.name} (${c.external_id})` : c.name]));
}
