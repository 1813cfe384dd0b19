/** API tokens: list your own (an admin: everyone's), revoke one; creation with scope and expiry is POST /auth/tokens. */
import { z } from "zod";
import { audit } from "../audit/log";
import { notFound } from "../core/errors";
import type { App } from "../http/plugin";

export async function tokenRoutes(app: App): Promise<void> {
  app.get("/tokens", { schema: { tags: ["auth"], querystring: z.object({ all: z.enum(["0", "1"]).optional() }) } }, async (req) => {
    const v = req.viewer;
    let q = app.db.selectFrom("api_tokens as t").innerJoin("users as u", "u.id", "t.user_id")
      .select(["t.id", "t.user_id", "u.name as user_name", "t.name", "t.scope", "t.created_at", "t.last_used_at", "t.expires_at", "t.revoked_at"]).orderBy("t.id", "desc").limit(1000);
    if (!(v.role === "admin" && req.query.all === "1")) q = q.where("t.user_id", "=", v.id);
    const now = app.now();
    return {
      items: (await q.execute()).map((t) => ({
        id: t.id, userId: t.user_id, userName: t.user_name, name: t.name, scope: t.scope, createdAt: t.created_at, lastUsedAt: t.last_used_at,
        expiresAt: t.expires_at, revokedAt: t.revoked_at, status: t.revoked_at ? "revoked" : t.expires_at != null && t.expires_at <= now ? "expired" : "active",
      })),
    };
  });

  app.delete("/tokens/:id", { schema: { tags: ["auth"], params: z.object({ id: z.coerce.number().int().positive() }) } }, async (req) => {
    const v = req.viewer;
    const t = await app.db.selectFrom("api_tokens").select(["id", "user_id", "revoked_at"]).where("id", "=", req.params.id).executeTakeFirst();
    if (!t || (t.user_id !== v.id && v.role !== "admin")) throw notFound("token");
    if (!t.revoked_at) {
      await app.db.updateTable("api_tokens").set({ revoked_at: app.now() }).where("id", "=", t.id).execute();
      await audit(app.db, v.id, "token", t.id, "revoke", { userId: t.user_id }, app.now());
    }
    return { ok: true };
  });
}
