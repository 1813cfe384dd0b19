/** The audit viewer's query: entries newest first (keyset on id), filtered by record, actor, action, batch and time, scoped to the viewer. */
import { sql, type SqlBool } from "kysely";
import type { Viewer } from "../access/viewer";
import { auditRowsVisible } from "../audit/rows-visible";
import type { DbOrTx } from "../db/tx";

export interface AuditFilter {
  entity?: string;
  entityId?: number;
  actor?: number;
  action?: string;
  batch?: string;
  from?: number;
  to?: number;
  limit: number;
  cursor?: string;
}

/** One page of audit entries the viewer may see, with the cursor for the next page (null on the last). */
export async function listAudit(db: DbOrTx, viewer: Viewer, f: AuditFilter) {
  let q = db
    .selectFrom("audit_log as a")
    .leftJoin("users as u", "u.id", "a.actor_id")
    .select(["a.id", "a.actor_id", "u.name as actor_name", "a.entity", "a.entity_id", "a.action", "a.diff", "a.at", "a.batch_id"])
    .where(auditRowsVisible(viewer));
  if (f.entity) q = q.where("a.entity", "=", f.entity);
  if (f.entityId) q = q.where("a.entity_id", "=", f.entityId);
  if (f.actor) q = q.where("a.actor_id", "=", f.actor);
  if (f.action) q = q.where("a.action", "=", f.action);
  if (f.batch) q = q.where("a.batch_id", "=", f.batch);
  if (f.from != null) q = q.where("a.at", ">=", f.from);
  if (f.to != null) q = q.where("a.at", "<", f.to);
  if (f.cursor) q = q.where(sql<SqlBool>`a.id < ${Number(f.cursor)}`);
  const rows = await q
    .orderBy("a.id", "desc")
    .limit(f.limit + 1)
    .execute();
  const items = rows.slice(0, f.limit).map((r) => ({
    id: r.id,
    actorId: r.actor_id,
    actorName: r.actor_name,
    entity: r.entity,
    entityId: r.entity_id,
    action: r.action,
    diff: safeJson(r.diff),
    at: r.at,
    batchId: r.batch_id,
  }));
  return { items, nextCursor: rows.length > f.limit ? String(items[items.length - 1].id) : null };
}

const safeJson = (s: string): unknown => {
  try {
    return JSON.parse(s);
  } catch {
    return s;
  }
};
