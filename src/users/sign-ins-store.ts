/** Ending a user's sign-ins: after a password change or reset every other session and every API token stops working. */
import type { DbOrTx } from "../db/tx";

export interface Keep {
  sessionHash?: string;
  tokenId?: number;
}

/** Deletes the user's sessions and revokes their tokens, except the one the current request came with. */
export async function endOtherSignIns(db: DbOrTx, userId: number, now: number, keep: Keep = {}): Promise<void> {
  let s = db.deleteFrom("sessions").where("user_id", "=", userId);
  if (keep.sessionHash) s = s.where("id", "<>", keep.sessionHash);
  await s.execute();
  let t = db.updateTable("api_tokens").set({ revoked_at: now }).where("user_id", "=", userId).where("revoked_at", "is", null);
  if (keep.tokenId != null) t = t.where("id", "<>", keep.tokenId);
  await t.execute();
}
