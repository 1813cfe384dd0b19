/** API tokens: list your own (an admin: everyone's), revoke one; creation with scope and expiry is POST /auth/tokens. */
import { z } from "zod";
import type { App } from "../http/plugin";
import { listTokens, revokeToken } from "./token-store";

export async function tokenRoutes(app: App): Promise<void> {
  app.get("/tokens", { schema: { tags: ["auth"], querystring: z.object({ all: z.enum(["0", "1"]).optional() }) } }, async (req) => ({
    items: await listTokens(app.db, req.viewer, req.query.all === "1", app.now()),
  }));

  app.delete("/tokens/:id", { schema: { tags: ["auth"], params: z.object({ id: z.coerce.number().int().positive() }) } }, async (req) => {
    await revokeToken(app.db, req.viewer, req.params.id, app.now());
    return { ok: true };
  });
}
