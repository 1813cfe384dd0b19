/**
 * Read model `stage_visits`: one row per stage an opportunity entered (every stage event except `stay`), with the
 * opportunity's pipeline, owner, owner's team, customer, source and amount, when it entered, when and how it left.
 * "Stage at instant T" is `entered_at < T and (left_at is null or left_at >= T)`. Kept in step by re-deriving the
 * visits of the opportunities a write touched, in the writer's transaction, with their month roll-ups
 * (src/readmodels/visit-months.ts, src/readmodels/visit-days.ts).
 */
import { sql } from "kysely";
import type { DbOrTx } from "../db/tx";
import { inChunks, inRanges, keyCond, type Keys } from "./id-range";
import { visitDaysOf } from "./visit-days";
import { visitMonthsOf, visitMonthsOffset } from "./visit-months";

async function fill(tx: DbOrTx, k: Keys, offsetMs: number): Promise<void> {
  // the month roll-up (visit-months.ts) loses the visits replaced here and gains those written
  await visitMonthsOf(tx, k, -1, offsetMs);
  await visitDaysOf(tx, k, -1, offsetMs);
  await sql`delete from stage_visits where ${keyCond("opportunity_id", k)}`.execute(tx);
  await sql`insert into stage_visits (id, opportunity_id, pipeline_id, stage_id, from_stage_id, enter_kind, owner_id, team_id, customer_id, source, amount_fen, entered_at, left_at, left_kind)
    select x.id, x.opportunity_id, o.pipeline_id, x.to_stage_id, x.from_stage_id, x.kind, o.owner_id, u.team_id, o.customer_id, o.source, o.amount_fen, x.at, x.left_at, x.left_kind
    from (select e.id, e.opportunity_id, e.to_stage_id, e.from_stage_id, e.kind, e.at,
            lead(e.at) over (partition by e.opportunity_id order by e.at, e.id) as left_at,
            lead(e.kind) over (partition by e.opportunity_id order by e.at, e.id) as left_kind
          from stage_events e where e.kind <> 'stay' and ${keyCond("e.opportunity_id", k)}) x
    join opportunities o on o.id = x.opportunity_id left join users u on u.id = o.owner_id`.execute(tx);
  await visitMonthsOf(tx, k, 1, offsetMs);
  await visitDaysOf(tx, k, 1, offsetMs);
}

/** Re-derives the visits of these opportunities (after a create, move, reopen, edit, import or delete). */
export async function refreshVisits(tx: DbOrTx, opportunityIds: Iterable<number>): Promise<void> {
  const ids = [...opportunityIds];
  if (!ids.length) return;
  const off = await visitMonthsOffset(tx);
  await inChunks(ids, (k) => fill(tx, k, off));
}

/** A user's team changed: their visits carry the new team. */
export async function refreshVisitTeam(tx: DbOrTx, userId: number): Promise<void> {
  await sql`update stage_visits set team_id = (select u.team_id from users u where u.id = ${userId}) where owner_id = ${userId}`.execute(tx);
}

export async function rebuildVisits(db: DbOrTx, onProgress?: (done: number, total: number) => void): Promise<void> {
  // the month roll-ups are derived from the visits: rebuilt with them (and on their own, rebuildFromVisits)
  const off = await visitMonthsOffset(db);
  await sql`delete from stage_visits`.execute(db);
  await sql`delete from stage_visit_months`.execute(db);
  await sql`delete from stage_visit_days`.execute(db);
  await inRanges(db, "opportunities", "id", 20_000, (k) => fill(db, k, off), onProgress);
}
