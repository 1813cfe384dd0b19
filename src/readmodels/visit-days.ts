/**
 * Read model `stage_visit_days`: per (pipeline, owner, stage, month the visit ended, whole days it lasted) the ended
 * stage visits (src/readmodels/stage-visits.ts) — `n` and `sum_ms` (their summed durations); the sums over every owner
 * are under negative owner ids (ALL_OWNERS_DAYS, DAY_DELTA_SHARDS), which readers find as the month roll-up's, `owner_id < 0`.
 * Months are cut at the offset of the month roll-up (src/readmodels/visit-months.ts). Cycle time's and
 * the stall thresholds' duration histograms read whole months from here, a range's partial months from stage_visits
 * (src/funnel/store-cycle-days.ts). Kept by the same deltas as the month roll-up, at the same places; rows of zeros
 * left by a delta count for nothing.
 */
import { type RawBuilder, sql } from "kysely";
import type { DbOrTx } from "../db/tx";
import { keyCond, type Keys } from "./id-range";
import { isPostgres } from "../db/dialect";
import { dayOfSql, monthOfDayFor, offsetOnce } from "./month-sql";
import { visitRows } from "./visit-months";

/**
 * The owner id of the all-owners row the rebuild writes: one row a cell, so the whole base's cycle time and stall
 * histograms read one row a cell for every month built (migration 430; the 16 shard rows of migration 381 made them
 * read 16).
 */
export const ALL_OWNERS_DAYS = -1;

/**
 * Live writes (moves, refreshVisits) add their all-owners delta under one of DAY_DELTA_SHARDS rows a cell, owner ids
 * −2 … −(1 + DAY_DELTA_SHARDS) by the visit's opportunity, not to the rebuild's row: moves that end visits of the same
 * length in the same (pipeline, stage, month) — every same-day move, the commonest case — met on one row, and on
 * PostgreSQL concurrent moves queued on its lock (bench/moves.ts, 2026-12-03: both servers +40 % moves/s with the delta
 * sharded). A cell holds at most 1 + DAY_DELTA_SHARDS rows, the extra ones only for cells written since the last
 * rebuild, which folds them into ALL_OWNERS_DAYS; readers sum `owner_id < 0` (allOwnersRows) either way, and the
 * comparison with the rebuild folds them too (rebuild.ts, TABLE_OF.vdays). The upsert takes its rows in key order, as
 * the month roll-up's does, so two moves sharing an owner row and a shard row lock them in the same order (without
 * it, 2 of ~11,000 concurrent moves deadlocked on PostgreSQL in bench/moves.ts).
 */
export const DAY_DELTA_SHARDS = 16;
const liveAllOwners = sql`(-2 - c.opportunity_id % ${sql.lit(DAY_DELTA_SHARDS)})`;

/** The upsert adding the ended visits among `rows` (visitRows' columns and sign) to the model, under their owner and an all-owners delta shard (live writes). */
export function visitDaysDelta(rows: RawBuilder<unknown>, offset: RawBuilder<unknown>, postgres: boolean): RawBuilder<unknown> {
  return daysDelta(rows, offset, postgres, liveAllOwners);
}

/** The same under the one all-owners row ALL_OWNERS_DAYS (the rebuild). */
export function visitDaysRebuildDelta(rows: RawBuilder<unknown>, offset: RawBuilder<unknown>, postgres: boolean): RawBuilder<unknown> {
  return daysDelta(rows, offset, postgres, sql.lit(ALL_OWNERS_DAYS));
}

function daysDelta(rows: RawBuilder<unknown>, offset: RawBuilder<unknown>, postgres: boolean, allOwners: RawBuilder<unknown>): RawBuilder<unknown> {
  const month = monthOfDayFor(postgres)(dayOfSql(sql`c.left_at`, sql`z.off`));
  return sql`insert into stage_visit_days (pipeline_id, owner_id, stage_id, month, days, n, sum_ms)
    select d.pipeline_id, d.owner_id, d.stage_id, d.month, d.days, sum(d.sg), sum(d.ms) from (
      select c.pipeline_id, case when q.r = 0 then c.owner_id else ${allOwners} end as owner_id, c.stage_id, ${month} as month,
        (c.left_at - c.entered_at) / 86400000 as days, c.sg, c.sg * (c.left_at - c.entered_at) as ms
      from (${rows}) c cross join (select 0 as r union all select 1) q cross join ${offsetOnce(offset)} z
      where c.left_at is not null) d
    where true
    group by d.pipeline_id, d.owner_id, d.stage_id, d.month, d.days
    order by d.pipeline_id, d.owner_id, d.stage_id, d.month, d.days
    on conflict (pipeline_id, owner_id, stage_id, month, days) do update set n = stage_visit_days.n + excluded.n,
      sum_ms = stage_visit_days.sum_ms + excluded.sum_ms`;
}

/** Adds (sg 1) or takes away (sg −1) the ended visits of these opportunities, as they are now in stage_visits. */
export async function visitDaysOf(tx: DbOrTx, k: Keys, sg: 1 | -1, offsetMs: number): Promise<void> {
  await visitDaysDelta(visitRows(keyCond("v.opportunity_id", k), sg), sql.lit(offsetMs), isPostgres(tx)).execute(tx);
}
