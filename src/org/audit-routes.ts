/** The audit viewer route: entries newest first (keyset on id), filtered by record, actor, action, batch and time, scoped to what the viewer may see. */
import { z } from "zod";
import type { App } from "../http/plugin";
import { listAudit } from "./audit-store";

export const AuditQuery = z.object({
  entity: z.string().max(40).optional(),
  entityId: z.coerce.number().int().positive().optional(),
  actor: z.coerce.number().int().positive().optional(),
  action: z.string().max(40).optional(),
  batch: z.string().max(80).optional(),
  from: z.coerce.number().int().nonnegative().optional(),
  to: z.coerce.number().int().nonnegative().optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().regex(/^\d+$/, "cursor is opaque; pass back nextCursor").optional(),
});

export async function auditRoutes(app: App): Promise<void> {
  app.get("/audit-log", { schema: { tags: ["audit"], querystring: AuditQuery } }, async (req) => listAudit(app.db, req.viewer, req.query));
}
