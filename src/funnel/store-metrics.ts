/** SQL of velocity inputs, the per-source report and the funnel-health indicators, aggregated in the database. */
import { type RawBuilder, type SqlBool, sql } from "kysely";
import type { Db } from "../db/connect";
import { filterConditions } from "../access/filters";
import { scopeOf } from "../access/viewer";
import type { HealthInputs } from "./health";
import type { SourceRow } from "./sources";
import { and, dealPipelinesOnly, idList, oppConditions, type Scope, visitAt, visitConditions } from "./store-scope";

/** The chosen pipeline, or every deal pipeline. */
const pipelineCond = (s: Scope): RawBuilder<SqlBool> => (s.filters.pipeline ? sql<SqlBool>`1 = 1` : dealPipelinesOnly);
const where = (s: Scope) => sql`${pipelineCond(s)} and ${and(oppConditions(s))}`;
const whereOn = (s: Scope, alias: string) =>
  sql`${s.filters.pipeline ? sql`1 = 1` : sql`${sql.ref(`${alias}.pipeline_id`)} in (select dp.id from pipelines dp where dp.kind = 'deal')`} and ${and(oppConditions(s, { alias }))}`;
/** The same on the stage_visits read model aliased `v`. */
const visitWhere = (s: Scope) =>
  sql`${s.filters.pipeline ? sql`1 = 1` : sql`v.pipeline_id in (select dp.id from pipelines dp where dp.kind = 'deal')`} and ${and(visitConditions(s))}`;

export interface ClosedTotals {
  won: number;
  lost: number;
  wonFen: number;
  wonCycleMs: number;
}

/** Deals closed in [from, to): won and lost counts, won amount, and the summed creation-to-won time. */
export async function closedTotals(db: Db, s: Scope, from: number, to: number): Promise<ClosedTotals> {
  const r = await sql<{ won: number | null; lost: number | null; won_fen: number | null; cyc: number | null }>`
    select sum(case when o.status = 'won' then 1 else 0 end) as won, sum(case when o.status = 'lost' then 1 else 0 end) as lost,
      sum(case when o.status = 'won' then o.amount_fen else 0 end) as won_fen,
      sum(case when o.status = 'won' then o.closed_at - o.created_at else 0 end) as cyc
    from opportunities o where o.status in ('won', 'lost') and o.closed_at >= ${from} and o.closed_at < ${to} and ${where(s)}`.execute(db);
  const x = r.rows[0];
  return { won: Number(x?.won ?? 0), lost: Number(x?.lost ?? 0), wonFen: Number(x?.won_fen ?? 0), wonCycleMs: Number(x?.cyc ?? 0) };
}

/** Open opportunities now: count, amount, weighted amount (stage probability), distinct customers. */
export async function openTotals(db: Db, s: Scope) {
  const r = await sql<{ n: number; amount: number | null; weighted: number | null; customers: number }>`
    select count(*) as n, sum(o.amount_fen) as amount, sum(o.amount_fen * st.probability / 100.0) as weighted,
      count(distinct o.customer_id) as customers
    from opportunities o join stages st on st.id = o.stage_id
    where o.status = 'open' and ${where(s)}`.execute(db);
  const x = r.rows[0];
  return {
    count: Number(x?.n ?? 0),
    amountFen: Number(x?.amount ?? 0),
    weightedFen: Math.round(Number(x?.weighted ?? 0)),
    customers: Number(x?.customers ?? 0),
  };
}

/** Open at instant `at` (the stage visit current then, from the stage_visits read model), as totals: the as-of form of openTotals. */
export async function openTotalsAt(db: Db, s: Scope, at: number) {
  // The open stages and the deal pipelines as literals (the same sets as the subqueries they replace): with (pipeline,
  // stage) known, the visits current at `at` are ranges of the index stage_visits_at_cover (index-only, migration 431); as subqueries PostgreSQL scanned
  // every visit (3.3 s of funnel health's 3.9 s at 1 M visits).
  const open = await sql<{ id: number }>`select os.id from stages os where os.kind = 'open'`.execute(db);
  const deals = s.filters.pipeline ? null : await sql<{ id: number }>`select dp.id from pipelines dp where dp.kind = 'deal'`.execute(db);
  const stageIds = idList(open.rows.map((x) => Number(x.id)));
  const inPipelines = deals ? sql`v.pipeline_id in (${idList(deals.rows.map((x) => Number(x.id)))})` : sql`1 = 1`;
  const r = await sql<{ n: number; amount: number | null; weighted: number | null; customers: number }>`
    select count(*) as n, sum(v.amount_fen) as amount, sum(v.amount_fen * st.probability / 100.0) as weighted,
      count(distinct v.customer_id) as customers
    from stage_visits v join stages st on st.id = v.stage_id
    where st.kind = 'open' and ${inPipelines} and v.stage_id in (${stageIds}) and ${visitAt(at)} and ${visitWhere(s)}`.execute(db);
  const x = r.rows[0];
  return {
    count: Number(x?.n ?? 0),
    amountFen: Number(x?.amount ?? 0),
    weightedFen: Math.round(Number(x?.weighted ?? 0)),
    customers: Number(x?.customers ?? 0),
  };
}

/** True when the scope is the whole base: every deal pipeline, every owner, no filter (what customer_first_deals holds). */
function wholeBase(s: Scope): boolean {
  return (
    scopeOf(s.viewer) === "all" &&
    filterConditions(s.filters, { owner: "o.owner_id", customer: "o.customer_id", pipeline: "o.pipeline_id", source: "o.source", opportunity: "o.id" })
      .length === 0
  );
}

/**
 * Customers (of the viewer's visible opportunities) whose first opportunity was created in [from, to). For the whole
 * base, an index range on the customer_first_deals read model; for a narrower scope or a filter (whose first deal may
 * be a later one), those with one created in the range and none before it — a look-up per opportunity of the range,
 * found through the scope's indexes.
 */
export async function newCustomers(db: Db, s: Scope, from: number, to: number): Promise<number> {
  if (wholeBase(s)) {
    const f = await sql<{ n: number }>`select count(*) as n from customer_first_deals f where f.first_at >= ${from} and f.first_at < ${to}`.execute(db);
    return Number(f.rows[0]?.n ?? 0);
  }
  const r = await sql<{ n: number }>`
    select count(distinct o.customer_id) as n from opportunities o
    where o.created_at >= ${from} and o.created_at < ${to} and ${where(s)}
      and not exists (select 1 from opportunities p where p.customer_id = o.customer_id and p.created_at < ${from} and ${whereOn(s, "p")})`.execute(db);
  return Number(r.rows[0]?.n ?? 0);
}

export async function healthInputs(db: Db, s: Scope, from: number, to: number, now: number): Promise<HealthInputs> {
  const open = to >= now ? await openTotals(db, s) : await openTotalsAt(db, s, to);
  const closed = await closedTotals(db, s, from, to);
  return {
    customers: open.customers,
    newCustomers: await newCustomers(db, s, from, to),
    openAmountFen: open.amountFen,
    openWeightedFen: open.weightedFen,
    openCount: open.count,
    won: closed.won,
    lost: closed.lost,
    wonCycleDaysSum: closed.wonCycleMs / 86_400_000,
  };
}

/** Per source, the opportunities created in [from, to) and what became of them. */
export async function sourceRows(db: Db, s: Scope, from: number, to: number): Promise<SourceRow[]> {
  const r = await sql<{
    source: string | null;
    created: number;
    amount: number | null;
    won: number | null;
    won_fen: number | null;
    lost: number | null;
    cyc: number | null;
  }>`
    select o.source, count(*) as created, sum(o.amount_fen) as amount,
      sum(case when o.status = 'won' then 1 else 0 end) as won, sum(case when o.status = 'won' then o.amount_fen else 0 end) as won_fen,
      sum(case when o.status = 'lost' then 1 else 0 end) as lost,
      sum(case when o.status = 'won' then o.closed_at - o.created_at else 0 end) as cyc
    from opportunities o where o.created_at >= ${from} and o.created_at < ${to} and ${where(s)}
    group by o.source`.execute(db);
  return r.rows.map((x) => ({
    source: x.source,
    created: Number(x.created),
    amountFen: Number(x.amount ?? 0),
    won: Number(x.won ?? 0),
    wonFen: Number(x.won_fen ?? 0),
    lost: Number(x.lost ?? 0),
    cycleSumMs: Number(x.cyc ?? 0),
  }));
}

/** Ids behind a source line (`source:<key>`, "unknown" for none). */
export function sourceIds(s: Scope, from: number, to: number, source: string) {
  const cond = source === "unknown" ? sql`o.source is null` : sql`o.source = ${source}`;
  return sql`select o.id from opportunities o where o.created_at >= ${from} and o.created_at < ${to} and ${cond} and ${where(s)}`;
}
