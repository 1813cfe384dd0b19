/** Routes of the Won policy setting (minimum first-payment share): anyone reads it, an admin changes it. */
import { requireRole } from "../access/viewer";
import type { App } from "../http/plugin";
import { saveWonPolicy, WonPolicyBody, wonPolicy } from "./won-policy-store";

export async function wonPolicyRoutes(app: App): Promise<void> {
  app.get("/settings/won", { schema: { tags: ["settings"] } }, async () => wonPolicy(app.db));
  app.put("/settings/won", { schema: { tags: ["settings"], body: WonPolicyBody } }, async (req) => {
    requireRole(req.viewer, "admin");
    await saveWonPolicy(app.db, req.viewer.id, req.body, app.now());
    return req.body;
  });
}
