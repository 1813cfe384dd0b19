/** The audit viewer: entries newest first (keyset on id), filtered by record, actor, action, batch and time, scoped to what the viewer may see. */
import { sql, type SqlBool } from "kysely";
import { z } from "zod";
import type { App } from "../http/plugin";
import { auditRowsVisible } from "../audit/rows-visible";

export const AuditQuery = z.object({
  entity: z.string().max(40).optional(), entityId: z.coerce.number().int().positive().optional(), actor: z.coerce.number().int().positive().optional(),
  action: z.string().max(40).optional(), batch: z.string().max(80).optional(),
  from: z.coerce.number().int().nonnegative().optional(), to: z.coerce.number().int().nonnegative().optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50), cursor: z.string().regex(/^\d+$/, "cursor is opaque; pass back nextCursor").optional(),
});

export async function auditRoutes(app: App): Promise<void> {
  app.get("/audit-log", { schema: { tags: ["audit"], querystring: AuditQuery } }, async (req) => {
    const f = req.query;
    let q = app.db.selectFrom("audit_log as a").leftJoin("users as u", "u.id", "a.actor_id")
      .select(["a.id", "a.actor_id", "u.name as actor_name", "a.entity", "a.entity_id", "a.action", "a.diff", "a.at", "a.batch_id"])
      .where(auditRowsVisible(req.viewer));
    if (f.entity) q = q.where("a.entity", "=", f.entity);
    if (f.entityId) q = q.where("a.entity_id", "=", f.entityId);
    if (f.actor) q = q.where("a.actor_id", "=", f.actor);
    if (f.action) q = q.where("a.action", "=", f.action);
    if (f.batch) q = q.where("a.batch_id", "=", f.batch);
    if (f.from != null) q = q.where("a.at", ">=", f.from);
    if (f.to != null) q = q.where("a.at", "<", f.to);
    if (f.cursor) q = q.where(sql<SqlBool>`a.id < ${Number(f.cursor)}`);
    const rows = await q.orderBy("a.id", "desc").limit(f.limit + 1).execute();
    const items = rows.slice(0, f.limit).map((r) => ({
      id: r.id, actorId: r.actor_id, actorName: r.actor_name, entity: r.entity, entityId: r.entity_id, action: r.action,
      diff: safeJson(r.diff), at: r.at, batchId: r.batch_id,
    }));
    return { items, nextCursor: rows.length > f.limit ? String(items[items.length - 1].id) : null };
  });
}

const safeJson = (s: string): unknown => { try { return JSON.parse(s); } catch { return s; } };
