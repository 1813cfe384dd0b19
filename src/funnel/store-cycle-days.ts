/**
 * Stage-duration histograms (cycle time, stall thresholds) from the roll-up of ended visits by month and whole days
 * (src/readmodels/visit-days.ts): per bucket [a, b), the whole months inside it from stage_visit_days (the all-owners rows for the
 * whole base, the scope's owners for a scoped viewer: index ranges on its key), the partial months at its edges from
 * stage_visits (index ranges on left_at), and, for a scoped viewer, the ended visits of the deals shared with them that
 * their scope does not own. Null when the query has a filter the roll-up does not carry or the scope's owners were not
 * resolved: the caller reads the visits instead (store-cycle.ts).
 */
import { allOwnersRows } from "../readmodels/visit-months";
import { type Expression, type SqlBool, sql } from "kysely";
import { ownerAmong, sharedWith } from "../access/visible";
import { DAY_MS } from "../core/dates";
import type { Db } from "../db/connect";
import { monthOfDay, monthStartMs } from "../readmodels/month-sql";
import { visitMonthsOffset } from "../readmodels/visit-months";
import type { DurationBin } from "./cycle";
import type { Ladder } from "./ladder";
import { and, bucketCase, idList, type Scope } from "./store-scope";

/** The common filters the roll-up does not carry (owner and pipeline it does); a report's other query keys are no filters. */
const NOT_CARRIED = ["team", "source", "tier", "product", "custom"] as const;

export async function stageDurationBinsFromDays(db: Db, s: Scope, pipelineId: number, l: Ladder, bounds: readonly number[]): Promise<DurationBin[] | null> {
  if (s.owners === undefined) return null;
  if (NOT_CARRIED.some((k) => s.filters[k] != null)) return null;
  const openIds = l.steps.filter((x) => x.kind === "open").map((x) => x.id);
  if (!openIds.length || bounds.length < 2) return [];
  const open = idList(openIds);
  let owners: number[] | null = s.owners ? s.owners.scope : null;
  if (s.filters.owner) owners = owners ? owners.filter((o) => o === s.filters.owner) : [s.filters.owner];
  const off = await visitMonthsOffset(db);
  const monthAt = (t: number) => monthOfDay(Math.floor((t + off) / DAY_MS));
  // per bucket: the whole months [m0, m1) inside it and the raw edges around them
  const spans = bounds.slice(1).map((b, i) => {
    const a = bounds[i];
    let m0 = monthAt(a);
    if (monthStartMs(m0, off) < a) m0++;
    const m1 = monthAt(b);
    if (m0 >= m1) return { m0: 0, m1: 0, edges: [[a, b]] as Array<[number, number]> };
    const edges: Array<[number, number]> = [];
    if (monthStartMs(m0, off) > a) edges.push([a, monthStartMs(m0, off)]);
    if (monthStartMs(m1, off) < b) edges.push([monthStartMs(m1, off), b]);
    return { m0, m1, edges };
  });
  const bins = new Map<string, DurationBin>();
  const add = (stageId: number, bucket: number, day: number, n: number, sumMs: number) => {
    const key = `${stageId}:${bucket}:${day}`;
    const x = bins.get(key) ?? { stageId, bucket, day, n: 0, sumMs: 0 };
    x.n += n;
    x.sumMs += sumMs;
    bins.set(key, x);
  };
  const whole = spans.filter((x) => x.m1 > x.m0);
  if (whole.length) {
    const lo = Math.min(...whole.map((x) => x.m0)),
      hi = Math.max(...whole.map((x) => x.m1));
    const r = await sql<{ stage_id: number; month: number; days: number; n: number; s: number }>`
      select m.stage_id, m.month, m.days, sum(m.n) as n, sum(m.sum_ms) as s from stage_visit_days m
      where m.pipeline_id = ${pipelineId} and ${owners ? ownerAmong("m.owner_id", owners) : allOwnersRows("m.owner_id")} and m.stage_id in (${open})
        and m.month >= ${lo} and m.month < ${hi}
      group by m.stage_id, m.month, m.days`.execute(db);
    for (const x of r.rows) {
      const month = Number(x.month);
      const bucket = spans.findIndex((sp) => month >= sp.m0 && month < sp.m1);
      if (bucket >= 0 && Number(x.n) !== 0) add(Number(x.stage_id), bucket, Number(x.days), Number(x.n), Number(x.s));
    }
  }
  const raw = async (range: [number, number] | null, conds: Expression<SqlBool>[]) => {
    const [a, b] = range ?? [bounds[0], bounds[bounds.length - 1]];
    const bk = bucketCase(sql.ref("v.left_at"), bounds);
    const r = await sql<{ stage_id: number; b: number; d: number; n: number; s: number }>`
      select v.stage_id, ${bk} as b, (v.left_at - v.entered_at) / 86400000 as d, count(*) as n, sum(v.left_at - v.entered_at) as s
      from stage_visits v
      where v.pipeline_id = ${pipelineId} and v.left_at >= ${a} and v.left_at < ${b} and v.stage_id in (${open}) and ${and(conds)}
      group by v.stage_id, ${bk}, (v.left_at - v.entered_at) / 86400000`.execute(db);
    for (const x of r.rows) if (x.b != null) add(Number(x.stage_id), Number(x.b), Number(x.d), Number(x.n), Number(x.s));
  };
  const byOwner: Expression<SqlBool>[] = owners ? [ownerAmong("v.owner_id", owners)] : [];
  for (const e of spans.flatMap((x) => x.edges)) await raw(e, byOwner);
  if (s.owners) {
    const conds = [sharedWith(s.viewer, "v.opportunity_id", "opportunity"), sql<SqlBool>`not ${ownerAmong("v.owner_id", s.owners.scope)}`];
    if (s.filters.owner) conds.push(sql<SqlBool>`v.owner_id = ${s.filters.owner}`);
    await raw(null, conds);
  }
  return [...bins.values()];
}
