/** SQL of the snapshot and conversion funnels: per-stage counts and sums, and reached counts, aggregated in the database. */
import { sql } from "kysely";
import type { Db } from "../db/connect";
import type { Ladder } from "./ladder";
import type { SnapshotRow } from "./snapshot";
import { snapshotRowsFromMonths } from "./store-asof";
import { stageSetIds } from "../readmodels/opportunity-reach";
import { and, DRILL_LIMIT, type Drill, idList, oppConditions, rankCase, reachConditions, type Scope, visitAt, visitConditions } from "./store-scope";

/**
 * The stage each opportunity of the pipeline was in just before `asOf` (its stage visit current then, from the
 * stage_visits read model), or its current stage when `asOf` is null, restricted to open stages. Rows (id, stage_id, amount_fen).
 */
function openAt(s: Scope, pipelineId: number, l: Ladder, asOf: number | null) {
  const open = idList(l.steps.filter((x) => x.kind === "open").map((x) => x.id));
  const conds = and(oppConditions(s, { pipeline: false }));
  if (asOf == null)
    return sql`select o.id, o.stage_id, o.amount_fen from opportunities o
      where o.pipeline_id = ${pipelineId} and o.status = 'open' and o.stage_id in (${open}) and ${conds}`;
  // The read model's visit current at asOf, in an open stage.
  return sql`select v.opportunity_id as id, v.stage_id, v.amount_fen from stage_visits v
    where v.pipeline_id = ${pipelineId} and v.stage_id in (${open}) and ${visitAt(asOf)} and ${and(visitConditions(s, { pipeline: false }))}`;
}

export async function snapshotRows(db: Db, s: Scope, pipelineId: number, l: Ladder, asOf: number | null): Promise<SnapshotRow[]> {
  // as of a date: from the month roll-up of visits when the query's filters allow (store-asof.ts)
  const fromMonths = asOf == null ? null : await snapshotRowsFromMonths(db, s, pipelineId, l, asOf);
  if (fromMonths) return fromMonths;
  return snapshotRowsOfVisits(db, s, pipelineId, l, asOf);
}

/** The same from the visits current at `asOf` row by row (the roll-up's oracle in the tests, and its fallback). */
export async function snapshotRowsOfVisits(db: Db, s: Scope, pipelineId: number, l: Ladder, asOf: number | null): Promise<SnapshotRow[]> {
  const r = await sql<{ stage_id: number; n: number; amount: number | null }>`
    select t.stage_id, count(*) as n, sum(t.amount_fen) as amount from (${openAt(s, pipelineId, l, asOf)}) t group by t.stage_id`.execute(db);
  return r.rows.map((x) => ({ stageId: Number(x.stage_id), count: Number(x.n), amountFen: Number(x.amount ?? 0) }));
}

export async function snapshotDrill(db: Db, s: Scope, pipelineId: number, l: Ladder, asOf: number | null, stageId: number): Promise<Drill> {
  const base = sql`select t.id from (${openAt(s, pipelineId, l, asOf)}) t where t.stage_id = ${stageId}`;
  return drillOf(db, `stage:${stageId}`, base);
}

/** Total and first ids of a query that selects a column `id`. */
export async function drillOf(db: Db, key: string, idsQuery: ReturnType<typeof sql>): Promise<Drill> {
  const total = await sql<{ n: number }>`select count(*) as n from (${idsQuery}) d`.execute(db);
  const ids = await sql<{ id: number }>`select d.id from (${idsQuery}) d order by d.id limit ${DRILL_LIMIT}`.execute(db);
  return { key, total: Number(total.rows[0]?.n ?? 0), ids: ids.rows.map((r) => Number(r.id)) };
}

/** The cohort's rows of the opportunity_reach read model: opportunities of the pipeline created in [from, to) with stage events. */
function cohortReach(s: Scope, pipelineId: number, from: number, to: number) {
  return sql`from opportunity_reach r
    where r.pipeline_id = ${pipelineId} and r.created_at >= ${from} and r.created_at < ${to} and r.stages is not null and ${and(reachConditions(s))}`;
}

/** A stage set that holds any of these stages (`,12,` inside `,11,12,15,`). */
const holdsAny = (ids: readonly number[]) =>
  ids.length
    ? sql`(${sql.join(
        ids.map((id) => sql`r.stages like ${`%,${id},%`}`),
        sql` or `,
      )})`
    : sql`1 = 0`;

export interface FurthestRow {
  furthest: number;
  status: "open" | "won" | "lost";
  n: number;
}

/**
 * Counts per (furthest, status) of the cohort, from the opportunity_reach read model: the period's opportunities
 * grouped by (stage set, status) — one index range, a few hundred groups — and each set's furthest rank read off the
 * ladder here (the highest rank among its stages, 0 when none is on the ladder). Opportunities without stage events
 * (no set) are left out, as the join with their visits leaves them out.
 */
export async function cohortRows(db: Db, s: Scope, pipelineId: number, l: Ladder, from: number, to: number): Promise<FurthestRow[]> {
  const r = await sql<{ stages: string; status: FurthestRow["status"]; n: number }>`
    select r.stages, r.status, count(*) as n ${cohortReach(s, pipelineId, from, to)} group by r.stages, r.status`.execute(db);
  const rankOf = new Map(l.steps.map((x, i) => [x.id, i + 1]));
  const counts = new Map<string, FurthestRow>();
  for (const x of r.rows) {
    const furthest = Math.max(0, ...stageSetIds(x.stages).map((id) => rankOf.get(id) ?? 0));
    const key = `${furthest}:${x.status}`;
    const row = counts.get(key) ?? { furthest, status: x.status, n: 0 };
    row.n += Number(x.n);
    counts.set(key, row);
  }
  return [...counts.values()];
}

/** Cohort drill: `stage:<id>` those that reached the stage; `dropped:<id>` those whose furthest stage it is. */
export async function cohortDrill(
  db: Db,
  s: Scope,
  pipelineId: number,
  l: Ladder,
  from: number,
  to: number,
  kind: "stage" | "dropped",
  stageId: number,
): Promise<Drill> {
  const rank = l.steps.findIndex((x) => x.id === stageId) + 1;
  // reached the stage: its set holds a stage of this rank or above; dropped there: this rank is the set's highest
  const above = l.steps.slice(rank).map((x) => x.id);
  const cond = rank <= 0 ? sql`1 = 0` : kind === "stage" ? holdsAny([stageId, ...above]) : sql`${holdsAny([stageId])} and not ${holdsAny(above)}`;
  return drillOf(db, `${kind}:${stageId}`, sql`select r.opportunity_id as id ${cohortReach(s, pipelineId, from, to)} and ${cond}`);
}

/**
 * Flow view: per rank, the distinct opportunities that moved into or past it going forward within [from, to):
 * a create/advance/won event from rank a to rank b counts for ranks a+1 … b. Back-moves, stays, losses and
 * reopenings count for nothing; an opportunity entering a stage twice in the range counts once.
 */
function flowColumns(l: Ladder) {
  const fromRank = sql`(case when v.enter_kind = 'create' then 0 else ${rankCase(sql.ref("v.from_stage_id"), l)} end)`;
  const toRank = rankCase(sql.ref("v.stage_id"), l);
  return { fromRank, toRank };
}

function flowEvents(s: Scope, pipelineId: number, from: number, to: number) {
  return sql`from stage_visits v
    where v.pipeline_id = ${pipelineId} and v.entered_at >= ${from} and v.entered_at < ${to} and v.enter_kind in ('create', 'advance', 'won')
      and ${and(visitConditions(s, { pipeline: false }))}`;
}

/**
 * Per rank, the opportunities with a visit counting for it: one grouping by opportunity (a flag per rank), then sums —
 * not a distinct count per rank, which PostgreSQL sorts once per rank (seven sorts of the quarter's visits).
 */
export async function flowRows(db: Db, s: Scope, pipelineId: number, l: Ladder, from: number, to: number): Promise<number[]> {
  const { fromRank, toRank } = flowColumns(l);
  const flags = l.steps.map(
    (_, i) => sql`max(case when ${fromRank} < ${sql.lit(i + 1)} and ${toRank} >= ${sql.lit(i + 1)} then 1 else 0 end) as ${sql.ref(`r${i + 1}`)}`,
  );
  const sums = l.steps.map((_, i) => sql`sum(f.${sql.ref(`r${i + 1}`)}) as ${sql.ref(`r${i + 1}`)}`);
  const r = await sql<Record<string, number>>`select ${sql.join(sums)} from (select v.opportunity_id, ${sql.join(flags)} ${flowEvents(
    s,
    pipelineId,
    from,
    to,
  )} group by v.opportunity_id) f`.execute(db);
  const row = r.rows[0] ?? {};
  return l.steps.map((_, i) => Number(row[`r${i + 1}`] ?? 0));
}

export async function flowDrill(db: Db, s: Scope, pipelineId: number, l: Ladder, from: number, to: number, stageId: number): Promise<Drill> {
  const rank = l.steps.findIndex((x) => x.id === stageId) + 1;
  const { fromRank, toRank } = flowColumns(l);
  return drillOf(
    db,
    `stage:${stageId}`,
    sql`select distinct v.opportunity_id as id ${flowEvents(s, pipelineId, from, to)} and ${fromRank} < ${rank} and ${toRank} >= ${rank}`,
  );
}
