/**
 * The snapshot funnel as of an instant T from the month roll-up of stage visits (src/readmodels/visit-months.ts):
 * per open stage, the visits begun before T minus those ended before T — whole months before T's month from
 * stage_visit_months (the all-owners rows for the whole base, the scope's owners for a scoped viewer: index ranges on its key), the
 * part of T's month from stage_visits (entries and exits in [month start, T), two index ranges) — and, for a scoped
 * viewer, the visits current at T of the deals shared with them that their scope does not own. Null when the query
 * has a filter the roll-up does not carry (customer, source, team, tier, product, custom field) or the scope's owners
 * were not resolved: the caller reads the visits current at T instead.
 */
import { allOwnersRows } from "../readmodels/visit-months";
import { type Expression, type SqlBool, sql } from "kysely";
import { ownerAmong, sharedWith } from "../access/visible";
import type { Db } from "../db/connect";
import { DAY_MS } from "../core/dates";
import { monthOfDay, monthStartMs } from "../readmodels/month-sql";
import { visitMonthsOffset } from "../readmodels/visit-months";
import type { Ladder } from "./ladder";
import type { SnapshotRow } from "./snapshot";
import { and, idList, type Scope, visitAt } from "./store-scope";

/** The common filters the roll-up does not carry (owner and pipeline it does); a report's other query keys are no filters. */
const NOT_CARRIED = ["team", "source", "tier", "product", "custom"] as const;

export async function snapshotRowsFromMonths(db: Db, s: Scope, pipelineId: number, l: Ladder, asOf: number): Promise<SnapshotRow[] | null> {
  if (s.owners === undefined) return null;
  if (NOT_CARRIED.some((k) => s.filters[k] != null)) return null;
  const openIds = l.steps.filter((x) => x.kind === "open").map((x) => x.id);
  if (!openIds.length) return [];
  const open = idList(openIds);
  // the owners whose visits count by owner: all (the all-owners rows of the roll-up), or the scope's users, narrowed by the owner filter
  let owners: number[] | null = s.owners ? s.owners.scope : null;
  if (s.filters.owner) owners = owners ? owners.filter((o) => o === s.filters.owner) : [s.filters.owner];
  const off = await visitMonthsOffset(db);
  const month = monthOfDay(Math.floor((asOf + off) / DAY_MS));
  const start = Math.min(monthStartMs(month, off), asOf);
  const byOwner = (col: string): Expression<SqlBool> => (owners ? ownerAmong(col, owners) : sql<SqlBool>`1 = 1`);
  const totals = new Map<number, { n: number; fen: number }>();
  const add = (rows: Array<{ stage_id: number; n: number | string | null; fen: number | string | null }>, sign: 1 | -1) => {
    for (const r of rows) {
      const t = totals.get(Number(r.stage_id)) ?? { n: 0, fen: 0 };
      t.n += sign * Number(r.n ?? 0);
      t.fen += sign * Number(r.fen ?? 0);
      totals.set(Number(r.stage_id), t);
    }
  };
  type R = { stage_id: number; n: number | null; fen: number | null };
  const months = await sql<R>`select m.stage_id, sum(m.entered - m.left_n) as n, sum(m.entered_fen - m.left_fen) as fen from stage_visit_months m
    where m.pipeline_id = ${pipelineId} and ${owners ? ownerAmong("m.owner_id", owners) : allOwnersRows("m.owner_id")} and m.stage_id in (${open}) and m.month < ${month}
    group by m.stage_id`.execute(db);
  add(months.rows, 1);
  const entered = await sql<R>`select v.stage_id, count(*) as n, sum(v.amount_fen) as fen from stage_visits v
    where v.pipeline_id = ${pipelineId} and ${byOwner("v.owner_id")} and v.entered_at >= ${start} and v.entered_at < ${asOf} and v.stage_id in (${open})
    group by v.stage_id`.execute(db);
  add(entered.rows, 1);
  const left = await sql<R>`select v.stage_id, count(*) as n, sum(v.amount_fen) as fen from stage_visits v
    where v.pipeline_id = ${pipelineId} and ${byOwner("v.owner_id")} and v.left_at >= ${start} and v.left_at < ${asOf} and v.stage_id in (${open})
    group by v.stage_id`.execute(db);
  add(left.rows, -1);
  if (s.owners) {
    // shared with the viewer, owned outside the scope: those deals' visits current at T, row by row (a handful)
    const conds = [sharedWith(s.viewer, "v.opportunity_id", "opportunity"), sql<SqlBool>`not ${ownerAmong("v.owner_id", s.owners.scope)}`];
    if (s.filters.owner) conds.push(sql<SqlBool>`v.owner_id = ${s.filters.owner}`);
    const shared = await sql<R>`select v.stage_id, count(*) as n, sum(v.amount_fen) as fen from stage_visits v
      where v.pipeline_id = ${pipelineId} and v.stage_id in (${open}) and ${visitAt(asOf)} and ${and(conds)} group by v.stage_id`.execute(db);
    add(shared.rows, 1);
  }
  return [...totals].filter(([, t]) => t.n !== 0).map(([stageId, t]) => ({ stageId, count: t.n, amountFen: t.fen }));
}
