/** Each funnel report end to end: resolve the range, run the store's aggregates, shape them with the pure code. Used by routes and CLI. */
import { invalid } from "../core/errors";
import { DAY_MS, periodOf, periodsBetween } from "../core/dates";
import type { Db } from "../db/connect";
import { conversionReport, type ReachedCounts } from "./conversion-report";
import { reachedFromFurthest } from "./conversion";
import { cycleReport, isStalled, stallThreshold } from "./cycle";
import { healthReport } from "./health";
import { endOfDay, previousRange, type Range, type RangeQuery, resolveRange } from "./range";
import { snapshotReport } from "./snapshot";
import { sourceReport } from "./sources";
import { cohortDrill, cohortRows, drillOf, flowDrill, flowRows, snapshotDrill, snapshotRows } from "./store";
import { stageDurationBins, stalledRows, wonDurationBins } from "./store-cycle";
import { closedTotals, healthInputs, openTotals, sourceIds, sourceRows } from "./store-metrics";
import { type Drill, loadLadder, withOwners, parseDrill, type PipelineLadder, type Scope } from "./store-scope";
import { quantileOfHistogram } from "./stats";
import { DAYS_PER_MONTH, type Levers, velocityPerDay, whatIf } from "./velocity";

export interface Ctx {
  db: Db;
  scope: Scope;
  now: number;
  tz: string;
}

/** The context with the viewer's owners resolved to literals once (store-scope.ts withOwners). */
const resolved = async (c: Ctx): Promise<Ctx> => ({ ...c, scope: await withOwners(c.db, c.scope) });

const rangeOut = (r: Range) => ({ key: r.key, start: r.start, end: r.end });
const pipelineOut = (p: PipelineLadder) => ({
  id: p.pipelineId,
  stages: p.ladder.steps.map((s) => ({ id: s.id, key: s.key, nameZh: s.nameZh, nameEn: s.nameEn, kind: s.kind, probability: s.probability })),
});

function stageIdOf(p: PipelineLadder, value: string): number {
  const id = Number(value);
  if (!Number.isInteger(id) || !p.ladder.steps.some((s) => s.id === id)) throw invalid("drill", `no stage ${value} in pipeline ${p.pipelineId}`);
  return id;
}

/** D1 — the snapshot funnel now or at the end of `asOf` (a date). */
export async function snapshotFor(c0: Ctx, q: { asOf?: string; drill?: string }) {
  const c = await resolved(c0);
  const at = q.asOf ? endOfDay(q.asOf, c.tz) : null;
  const p = await loadLadder(c.db, c.scope.filters.pipeline, at ?? undefined);
  const report = snapshotReport(p.ladder, await snapshotRows(c.db, c.scope, p.pipelineId, p.ladder, at));
  const d = parseDrill(q.drill);
  let drill: Drill | null = null;
  if (d) {
    if (d.kind !== "stage") throw invalid("drill", "drill must be stage:<id>");
    drill = await snapshotDrill(c.db, c.scope, p.pipelineId, p.ladder, at, stageIdOf(p, d.value));
  }
  return { pipeline: pipelineOut(p), asOf: at ?? c.now, ...report, drill };
}

async function reachedCounts(c: Ctx, p: PipelineLadder, view: "cohort" | "flow", r: Range): Promise<ReachedCounts> {
  const n = p.ladder.steps.length;
  if (view === "flow") return { reached: await flowRows(c.db, c.scope, p.pipelineId, p.ladder, r.start, r.end) };
  const rows = await cohortRows(c.db, c.scope, p.pipelineId, p.ladder, r.start, r.end);
  const furthest = new Map<number, number>();
  const droppedLost = new Array<number>(n).fill(0);
  const droppedOpen = new Array<number>(n).fill(0);
  for (const x of rows) {
    furthest.set(x.furthest, (furthest.get(x.furthest) ?? 0) + x.n);
    if (x.furthest >= 1 && x.status === "lost") droppedLost[x.furthest - 1] += x.n;
    if (x.furthest >= 1 && x.status === "open") droppedOpen[x.furthest - 1] += x.n;
  }
  return { reached: reachedFromFurthest(furthest, n), droppedLost, droppedOpen };
}

/** D2 — the conversion funnel of a period (cohort or flow view) against the previous period and the stage targets. */
export async function conversionFor(c0: Ctx, q: RangeQuery & { view?: "cohort" | "flow"; drill?: string }) {
  const c = await resolved(c0);
  const view = q.view ?? "cohort";
  const p = await loadLadder(c.db, c.scope.filters.pipeline);
  const r = resolveRange(q, c.tz, c.now);
  const prev = previousRange(r, c.tz);
  const report = conversionReport(p.ladder, await reachedCounts(c, p, view, r), await reachedCounts(c, p, view, prev));
  const d = parseDrill(q.drill);
  let drill: Drill | null = null;
  if (d) {
    if (d.kind !== "stage" && d.kind !== "dropped") throw invalid("drill", "drill must be stage:<id> or dropped:<id>");
    if (view === "flow" && d.kind === "dropped") throw invalid("drill", "the flow view drills by stage:<id> only");
    const id = stageIdOf(p, d.value);
    drill =
      view === "flow"
        ? await flowDrill(c.db, c.scope, p.pipelineId, p.ladder, r.start, r.end, id)
        : await cohortDrill(c.db, c.scope, p.pipelineId, p.ladder, r.start, r.end, d.kind as "stage" | "dropped", id);
  }
  return { pipeline: pipelineOut(p), view, period: rangeOut(r), previousPeriod: rangeOut(prev), ...report, drill };
}

/** Month buckets: those of the range, or the last `months` months up to the current one. */
function monthBounds(c: Ctx, q: RangeQuery & { months?: number }) {
  let months;
  if (q.period || q.from || q.to) {
    const r = resolveRange(q, c.tz, c.now);
    months = periodsBetween("month", r.start, r.end, c.tz);
  } else {
    const cur = periodOf("month", c.now, c.tz);
    const n = Math.min(Math.max(q.months ?? 12, 1), 60);
    months = periodsBetween("month", cur.start - (n - 1) * 28 * DAY_MS, cur.end, c.tz).slice(-n);
  }
  return { keys: months.map((m) => m.key), bounds: [...months.map((m) => m.start), months[months.length - 1].end] };
}

/** D3 — days per stage and creation to won, per month. */
export async function cycleFor(c0: Ctx, q: RangeQuery & { months?: number }) {
  const c = await resolved(c0);
  const p = await loadLadder(c.db, c.scope.filters.pipeline);
  const { keys, bounds } = monthBounds(c, q);
  const stageBins = await stageDurationBins(c.db, c.scope, p.pipelineId, p.ladder, bounds);
  const wonBins = await wonDurationBins(c.db, c.scope, p.pipelineId, bounds);
  return { pipeline: pipelineOut(p), ...cycleReport(p.ladder, keys, stageBins, wonBins) };
}

/** D3 — open opportunities past their stage's stall threshold (or the 90th percentile of the last 12 months' visits). */
export async function stalledFor(c0: Ctx, q: { asOf?: string; limit?: number }) {
  const c = await resolved(c0);
  const p = await loadLadder(c.db, c.scope.filters.pipeline);
  const at = q.asOf ? endOfDay(q.asOf, c.tz) : c.now;
  // Past visits of everyone the viewer may see in the pipeline (not narrowed by owner), ended in the last 365 days.
  const history = await stageDurationBins(
    c.db,
    { viewer: c.scope.viewer, filters: { pipeline: p.pipelineId }, owners: c.scope.owners },
    p.pipelineId,
    p.ladder,
    [at - 365 * DAY_MS, at],
  );
  const thresholds = new Map<number, number>();
  const stages = p.ladder.steps
    .filter((s) => s.kind === "open")
    .map((s) => {
      const hist = history.filter((b) => b.stageId === s.id).map((b) => [b.day, b.n] as const);
      const p90Days = quantileOfHistogram(hist, 0.9);
      const threshold = stallThreshold(s, p90Days);
      if (threshold != null) thresholds.set(s.id, threshold);
      return {
        stageId: s.id,
        key: s.key,
        nameZh: s.nameZh,
        nameEn: s.nameEn,
        stallDays: s.stallDays,
        p90Days,
        thresholdDays: threshold,
        thresholdSource: s.stallDays != null ? "stage" : p90Days != null ? "p90" : null,
        stalled: 0,
      };
    });
  const { counts, rows } = await stalledRows(c.db, c.scope, p.pipelineId, thresholds, at, q.limit);
  for (const s of stages) s.stalled = counts.get(s.stageId) ?? 0;
  const items = rows.map((r) => ({
    ...r,
    daysInStage: (at - r.stageEnteredAt) / DAY_MS,
    thresholdDays: thresholds.get(r.stageId)!,
    stalled: isStalled(r.stageEnteredAt, at, thresholds.get(r.stageId) ?? null),
  }));
  return { pipeline: pipelineOut(p), asOf: at, stages, total: stages.reduce((t, s) => t + s.stalled, 0), items };
}

/** D4 — velocity from the look-back window (default: the last 365 days), and the four levers over the next quarter. */
export async function velocityFor(c0: Ctx, q: RangeQuery & Levers) {
  const c = await resolved(c0);
  const r: Range =
    q.period || q.from || q.to ? resolveRange(q, c.tz, c.now) : { key: "last-365-days", start: c.now - 365 * DAY_MS, end: c.now, kind: "custom" };
  const open = await openTotals(c.db, c.scope);
  const closed = await closedTotals(c.db, c.scope, r.start, r.end);
  const inputs = {
    openCount: open.count,
    winRate: closed.won + closed.lost ? closed.won / (closed.won + closed.lost) : null,
    avgWonFen: closed.won ? closed.wonFen / closed.won : null,
    avgCycleDays: closed.won ? closed.wonCycleMs / closed.won / DAY_MS : null,
  };
  const perDay = velocityPerDay(inputs);
  const nextQuarter = periodOf("quarter", periodOf("quarter", c.now, c.tz).end, c.tz);
  const horizonDays = (nextQuarter.end - nextQuarter.start) / DAY_MS;
  const levers: Levers = { winRate: q.winRate ?? 0, opportunities: q.opportunities ?? 0, dealSize: q.dealSize ?? 0, cycle: q.cycle ?? 0 };
  return {
    window: rangeOut(r),
    inputs,
    closed: { won: closed.won, lost: closed.lost, wonFen: closed.wonFen },
    perDayFen: perDay,
    perMonthFen: perDay == null ? null : perDay * DAYS_PER_MONTH,
    nextQuarter: { key: nextQuarter.key, days: horizonDays },
    levers,
    whatIf: whatIf(inputs, levers, horizonDays),
  };
}

/** D5 — per source, the opportunities created in the period. */
export async function sourcesFor(c0: Ctx, q: RangeQuery & { drill?: string }) {
  const c = await resolved(c0);
  const r = resolveRange(q, c.tz, c.now);
  const lines = sourceReport(await sourceRows(c.db, c.scope, r.start, r.end));
  const d = parseDrill(q.drill);
  let drill: Drill | null = null;
  if (d) {
    if (d.kind !== "source" || !d.value) throw invalid("drill", "drill must be source:<key>");
    drill = await drillOf(c.db, `source:${d.value}`, sourceIds(c.scope, r.start, r.end, d.value));
  }
  return { period: rangeOut(r), sources: lines, drill };
}

/** D6 — the four indicators of seed 000 for the period (default: this month) against the previous one. */
export async function healthFor(c0: Ctx, q: RangeQuery) {
  const c = await resolved(c0);
  const r = resolveRange(q, c.tz, c.now, "month");
  const prev = previousRange(r, c.tz);
  const cur = await healthInputs(c.db, c.scope, r.start, r.end, c.now);
  const before = await healthInputs(c.db, c.scope, prev.start, prev.end, c.now);
  return { period: rangeOut(r), previousPeriod: rangeOut(prev), ...healthReport(cur, before), inputs: { current: cur, previous: before } };
}
