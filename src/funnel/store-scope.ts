/** SQL pieces shared by the funnel queries: who and what a report covers, the pipeline's ladder, rank and bucket CASEs. */
import { type Expression, type RawBuilder, type SqlBool, sql } from "kysely";
import { notFound } from "../core/errors";
import type { Db } from "../db/connect";
import type { Viewer } from "../access/viewer";
import { ownerAmong, visible, visibleAmong, visibleOwners } from "../access/visible";
import { type ResolvedOwners, resolveOwners } from "../access/owners-store";
import type { DbOrTx } from "../db/tx";
import { type CommonFilters, filterConditions } from "../access/filters";
import { type Ladder, ladder, type StageInfo } from "./ladder";

export interface Scope {
  viewer: Viewer;
  filters: CommonFilters;
  /** the viewer's owners as literals (withOwners); absent: the access rule's subqueries */
  owners?: ResolvedOwners | null;
}

/** The scope with its owners resolved to literals (one query), so owner-leading indexes serve a rep's or a team's rows. */
export async function withOwners(db: DbOrTx, s: Scope): Promise<Scope> {
  return s.owners !== undefined ? s : { ...s, owners: await resolveOwners(db, s.viewer, "opportunity") };
}

/** The access rule and its implied owner condition on (owner column, opportunity id column). */
function ruleConditions(s: Scope, ownerCol: string, idCol: string): Expression<SqlBool>[] {
  if (s.owners === null) return [];
  if (s.owners) return [visibleAmong(s.viewer, s.owners.scope, ownerCol, idCol, "opportunity"), ownerAmong(ownerCol, s.owners.owners)];
  const owners = visibleOwners(s.viewer, ownerCol, "opportunity");
  return [visible(s.viewer, ownerCol, idCol, "opportunity"), ...(owners ? [owners] : [])];
}

/** Conditions on opportunities aliased `o` (or `alias`): what the viewer may see, and the report's filters (pipeline aside). */
export function oppConditions(s: Scope, opts: { pipeline?: boolean; alias?: string } = {}): Expression<SqlBool>[] {
  const f = opts.pipeline === false ? { ...s.filters, pipeline: undefined } : s.filters;
  const a = opts.alias ?? "o";
  return [
    ...ruleConditions(s, `${a}.owner_id`, `${a}.id`),
    ...filterConditions(f, {
      owner: `${a}.owner_id`,
      customer: `${a}.customer_id`,
      pipeline: `${a}.pipeline_id`,
      source: `${a}.source`,
      opportunity: `${a}.id`,
    }),
  ];
}

/** The same conditions on the read model stage_visits aliased `v` (which carries owner, customer, pipeline and source). */
export function visitConditions(s: Scope, opts: { pipeline?: boolean } = {}): Expression<SqlBool>[] {
  const f = opts.pipeline === false ? { ...s.filters, pipeline: undefined } : s.filters;
  // A scoped viewer's visits are found by owner: the implied owner condition (the scope's users and the owners of what
  // is shared with the viewer) is an index range on stage_visits' (pipeline, owner, …) indexes, and the access rule
  // then filters those rows. A semi-join on the viewer's opportunity ids (a long IN list) made PostgreSQL walk the
  // whole pipeline's visits for one rep (as of: 830 ms vs 165 ms for the admin), the OR alone scanned them too.
  return [
    ...ruleConditions(s, "v.owner_id", "v.opportunity_id"),
    ...filterConditions(f, { owner: "v.owner_id", customer: "v.customer_id", pipeline: "v.pipeline_id", source: "v.source", opportunity: "v.opportunity_id" }),
  ];
}

/** The same conditions on the read model opportunity_reach aliased `r` (one row per opportunity, with its scope columns). */
export function reachConditions(s: Scope): Expression<SqlBool>[] {
  const f = { ...s.filters, pipeline: undefined };
  return [
    ...ruleConditions(s, "r.owner_id", "r.opportunity_id"),
    ...filterConditions(f, { owner: "r.owner_id", customer: "r.customer_id", pipeline: "r.pipeline_id", source: "r.source", opportunity: "r.opportunity_id" }),
  ];
}

/** Visits of stage `v` that were current at instant `at` (the last non-stay event before `at` entered them). */
export const visitAt = (at: number) => sql<SqlBool>`${visitLeftOrNow} >= ${at} and v.entered_at < ${at}`;

/** `left_at`, with a visit still current counted as leaving at the end of time: the expression index stage_visits_at_cover (migration 431). */
export const visitLeftOrNow = sql`coalesce(v.left_at, 9007199254740991)`;

/** `a and b and …` (true when empty). */
export function and(conds: readonly Expression<SqlBool>[]): RawBuilder<SqlBool> {
  return conds.length ? sql<SqlBool>`(${sql.join(conds, sql` and `)})` : sql<SqlBool>`1 = 1`;
}

/** Opportunities of deal pipelines only, when no pipeline is chosen (customer-lifecycle pipelines are not deals). */
export const dealPipelinesOnly = sql<SqlBool>`o.pipeline_id in (select dp.id from pipelines dp where dp.kind = 'deal')`;

export interface PipelineLadder {
  pipelineId: number;
  stages: StageInfo[];
  ladder: Ladder;
}

/**
 * The chosen pipeline's stages, or the first active deal pipeline's when none is chosen. Removed (archived) stages
 * are left out, except those removed after `liveAt` (a snapshot as of an earlier date shows the stages live then).
 */
export async function loadLadder(db: Db, pipelineId?: number, liveAt?: number): Promise<PipelineLadder> {
  let id = pipelineId;
  if (id == null) {
    const p = await db.selectFrom("pipelines").select("id").where("kind", "=", "deal").where("archived", "=", 0).orderBy("id").executeTakeFirst();
    if (!p) throw notFound("pipeline");
    id = p.id;
  }
  // Removed (archived) stages hold no opportunities and are left out of the reports; history still names them.
  // the columns named: a `select *` is never a prepared statement (src/db/connect.ts), and every funnel report reads this
  const rows = await db
    .selectFrom("stages")
    .select(["id", "position", "key", "name_zh", "name_en", "probability", "kind", "stall_days", "target_conversion"])
    .where("pipeline_id", "=", id)
    .where((eb) => (liveAt == null ? eb("archived_at", "is", null) : eb.or([eb("archived_at", "is", null), eb("archived_at", ">", liveAt)])))
    .orderBy("position")
    .orderBy("id")
    .execute();
  if (!rows.length) throw notFound("pipeline");
  const stages: StageInfo[] = rows.map((s) => ({
    id: s.id,
    position: s.position,
    key: s.key,
    nameZh: s.name_zh,
    nameEn: s.name_en,
    probability: s.probability,
    kind: s.kind,
    stallDays: s.stall_days,
    targetConversion: s.target_conversion,
  }));
  return { pipelineId: id, stages, ladder: ladder(stages) };
}

/** CASE mapping a stage id column to its rank on the ladder (1 … n, Won last), 0 otherwise. Ids are integers from the database. */
export function rankCase(col: Expression<unknown> | RawBuilder<unknown>, l: Ladder): RawBuilder<number> {
  if (!l.steps.length) return sql<number>`0`;
  const whens = l.steps.map((s, i) => sql`when ${sql.lit(s.id)} then ${sql.lit(i + 1)}`);
  return sql<number>`(case ${col} ${sql.join(whens, sql` `)} else 0 end)`;
}

/** CASE giving the index of the range [bounds[i], bounds[i+1]) a time column falls in, null outside. */
export function bucketCase(col: Expression<unknown> | RawBuilder<unknown>, bounds: readonly number[]): RawBuilder<number | null> {
  const whens = bounds.slice(1).map((b, i) => sql`when ${col} < ${sql.lit(b)} then ${sql.lit(i)}`);
  return sql<number | null>`(case when ${col} < ${sql.lit(bounds[0])} then null ${sql.join(whens, sql` `)} else null end)`;
}

/** Comma list of integer literals for `in (…)`. */
export const idList = (ids: readonly number[]) => (ids.length ? sql.join(ids.map((i) => sql.lit(i))) : sql`-1`);

/** A drill-down key "stage:12" → { kind: "stage", id: "12" }. */
export function parseDrill(drill: string | undefined): { kind: string; value: string } | null {
  if (!drill) return null;
  const i = drill.indexOf(":");
  return i < 0 ? { kind: drill, value: "" } : { kind: drill.slice(0, i), value: drill.slice(i + 1) };
}

export interface Drill {
  key: string;
  total: number;
  ids: number[];
}

/** Maximum opportunity ids one drill-down returns (the total is always exact). */
export const DRILL_LIMIT = 1000;
