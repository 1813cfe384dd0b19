/** Sharing one record with another user (record_shares): the owner, a manager or an admin may share. */
import { audit } from "../audit/log";
import { AppError } from "../core/errors";
import type { Db } from "../db/connect";
import { inTx } from "../db/tx";
import type { Viewer } from "./viewer";

export async function shareRecord(
  db: Db,
  viewer: Viewer,
  entity: "customer" | "opportunity",
  record: { id: number; ownerId: number },
  userId: number,
  now: number,
): Promise<void> {
  if (viewer.role === "rep" && record.ownerId !== viewer.id) throw new AppError("FORBIDDEN", `only the owner, a manager or an admin can share this ${entity}`);
  if (!(await db.selectFrom("users").select("id").where("id", "=", userId).executeTakeFirst())) throw new AppError("INVALID", "userId is not a user", "userId");
  await inTx(db, async (tx) => {
    const has = await tx
      .selectFrom("record_shares")
      .select("id")
      .where("entity", "=", entity)
      .where("entity_id", "=", record.id)
      .where("user_id", "=", userId)
      .executeTakeFirst();
    if (!has) await tx.insertInto("record_shares").values({ entity, entity_id: record.id, user_id: userId, created_at: now }).execute();
    await audit(tx, viewer.id, entity, record.id, "share", { userId }, now);
  });
}
