/**
 * Read model `stage_visit_days`: per (pipeline, owner, stage, month the visit ended, whole days it lasted) the ended
 * stage visits (src/readmodels/stage-visits.ts) — `n` and `sum_ms` (their summed durations); the sums over every owner
 * are one row a cell under owner id −1 (ALL_OWNERS_DAYS), which readers find as the month roll-up's, `owner_id < 0`.
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
 * The owner id of the all-owners rows. Not sharded as the month roll-up's (allOwnersSql): a cell here is already one
 * whole-day duration of a (pipeline, stage, month), so two concurrent moves meet on a row only when the visits they end
 * lasted the same number of days — at enterprise scale a few hundred durations a cell, rarer than one shard in 16 —
 * while 16 shard rows made the whole base's cycle time and stall histograms read 16 rows a cell (migration 430).
 */
export const ALL_OWNERS_DAYS = -1;

/** The upsert adding the ended visits among `rows` (visitRows' columns and sign) to the model, under their owner and the all-owners row. */
export function visitDaysDelta(rows: RawBuilder<unknown>, offset: RawBuilder<unknown>, postgres: boolean): RawBuilder<unknown> {
  const month = monthOfDayFor(postgres)(dayOfSql(sql`c.left_at`, sql`z.off`));
  return sql`insert into stage_visit_days (pipeline_id, owner_id, stage_id, month, days, n, sum_ms)
    select d.pipeline_id, d.owner_id, d.stage_id, d.month, d.days, sum(d.sg), sum(d.ms) from (
      select c.pipeline_id, case when q.r = 0 then c.owner_id else ${sql.lit(ALL_OWNERS_DAYS)} end as owner_id, c.stage_id, ${month} as month,
        (c.left_at - c.entered_at) / 86400000 as days, c.sg, c.sg * (c.left_at - c.entered_at) as ms
      from (${rows}) c cross join (select 0 as r union all select 1) q cross join ${offsetOnce(offset)} z
      where c.left_at is not null) d
    where true
    group by d.pipeline_id, d.owner_id, d.stage_id, d.month, d.days
    on conflict (pipeline_id, owner_id, stage_id, month, days) do update set n = stage_visit_days.n + excluded.n,
      sum_ms = stage_visit_days.sum_ms + excluded.sum_ms`;
}

/** Adds (sg 1) or takes away (sg −1) the ended visits of these opportunities, as they are now in stage_visits. */
export async function visitDaysOf(tx: DbOrTx, k: Keys, sg: 1 | -1, offsetMs: number): Promise<void> {
  await visitDaysDelta(visitRows(keyCond("v.opportunity_id", k), sg), sql.lit(offsetMs), isPostgres(tx)).execute(tx);
}
