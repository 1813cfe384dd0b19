/** Appends to the audit log inside the caller's transaction: who changed what, when, and how; and reads one record's history. */
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
  await db
    .insertInto("audit_log")
    .values({ actor_id: actorId, entity, entity_id: entityId, action, diff: JSON.stringify(diff), at, batch_id: batchId })
    .execute();
}

/** The fields whose values differ, as { field: [before, after] }. */
export function changes<T extends Record<string, unknown>>(before: T, patch: Partial<T>): Record<string, [unknown, unknown]> {
  const out: Record<string, [unknown, unknown]> = {};
  for (const [k, v] of Object.entries(patch)) if (v !== undefined && before[k] !== v) out[k] = [before[k], v];
  return out;
}

/** One record's audit history, newest first, with the actor's name. */
export async function auditOf(db: DbOrTx, entity: string, entityId: number, limit: number) {
  const rows = await db
    .selectFrom("audit_log as a")
    .leftJoin("users as u", "u.id", "a.actor_id")
    .select(["a.id", "a.actor_id", "u.name as actor_name", "a.action", "a.diff", "a.at"])
    .where("a.entity", "=", entity)
    .where("a.entity_id", "=", entityId)
    .orderBy("a.id", "desc")
    .limit(limit)
    .execute();
  return rows.map((r) => ({ id: r.id, actorId: r.actor_id, actorName: r.actor_name, action: r.action, diff: JSON.parse(r.diff) as unknown, at: r.at }));
}
