/**
 * Read model `opportunity_facts`: per opportunity, its owner and customer (the customer a later write moves it from), the activities done on it, the last one done
 * (`last_activity_at`, for the Friday view's quiet commits and the board) and the next one planned. Kept in step by
 * re-deriving the facts of the opportunities an activity or opportunity write touched.
 */
import { sql } from "kysely";
import type { DbOrTx } from "../db/tx";
import { inChunks, inRanges, keyCond, type Keys } from "./id-range";

async function fill(tx: DbOrTx, k: Keys): Promise<void> {
  await sql`delete from opportunity_facts where ${keyCond("opportunity_id", k)}`.execute(tx);
  await sql`insert into opportunity_facts (opportunity_id, owner_id, customer_id, activities, last_activity_at, next_activity_at)
    select o.id, o.owner_id, o.customer_id, count(a.done_at), max(a.done_at), min(case when a.done_at is null then a.planned_at end)
    from opportunities o left join activities a on a.opportunity_id = o.id
    where ${keyCond("o.id", k)} group by o.id, o.owner_id, o.customer_id`.execute(tx);
}

export async function refreshFacts(tx: DbOrTx, opportunityIds: Iterable<number>): Promise<void> {
  await inChunks(opportunityIds, (k) => fill(tx, k));
}

export async function rebuildFacts(db: DbOrTx, onProgress?: (done: number, total: number) => void): Promise<void> {
  await sql`delete from opportunity_facts`.execute(db);
  await inRanges(db, "opportunities", "id", 50_000, (k) => fill(db, k), onProgress);
}
