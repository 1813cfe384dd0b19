/** SQL of cycle time and stalls: stage visits (event to next event) binned by month and whole days in the database. */
import { sql } from "kysely";
import type { Db } from "../db/connect";
import type { DurationBin } from "./cycle";
import type { Ladder } from "./ladder";
import { stageDurationBinsFromDays } from "./store-cycle-days";
import { and, bucketCase, DRILL_LIMIT, idList, oppConditions, type Scope, visitConditions } from "./store-scope";

/**
 * Stage visits that ended in [bounds[0], bounds[last]): a visit starts at an event (stays excluded) and ends at
 * the opportunity's next such event — rows of the stage_visits read model, found by (pipeline, left_at).
 */
function visitsEnding(s: Scope, pipelineId: number, from: number, to: number) {
  return sql`select v.stage_id, v.entered_at, v.left_at from stage_visits v
    where v.pipeline_id = ${pipelineId} and v.left_at >= ${from} and v.left_at < ${to} and ${and(visitConditions(s, { pipeline: false }))}`;
}

/** Histogram bins of stage visits per (stage, bucket, whole days); `bounds` are the bucket edges (n + 1 instants). */
export async function stageDurationBins(db: Db, s: Scope, pipelineId: number, l: Ladder, bounds: readonly number[]): Promise<DurationBin[]> {
  // from the roll-up of ended visits by month and days when the query's filters allow (store-cycle-days.ts)
  return (await stageDurationBinsFromDays(db, s, pipelineId, l, bounds)) ?? stageDurationBinsOfVisits(db, s, pipelineId, l, bounds);
}

/** The same from the visits that ended in the range, row by row (the roll-up's oracle in the tests, and its fallback). */
export async function stageDurationBinsOfVisits(db: Db, s: Scope, pipelineId: number, l: Ladder, bounds: readonly number[]): Promise<DurationBin[]> {
  const from = bounds[0];
  const to = bounds[bounds.length - 1];
  const open = idList(l.steps.filter((x) => x.kind === "open").map((x) => x.id));
  const r = await sql<{ stage_id: number; b: number; d: number; n: number; s: number }>`
    select v.stage_id, ${bucketCase(sql.ref("v.left_at"), bounds)} as b, (v.left_at - v.entered_at) / 86400000 as d,
      count(*) as n, sum(v.left_at - v.entered_at) as s
    from (${visitsEnding(s, pipelineId, from, to)}) v
    where v.left_at >= ${from} and v.left_at < ${to} and v.stage_id in (${open})
    group by v.stage_id, ${bucketCase(sql.ref("v.left_at"), bounds)}, (v.left_at - v.entered_at) / 86400000`.execute(db);
  return r.rows.map((x) => ({ stageId: Number(x.stage_id), bucket: Number(x.b), day: Number(x.d), n: Number(x.n), sumMs: Number(x.s) }));
}

/** Histogram bins of creation-to-won durations of deals won in each bucket. */
export async function wonDurationBins(db: Db, s: Scope, pipelineId: number | null, bounds: readonly number[]): Promise<DurationBin[]> {
  const from = bounds[0];
  const to = bounds[bounds.length - 1];
  const pipe = pipelineId == null ? sql`o.pipeline_id in (select dp.id from pipelines dp where dp.kind = 'deal')` : sql`o.pipeline_id = ${pipelineId}`;
  const b = bucketCase(sql.ref("o.closed_at"), bounds);
  const r = await sql<{ b: number; d: number; n: number; s: number }>`
    select ${b} as b, (o.closed_at - o.created_at) / 86400000 as d, count(*) as n, sum(o.closed_at - o.created_at) as s
    from opportunities o
    where o.status = 'won' and o.closed_at >= ${from} and o.closed_at < ${to} and ${pipe} and ${and(oppConditions(s, { pipeline: false }))}
    group by ${b}, (o.closed_at - o.created_at) / 86400000`.execute(db);
  return r.rows.map((x) => ({ stageId: null, bucket: Number(x.b), day: Number(x.d), n: Number(x.n), sumMs: Number(x.s) }));
}

export interface StalledRow {
  id: number;
  title: string;
  stageId: number;
  ownerId: number;
  amountFen: number;
  stageEnteredAt: number;
}

/**
 * Open opportunities whose current stage visit began before `asOf − threshold days` (thresholds per stage id, in
 * days; stages without one are skipped). Returns the count per stage and the longest-waiting first.
 */
export async function stalledRows(db: Db, s: Scope, pipelineId: number, thresholds: ReadonlyMap<number, number>, asOf: number, limit = DRILL_LIMIT) {
  const cases = [...thresholds].map(([stageId, days]) => sql`(o.stage_id = ${sql.lit(stageId)} and o.stage_entered_at < ${sql.lit(asOf - days * 86_400_000)})`);
  if (!cases.length) return { counts: new Map<number, number>(), rows: [] as StalledRow[] };
  const where = sql`o.pipeline_id = ${pipelineId} and o.status = 'open' and (${sql.join(cases, sql` or `)}) and ${and(oppConditions(s, { pipeline: false }))}`;
  const counts = await sql<{ stage_id: number; n: number }>`select o.stage_id, count(*) as n from opportunities o where ${where} group by o.stage_id`.execute(
    db,
  );
  const rows = await sql<{ id: number; title: string; stage_id: number; owner_id: number; amount_fen: number; stage_entered_at: number }>`
    select o.id, o.title, o.stage_id, o.owner_id, o.amount_fen, o.stage_entered_at from opportunities o where ${where}
    order by o.stage_entered_at, o.id limit ${limit}`.execute(db);
  return {
    counts: new Map(counts.rows.map((r) => [Number(r.stage_id), Number(r.n)])),
    rows: rows.rows.map((r) => ({
      id: Number(r.id),
      title: r.title,
      stageId: Number(r.stage_id),
      ownerId: Number(r.owner_id),
      amountFen: Number(r.amount_fen),
      stageEnteredAt: Number(r.stage_entered_at),
    })),
  };
}
