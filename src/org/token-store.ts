/** API tokens' listing and revocation (creation with scope and expiry lives with sign-in, POST /auth/tokens). */
import type { Viewer } from "../access/viewer";
import { audit } from "../audit/log";
import { notFound } from "../core/errors";
import type { Db } from "../db/connect";
import { inTx } from "../db/tx";

/** The viewer's own tokens, or everyone's for an admin asking for all; newest first, at most 1000. */
export async function listTokens(db: Db, v: Viewer, all: boolean, now: number) {
  let q = db
    .selectFrom("api_tokens as t")
    .innerJoin("users as u", "u.id", "t.user_id")
    .select(["t.id", "t.user_id", "u.name as user_name", "t.name", "t.scope", "t.created_at", "t.last_used_at", "t.expires_at", "t.revoked_at"])
    .orderBy("t.id", "desc")
    .limit(1000);
  if (!(v.role === "admin" && all)) q = q.where("t.user_id", "=", v.id);
  return (await q.execute()).map((t) => ({
    id: t.id,
    userId: t.user_id,
    userName: t.user_name,
    name: t.name,
    scope: t.scope,
    createdAt: t.created_at,
    lastUsedAt: t.last_used_at,
    expiresAt: t.expires_at,
    revokedAt: t.revoked_at,
    status: t.revoked_at ? "revoked" : t.expires_at != null && t.expires_at <= now ? "expired" : "active",
  }));
}

/** Revokes a token of the viewer's own (an admin: anyone's) with its audit row in one transaction; someone else's answers 404; revoking twice is a no-op. */
export async function revokeToken(db: Db, v: Viewer, id: number, now: number): Promise<void> {
  const t = await db.selectFrom("api_tokens").select(["id", "user_id", "revoked_at"]).where("id", "=", id).executeTakeFirst();
  if (!t || (t.user_id !== v.id && v.role !== "admin")) throw notFound("token");
  if (!t.revoked_at) {
    await inTx(db, async (tx) => {
      await tx.updateTable("api_tokens").set({ revoked_at: now }).where("id", "=", t.id).execute();
      await audit(tx, v.id, "token", t.id, "revoke", { userId: t.user_id }, now);
    });
  }
}
