/** The Won policy setting (minimum first-payment share), stored in `settings` under "cash.won_policy", and its routes. */
import { z } from "zod";
import { audit } from "../audit/log";
import type { DbOrTx } from "../db/tx";
import { inTx } from "../db/tx";
import { requireRole } from "../access/viewer";
import type { App } from "../http/plugin";
import { DEFAULT_WON_POLICY, type WonPolicy } from "./won-contract";

const KEY = "cash.won_policy";
const Policy = z.object({ minFirstPaymentShare: z.number().min(0).max(1) });

export async function wonPolicy(db: DbOrTx): Promise<WonPolicy> {
  const r = await db.selectFrom("settings").select("value").where("key", "=", KEY).executeTakeFirst();
  if (!r) return DEFAULT_WON_POLICY;
  let stored: unknown = null;
  try { stored = JSON.parse(r.value); } catch { /* a damaged row falls back to the default */ }
  const parsed = Policy.safeParse(stored);
  return parsed.success ? parsed.data : DEFAULT_WON_POLICY;
}

export async function wonPolicyRoutes(app: App): Promise<void> {
  app.get("/settings/won", { schema: { tags: ["settings"] } }, async () => wonPolicy(app.db));
  app.put("/settings/won", { schema: { tags: ["settings"], body: Policy } }, async (req) => {
    const viewer = req.viewer;
    requireRole(viewer, "admin");
    const now = app.now();
    await inTx(app.db, async (tx) => {
      const before = await wonPolicy(tx);
      await tx.deleteFrom("settings").where("key", "=", KEY).execute();
      await tx.insertInto("settings").values({ key: KEY, value: JSON.stringify(req.body), updated_at: now }).execute();
      await audit(tx, viewer.id, "setting", 0, "update", { [KEY]: [before, req.body] }, now);
    });
    return req.body;
  });
}
