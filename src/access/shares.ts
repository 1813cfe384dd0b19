/**
 * Sharing one record (record_shares) with a user or a whole department, read-only or read-write, optionally until a
 * time: the owner, a manager or an admin may share. Sharing again with the same target replaces access and expiry.
 */
import { z } from "zod";
import { audit } from "../audit/log";
import { AppError } from "../core/errors";
import type { Db } from "../db/connect";
import { inTx } from "../db/tx";
import type { Viewer } from "./viewer";

export const ShareBody = z
  .object({
    userId: z.number().int().positive().optional(),
    departmentId: z.number().int().positive().optional(),
    access: z.enum(["read", "write"]).default("write"),
    expiresAt: z.number().int().positive().nullable().optional(),
  })
  .refine((b) => (b.userId == null) !== (b.departmentId == null), { message: "give exactly one of userId or departmentId", path: ["userId"] });
export type ShareTarget = z.infer<typeof ShareBody>;

export async function shareRecord(
  db: Db,
  viewer: Viewer,
  entity: "customer" | "opportunity",
  record: { id: number; ownerId: number | null },
  target: ShareTarget | number,
  now: number,
): Promise<void> {
  const t: ShareTarget = typeof target === "number" ? { userId: target, access: "write" } : target;
  if (viewer.role === "rep" && record.ownerId !== viewer.id) throw new AppError("FORBIDDEN", `only the owner, a manager or an admin can share this ${entity}`);
  if (t.userId != null && !(await db.selectFrom("users").select("id").where("id", "=", t.userId).executeTakeFirst()))
    throw new AppError("INVALID", "userId is not a user", "userId");
  if (t.departmentId != null && !(await db.selectFrom("departments").select("id").where("id", "=", t.departmentId).executeTakeFirst()))
    throw new AppError("INVALID", "departmentId is not a department", "departmentId");
  if (t.expiresAt != null && t.expiresAt <= now) throw new AppError("INVALID", "expiresAt must be in the future", "expiresAt");
  await inTx(db, async (tx) => {
    let q = tx.deleteFrom("record_shares").where("entity", "=", entity).where("entity_id", "=", record.id);
    q = t.userId != null ? q.where("user_id", "=", t.userId) : q.where("department_id", "=", t.departmentId!);
    await q.execute();
    await tx
      .insertInto("record_shares")
      .values({
        entity,
        entity_id: record.id,
        user_id: t.userId ?? null,
        department_id: t.departmentId ?? null,
        access: t.access,
        expires_at: t.expiresAt ?? null,
        created_by: viewer.id,
        created_at: now,
      })
      .execute();
    await audit(tx, viewer.id, entity, record.id, "share", { ...t }, now);
  });
}
