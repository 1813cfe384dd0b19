/**
 * Read model `stage_visit_months`: per (pipeline, owner, stage, month) the stage visits (src/readmodels/stage-visits.ts)
 * that began in the month — `entered`, `entered_fen` (their amounts) — and those that ended in it — `left_n`,
 * `left_fen`; the sums over every owner are held under negative owner ids, ALL_OWNER_SHARDS rows a cell (see
 * allOwnersSql). Months are cut at the zone offset recorded for the model in
 * read_model_state. Visits open in a stage at instant T = entries before T − exits before T, as a visit never ends
 * before it begins: whole months from here, the partial month from stage_visits (src/funnel/store-asof.ts).
 *
 * Kept by deltas, in the writer's transaction: every write that re-derives visits subtracts the rows it replaces and
 * adds the rows it writes (refreshVisits; the one-statement move, src/opportunities/move-store.ts and
 * src/db/move-trigger.ts, for the visits it upserts). A delta can leave a row of zeros where the rebuild writes none;
 * such rows count for nothing and the comparison with the rebuild leaves them out (rebuild.ts modelRows).
 */
import { type RawBuilder, sql } from "kysely";
import type { DbOrTx } from "../db/tx";
import { DEFAULT_OFFSET_MS } from "./customer-months";
import { inRanges, keyCond, type Keys } from "./id-range";
import { isPostgres } from "../db/dialect";
import { dayOfSql, monthOfDayFor, offsetOnce } from "./month-sql";

/** The offset this model's months are cut at, as SQL (for the move statements, which take no JS value for it). */
export const VISIT_MONTHS_OFFSET_SQL = sql`coalesce((select rs.offset_ms from read_model_state rs where rs.model = 'vmonths'), ${sql.lit(DEFAULT_OFFSET_MS)})`;

/** The same, read once. */
export async function visitMonthsOffset(db: DbOrTx): Promise<number> {
  const r = await sql<{ o: number }>`select ${VISIT_MONTHS_OFFSET_SQL} as o`.execute(db);
  return Number(r.rows[0].o);
}

/**
 * The sums over every owner, which the whole base's reports read, are not one row a cell but ALL_OWNER_SHARDS rows,
 * under owner ids −1 … −ALL_OWNER_SHARDS by the visit's opportunity: with one row, every stage move in the company
 * updated the same (pipeline, stage, month) row, and on PostgreSQL concurrent moves queued on its row lock
 * (bench/moves.ts: 115 moves/s against the bare server's 874). Readers sum `owner_id < 0`.
 */
export const ALL_OWNER_SHARDS = 16;
export const allOwnersSql = (opportunityId: string): RawBuilder<number> => sql<number>`(-1 - ${sql.raw(opportunityId)} % ${sql.lit(ALL_OWNER_SHARDS)})`;
/** The condition selecting the all-owners rows of a roll-up alias's owner column. */
export const allOwnersRows = (ownerCol: string): RawBuilder<boolean> => sql<boolean>`${sql.ref(ownerCol)} < 0`;

/**
 * The upsert adding the contributions of `rows` — a subquery with columns pipeline_id, stage_id, owner_id,
 * amount_fen, entered_at, left_at, sg and opportunity_id (+1 to add a visit, −1 to take it away) — to the model: each visit counts
 * as an entry in its first month and, once it ended, an exit in its last, under its owner and under its all-owners
 * shard. Rows are taken in key order, so concurrent writers lock shared rows (an owner's, a shard's) in one order and
 * never deadlock on them.
 */
export function visitMonthsDelta(rows: RawBuilder<unknown>, offset: RawBuilder<unknown>, postgres: boolean): RawBuilder<unknown> {
  const at = sql`(case when q.r < 2 then c.entered_at else c.left_at end)`;
  const month = monthOfDayFor(postgres)(dayOfSql(at, sql`z.off`));
  return sql`insert into stage_visit_months (pipeline_id, owner_id, stage_id, month, entered, entered_fen, left_n, left_fen)
    select d.pipeline_id, d.owner_id, d.stage_id, d.month, sum(d.en), sum(d.ef), sum(d.ln), sum(d.lf) from (
      select c.pipeline_id, case when q.r = 0 or q.r = 2 then c.owner_id else ${allOwnersSql("c.opportunity_id")} end as owner_id, c.stage_id, ${month} as month,
        case when q.r < 2 then c.sg else 0 end as en, case when q.r < 2 then c.sg * c.amount_fen else 0 end as ef,
        case when q.r < 2 then 0 else c.sg end as ln, case when q.r < 2 then 0 else c.sg * c.amount_fen end as lf
      from (${rows}) c cross join (select 0 as r union all select 1 union all select 2 union all select 3) q cross join ${offsetOnce(offset)} z
      where q.r < 2 or c.left_at is not null) d
    where true
    group by d.pipeline_id, d.owner_id, d.stage_id, d.month
    order by d.pipeline_id, d.owner_id, d.stage_id, d.month
    on conflict (pipeline_id, owner_id, stage_id, month) do update set entered = stage_visit_months.entered + excluded.entered,
      entered_fen = stage_visit_months.entered_fen + excluded.entered_fen, left_n = stage_visit_months.left_n + excluded.left_n,
      left_fen = stage_visit_months.left_fen + excluded.left_fen`;
}

/** The visits of stage_visits `v` matching `cond`, as delta rows of sign `sg`. */
export const visitRows = (cond: RawBuilder<unknown>, sg: 1 | -1): RawBuilder<unknown> =>
  sql`select v.pipeline_id, v.stage_id, v.owner_id, v.amount_fen, v.entered_at, v.left_at, ${sql.lit(sg)} as sg, v.opportunity_id from stage_visits v where ${cond}`;

/** Adds (sg 1) or takes away (sg −1) the visits of these opportunities, as they are now in stage_visits. */
export async function visitMonthsOf(tx: DbOrTx, k: Keys, sg: 1 | -1, offsetMs: number): Promise<void> {
  await visitMonthsDelta(visitRows(keyCond("v.opportunity_id", k), sg), sql.lit(offsetMs), isPostgres(tx)).execute(tx);
}

/**
 * Rebuilds a roll-up of the visits (this model or stage_visit_days) from stage_visits: empties `table`, then adds the
 * visits matching `cond` through `delta`, 200,000 visit ids at a time.
 */
export async function rebuildFromVisits(
  db: DbOrTx,
  table: "stage_visit_months" | "stage_visit_days",
  delta: (rows: RawBuilder<unknown>, offset: RawBuilder<unknown>, postgres: boolean) => RawBuilder<unknown>,
  cond: RawBuilder<unknown> | null,
  offsetMs: number,
  onProgress?: (done: number, total: number) => void,
): Promise<void> {
  await sql`delete from ${sql.table(table)}`.execute(db);
  await inRanges(
    db,
    "stage_visits",
    "id",
    200_000,
    (k) =>
      delta(visitRows(cond ? sql`${keyCond("v.id", k)} and ${cond}` : keyCond("v.id", k), 1), sql.lit(offsetMs), isPostgres(db))
        .execute(db)
        .then(() => {}),
    onProgress,
  );
}
