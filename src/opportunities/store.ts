/** Opportunity reads: scoped lists, the board's columns, one opportunity with its checklist and history. */
import { type Expression, type SqlBool, sql } from "kysely";
import { DAY_MS } from "../core/dates";
import type { DbOrTx } from "../db/tx";
import { afterCursor, decodeCursor, keysetPage, sortOrder, sortSpec } from "../db/keyset";
import { contains } from "../db/search";
import type { Viewer } from "../access/viewer";
import { visible } from "../access/visible";
import { type CommonFilters, filterConditions, OPPORTUNITY_FILTER_COLUMNS } from "../access/filters";
import { customConditions } from "../fields/values-store";

export interface OpportunityQuery extends CommonFilters {
  stage?: number;
  status?: "open" | "won" | "lost";
  q?: string;
  customer?: number;
  sort?: string;
  limit: number;
  cursor?: string;
  closeFrom?: string;
  closeTo?: string;
  ids?: number[];
  cf?: Record<string, string>;
  /** further conditions on `o` built by the caller (the forecast drill-down's period, category and department) */
  where?: Expression<SqlBool>[];
}

/** The sorts the list offers, each served by an index on (column, id) (migration 060). */
const SORTS: Record<string, { col: string; nullable?: boolean }> = {
  amount: { col: "o.amount_fen" },
  expected_close: { col: "o.expected_close_date", nullable: true },
  created: { col: "o.created_at" },
  updated: { col: "o.updated_at" },
  title: { col: "o.title" },
  stage_entered: { col: "o.stage_entered_at" },
};
const SORT_FIELD: Record<string, keyof OppRow> = {
  "o.amount_fen": "amount_fen",
  "o.expected_close_date": "expected_close_date",
  "o.created_at": "created_at",
  "o.updated_at": "updated_at",
  "o.title": "title",
  "o.stage_entered_at": "stage_entered_at",
};

export function opportunityQuery(db: DbOrTx, viewer: Viewer, f: Omit<OpportunityQuery, "limit" | "cursor" | "sort">) {
  let q = db
    .selectFrom("opportunities as o")
    .innerJoin("stages as s", "s.id", "o.stage_id")
    .innerJoin("customers as c", "c.id", "o.customer_id")
    .leftJoin("users as u", "u.id", "o.owner_id")
    .leftJoin("opportunity_facts as of", "of.opportunity_id", "o.id")
    .where(visible(viewer, "o.owner_id", "o.id", "opportunity"));
  for (const cond of filterConditions(f, OPPORTUNITY_FILTER_COLUMNS)) q = q.where(cond);
  if (f.stage) q = q.where("o.stage_id", "=", f.stage);
  if (f.status) q = q.where("o.status", "=", f.status);
  if (f.customer) q = q.where("o.customer_id", "=", f.customer);
  if (f.closeFrom) q = q.where("o.expected_close_date", ">=", f.closeFrom);
  if (f.closeTo) q = q.where("o.expected_close_date", "<=", f.closeTo);
  if (f.ids) q = q.where("o.id", "in", f.ids.length ? f.ids : [-1]);
  for (const cond of f.where ?? []) q = q.where(cond);
  if (f.q?.trim()) {
    const text = f.q;
    q = q.where((eb) => eb.or([contains(db, "opportunities", "o.id", ["o.title"], text), contains(db, "customers", "o.customer_id", ["c.name"], text)]));
  }
  return q.select([
    "o.id",
    "o.external_id",
    "o.pipeline_id",
    "o.stage_id",
    "s.key as stage_key",
    "s.name_zh as stage_name_zh",
    "s.name_en as stage_name_en",
    "s.probability as stage_probability",
    "s.stall_days",
    "o.customer_id",
    "c.name as customer_name",
    "o.owner_id",
    "u.name as owner_name",
    "o.title",
    "o.amount_fen",
    "o.units",
    "o.product",
    "o.expected_close_date",
    "o.source",
    "o.forecast_category",
    "o.probability_override",
    "o.status",
    "o.lost_reason",
    "o.closed_at",
    "o.stage_entered_at",
    "o.created_at",
    "o.updated_at",
    "o.version",
    "of.next_activity_at",
    "of.last_activity_at",
  ]);
}

type OppRow = Awaited<ReturnType<ReturnType<typeof opportunityQuery>["execute"]>>[number];

export function opportunityView(r: OppRow, now: number) {
  const daysInStage = Math.floor((now - r.stage_entered_at) / DAY_MS);
  return {
    id: r.id,
    externalId: r.external_id,
    pipelineId: r.pipeline_id,
    stageId: r.stage_id,
    stageKey: r.stage_key,
    stageNameZh: r.stage_name_zh,
    stageNameEn: r.stage_name_en,
    probability: r.probability_override ?? r.stage_probability,
    customerId: r.customer_id,
    customerName: r.customer_name,
    ownerId: r.owner_id,
    ownerName: r.owner_name,
    title: r.title,
    amountFen: r.amount_fen,
    units: r.units,
    product: r.product,
    expectedCloseDate: r.expected_close_date,
    source: r.source,
    forecastCategory: r.forecast_category,
    probabilityOverride: r.probability_override,
    status: r.status,
    lostReason: r.lost_reason,
    closedAt: r.closed_at,
    stageEnteredAt: r.stage_entered_at,
    daysInStage,
    stalled: r.status === "open" && r.stall_days != null && daysInStage > r.stall_days,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    version: r.version,
    /** the earliest planned, not yet done activity (from the opportunity_facts read model), and the last one done */
    nextActivityAt: r.next_activity_at === null || r.next_activity_at === undefined ? null : Number(r.next_activity_at),
    lastActivityAt: r.last_activity_at === null || r.last_activity_at === undefined ? null : Number(r.last_activity_at),
  };
}
export type OpportunityView = ReturnType<typeof opportunityView>;

/** Raw rows of one page in the sort order, limit + 1 of them (the extra one says there is a next page). */
async function pageRows(db: DbOrTx, viewer: Viewer, f: OpportunityQuery) {
  const spec = sortSpec(SORTS, f.sort, "-updated", "o.id");
  let q = opportunityQuery(db, viewer, f);
  for (const cond of await customConditions(db, "opportunity", "o.id", f.cf ?? {})) q = q.where(cond);
  if (f.cursor) q = q.where(afterCursor(spec, decodeCursor(f.cursor, spec.name)));
  for (const o of sortOrder(spec)) q = q.orderBy(o);
  return { spec, rows: await q.limit(f.limit + 1).execute() };
}

export async function listOpportunities(db: DbOrTx, viewer: Viewer, f: OpportunityQuery, now: number) {
  return (await pageRows(db, viewer, f)).rows.map((r) => opportunityView(r, now));
}

/** One page of the list and the opaque cursor of the next (keyset: sort value + id). */
export async function pageOpportunities(db: DbOrTx, viewer: Viewer, f: OpportunityQuery, now: number) {
  const { spec, rows } = await pageRows(db, viewer, f);
  return keysetPage(
    rows,
    f.limit,
    spec,
    (r) => ({ value: r[SORT_FIELD[spec.col]] as string | number | null, id: r.id }),
    (r) => opportunityView(r, now),
  );
}

export async function getVisibleOpportunity(db: DbOrTx, viewer: Viewer, id: number, now: number) {
  const r = await opportunityQuery(db, viewer, { ids: [id] }).executeTakeFirst();
  return r ? opportunityView(r, now) : null;
}

/**
 * Count, amount and weighted amount of every row the list would page through (same conditions, no paging). The
 * weighted amount is rounded once per (owner, category) and then summed, as the forecast rolls it up (src/forecast/sums.ts),
 * so a drill-down's total equals the figure it came from; `predicted` weighs by the win model's probability where a deal has one.
 */
export async function opportunityTotals(db: DbOrTx, viewer: Viewer, f: OpportunityQuery, probability: "stage" | "predicted" = "stage") {
  let inner = opportunityQuery(db, viewer, f);
  for (const cond of await customConditions(db, "opportunity", "o.id", f.cf ?? {})) inner = inner.where(cond);
  let q = db.selectFrom(inner.as("x"));
  if (probability === "predicted") q = q.leftJoin("win_predictions as wp", "wp.opportunity_id", "x.id");
  const prob =
    probability === "predicted"
      ? sql<number>`coalesce(wp.probability * 100, coalesce(x.probability_override, x.stage_probability))`
      : sql<number>`coalesce(x.probability_override, x.stage_probability)`;
  const rows = await q
    .select([
      "x.owner_id",
      "x.forecast_category",
      (eb) => eb.fn.countAll<number>().as("n"),
      (eb) => eb.fn.sum<number>("x.amount_fen").as("amount"),
      sql<number>`sum(x.amount_fen * ${prob})`.as("amount_pct"),
    ])
    .groupBy(["x.owner_id", "x.forecast_category"])
    .execute();
  return rows.reduce(
    (t, r) => ({
      count: t.count + Number(r.n),
      amountFen: t.amountFen + Number(r.amount ?? 0),
      weightedFen: t.weightedFen + Math.round(Number(r.amount_pct ?? 0) / 100),
    }),
    { count: 0, amountFen: 0, weightedFen: 0 },
  );
}

/** Per-stage totals of open opportunities (count, amount, weighted) for the board header, computed in SQL. */
export async function boardTotals(db: DbOrTx, viewer: Viewer, f: CommonFilters & { pipeline: number }) {
  let q = db
    .selectFrom("opportunities as o")
    .innerJoin("stages as s", "s.id", "o.stage_id")
    .where(visible(viewer, "o.owner_id", "o.id", "opportunity"))
    .where("o.pipeline_id", "=", f.pipeline);
  for (const cond of filterConditions(f, OPPORTUNITY_FILTER_COLUMNS)) q = q.where(cond);
  return q
    .select((eb) => [
      "o.stage_id",
      "o.status",
      eb.fn.countAll<number>().as("n"),
      eb.fn.sum<number>("o.amount_fen").as("amount"),
      eb.fn.sum<number>(sql`o.amount_fen * coalesce(o.probability_override, s.probability) / 100.0`).as("weighted"),
    ])
    .groupBy(["o.stage_id", "o.status"])
    .execute();
}
