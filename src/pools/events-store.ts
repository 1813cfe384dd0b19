/** The pool history (pool_events): one row per release, reclaim, claim, assignment or transfer of a customer. */
import type { DbOrTx } from "../db/tx";
import type { PoolEventKind } from "../db/schema/pools";

export interface PoolEvent {
  customerId: number;
  kind: PoolEventKind;
  /** the customer's pool; none for a transfer between owners */
  poolId?: number | null;
  from?: number | null;
  to?: number | null;
  /** the reclaim rule that fired, e.g. "no_follow_up:30" */
  rule?: string | null;
  reason?: string | null;
  /** null for the scheduled reclaim */
  actorId: number | null;
  batchId?: string | null;
  at: number;
}

export async function recordPoolEvent(db: DbOrTx, e: PoolEvent): Promise<void> {
  await db
    .insertInto("pool_events")
    .values({
      customer_id: e.customerId,
      pool_id: e.poolId ?? null,
      kind: e.kind,
      from_user_id: e.from ?? null,
      to_user_id: e.to ?? null,
      rule: e.rule ?? null,
      reason: e.reason ?? null,
      actor_id: e.actorId,
      batch_id: e.batchId ?? null,
      at: e.at,
    })
    .execute();
}
