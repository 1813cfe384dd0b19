/** Appends to the audit log inside the caller's transaction: who changed what, when, and how. */
import type { DbOrTx } from "../db/tx";

export async function audit(
  db: DbOrTx,
  actorId: number | null,
  entity: string,
  entityId: number,
  action: string,
  diff: Record<string, unknown>,
  at: number,
  /** ties together the rows of one bulk operation (a transfer, an offboarding, a reclaim run) */
  batchId: string | null = null,
): Promise<void> {
  await db.insertInto("audit_log").values({ actor_id: actorId, entity, entity_id: entityId, action, diff: JSON.stringify(diff), at, batch_id: batchId }).execute();
}

/** The fields whose values differ, as { field: [before, after] }. */
export function changes<T extends Record<string, unknown>>(before: T, patch: Partial<T>): Record<string, [unknown, unknown]> {
  const out: Record<string, [unknown, unknown]> = {};
  for (const [k, v] of Object.entries(patch)) if (v !== undefined && before[k] !== v) out[k] = [before[k], v];
  return out;
}
