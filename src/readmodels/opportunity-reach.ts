/**
 * Read model `opportunity_reach`: per opportunity its pipeline, owner, customer, source, status, creation instant and
 * the set of stages it ever entered (the `to_stage_id` of every stage event but `stay`), written `,12,13,15,` (ascending
 * ids between commas; null without events). The conversion cohort groups the period's rows by (stages, status) and
 * reads each set's furthest rank off the ladder. Kept in step by re-deriving the touched opportunities' rows
 * (opportunitiesChanged) and, on a stage move, by the move's own statement (src/opportunities/move-store.ts,
 * src/db/move-trigger.ts), which sets the status and the stage set from the same expression.
 */
import { sql } from "kysely";
import type { DbOrTx } from "../db/tx";
import { inChunks, inRanges, keyCond, type Keys } from "./id-range";

/**
 * The stage set of the rows `z.s` (distinct stage ids) as one text: the same on both engines (SQLite ≥ 3.44 has
 * `string_agg` with an ordered aggregate), so a move's statement and a rebuild write identical values.
 */
export const STAGE_SET = "',' || string_agg(cast(z.s as text), ',' order by z.s) || ','";

async function fill(tx: DbOrTx, k: Keys): Promise<void> {
  await sql`delete from opportunity_reach where ${keyCond("opportunity_id", k)}`.execute(tx);
  await sql`insert into opportunity_reach (opportunity_id, pipeline_id, owner_id, customer_id, source, status, created_at, stages)
    select o.id, o.pipeline_id, o.owner_id, o.customer_id, o.source, o.status, o.created_at, ${sql.raw(STAGE_SET)}
    from opportunities o
      left join (select distinct e.opportunity_id, e.to_stage_id as s from stage_events e where e.kind <> 'stay' and ${keyCond("e.opportunity_id", k)}) z
        on z.opportunity_id = o.id
    where ${keyCond("o.id", k)}
    group by o.id, o.pipeline_id, o.owner_id, o.customer_id, o.source, o.status, o.created_at`.execute(tx);
}

/** Re-derives the rows of these opportunities (after a create, edit, import, history import, transfer, merge or delete). */
export async function refreshReach(tx: DbOrTx, opportunityIds: Iterable<number>): Promise<void> {
  await inChunks(opportunityIds, (k) => fill(tx, k));
}

export async function rebuildReach(db: DbOrTx, onProgress?: (done: number, total: number) => void): Promise<void> {
  await sql`delete from opportunity_reach`.execute(db);
  await inRanges(db, "opportunities", "id", 50_000, (k) => fill(db, k), onProgress);
}

/** The ids of a stage set text (`,12,13,` → [12, 13]; null → []). */
export function stageSetIds(stages: string | null): number[] {
  return stages ? stages.split(",").filter(Boolean).map(Number) : [];
}
