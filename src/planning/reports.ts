/** Planning answers end to end (E1, E2): the balance calculation with the measured funnel, target attainment and proposals. */
import { invalid, notFound } from "../core/errors";
import { type Period, parsePeriod, periodOf, previousPeriod } from "../core/dates";
import { parseAmountToFen } from "../core/money";
import type { Db } from "../db/connect";
import type { Viewer } from "../access/viewer";
import type { CommonFilters } from "../access/filters";
import { conversion, overallConversion, reachedFromFurthest } from "../funnel/conversion";
import { resolveRange } from "../funnel/range";
import { cohortRows, snapshotRows } from "../funnel/store";
import { loadLadder } from "../funnel/store-scope";
import { balance, stageNeeds } from "./balance";
import { listTargets, repCount, type TargetScope, wonPerBucket } from "./store";
import { attainment, proposeTarget } from "./trend";

export interface PlanCtx {
  db: Db;
  viewer: Viewer;
  filters: CommonFilters;
  now: number;
  tz: string;
}

export interface BalanceQuery {
  target: string;
  unit: "amount" | "units";
  averageContract: string;
  /** "first-stage", "measured", or a probability: "0.1", "10%" */
  probability: string;
  period?: string;
  from?: string;
  to?: string;
}

/** "0.1" → 0.1, "10%" → 0.1, "10" → 0.1 (a number above 1 is read as percent). */
export function parseProbability(s: string): number | null {
  const m = s.trim().match(/^(\d+(?:\.\d+)?)\s*(%?)$/);
  if (!m) return null;
  const v = Number(m[1]);
  const p = m[2] || v > 1 ? v / 100 : v;
  return p > 0 && p <= 1 ? p : null;
}

const parseQuantity = (s: string, unit: BalanceQuery["unit"], field: string) => {
  const v = unit === "amount" ? parseAmountToFen(s) : Number(s);
  if (v == null || !Number.isFinite(v) || v <= 0)
    throw invalid(field, unit === "amount" ? `${field} must be an amount, e.g. 300万 or 3000000` : `${field} must be a positive number of units`);
  return v;
};

/** E1: contracts and target customers per year/month/week, then per stage with the measured conversions, per rep, against the open pipeline. */
export async function balanceFor(c: PlanCtx, q: BalanceQuery) {
  const p = await loadLadder(c.db, c.filters.pipeline);
  const scope = { viewer: c.viewer, filters: c.filters };
  // Measured conversions: the cohort of the range given, else the four full quarters before this one.
  const cur = periodOf("quarter", c.now, c.tz);
  const r =
    q.period || q.from || q.to
      ? resolveRange(q, c.tz, c.now)
      : { key: "last-4-quarters", start: periodOf("quarter", cur.start - 300 * 86_400_000, c.tz).start, end: cur.start };
  const furthest = new Map<number, number>();
  for (const x of await cohortRows(c.db, scope, p.pipelineId, p.ladder, r.start, r.end)) furthest.set(x.furthest, (furthest.get(x.furthest) ?? 0) + x.n);
  const reached = reachedFromFurthest(furthest, p.ladder.steps.length);
  const steps = conversion(reached);
  const measured = overallConversion(reached);
  const first = p.ladder.steps.find((s) => s.kind === "open");
  let probability: number | null;
  let probabilitySource: string;
  if (q.probability === "first-stage") {
    probability = first ? first.probability / 100 : null;
    probabilitySource = "first-stage";
  } else if (q.probability === "measured") {
    probability = measured;
    probabilitySource = "measured";
  } else {
    probability = parseProbability(q.probability);
    probabilitySource = "given";
  }
  if (probability == null || probability <= 0)
    throw invalid("probability", "probability must be first-stage, measured (with some won history), or a value like 0.1 or 10%");
  const b = balance({
    annualTarget: parseQuantity(q.target, q.unit, "target"),
    averageContract: parseQuantity(q.averageContract, q.unit, "averageContract"),
    probability,
  });
  const open = await snapshotRows(c.db, scope, p.pipelineId, p.ladder, null);
  const openByStage = p.ladder.steps.filter((s) => s.kind === "open").map((s) => open.find((o) => o.stageId === s.id)?.count ?? 0);
  const reps = await repCount(c.db, c.viewer, c.filters);
  const needs = stageNeeds(
    b.contracts / 12,
    steps.map((s) => s.rate),
    openByStage,
    reps,
  );
  return {
    input: { target: q.target, unit: q.unit, averageContract: q.averageContract, probability, probabilitySource },
    ...b,
    measuredFrom: { key: r.key, start: r.start, end: r.end, reached, overall: measured },
    reps,
    stages: p.ladder.steps.map((s, i) => ({
      stageId: s.id,
      key: s.key,
      nameZh: s.nameZh,
      nameEn: s.nameEn,
      conversionToNext: steps[i]?.rate ?? null,
      ...needs.stages[i],
    })),
    expectedWinsFromOpen: needs.expectedWinsFromOpen,
  };
}

function periodOrThrow(key: string, tz: string): Period {
  const p = parsePeriod(key, tz);
  if (!p || p.kind === "week") throw invalid("period", "period must be a month (2026-11), quarter (2026-Q4) or year (2026)");
  return p;
}

/** E2: targets of the period (and its months/quarters) with won amount and units to date, ratio and pace. */
export async function attainmentFor(c: PlanCtx, q: { period: string; scope?: TargetScope; scopeId?: number }) {
  periodOrThrow(q.period, c.tz);
  const targets = await listTargets(c.db, c.viewer, { scope: q.scope, scopeId: q.scopeId, period: q.period });
  const items = [];
  for (const t of targets) {
    const p = periodOrThrow(t.period, c.tz);
    const [won] = await wonPerBucket(c.db, c.viewer, t.scope, t.scopeId, [p.start, p.end]);
    const elapsed = (Math.min(c.now, p.end) - p.start) / (p.end - p.start);
    items.push({
      ...t,
      won_fen: won.amountFen,
      won_units: won.units,
      won_deals: won.deals,
      elapsedShare: Math.max(0, elapsed),
      amountAttainment: attainment(t.amount_fen, won.amountFen, elapsed),
      unitsAttainment: attainment(t.units, won.units, elapsed),
    });
  }
  return { period: q.period, items };
}

/** E2: a proposed target for a period from the won history of the `history` periods before it (linear trend). */
export async function proposalFor(c: PlanCtx, q: { period: string; scope: TargetScope; scopeId?: number; history: number; growth: number }) {
  const target = periodOrThrow(q.period, c.tz);
  if (q.scope !== "company" && q.scopeId == null) throw invalid("scopeId", "scopeId is required for a user or team target");
  if (q.scope === "user" && !(await c.db.selectFrom("users").select("id").where("id", "=", q.scopeId!).executeTakeFirst())) throw notFound("user");
  // A period that has not ended yet (the current quarter, or later ones before the target) would count as if
  // whole with only part of its deals: it is left out, and the history is the `history` finished periods before it.
  const periods: Period[] = [];
  const excluded: string[] = [];
  let p = previousPeriod(target, c.tz);
  for (; p.end > c.now && excluded.length < 60; p = previousPeriod(p, c.tz)) excluded.unshift(p.key);
  for (let i = 0; i < q.history; i++, p = previousPeriod(p, c.tz)) periods.unshift(p);
  const won = await wonPerBucket(c.db, c.viewer, q.scope, q.scopeId ?? null, [...periods.map((x) => x.start), periods[periods.length - 1].end]);
  return {
    period: q.period,
    scope: q.scope,
    scopeId: q.scopeId ?? null,
    method:
      "least-squares line through the won totals of the finished periods before the target, extended to the target period, times (1 + growth); unfinished periods are left out",
    excluded: excluded.map((key) => ({ period: key, reason: "unfinished" })),
    history: periods.map((x, i) => ({ period: x.key, won_fen: won[i].amountFen, won_units: won[i].units })),
    // the target lies excluded.length + 1 periods after the last finished one
    amount_fen: proposeTarget(
      won.map((w) => w.amountFen),
      q.growth,
      excluded.length + 1,
    ),
    units: proposeTarget(
      won.map((w) => w.units),
      q.growth,
      excluded.length + 1,
    ),
  };
}
