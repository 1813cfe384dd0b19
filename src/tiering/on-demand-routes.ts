/**
 * Tiers on demand: the re-tiering job run by hand (API and CLI), and run once on first need, so tier filters
 * work before the first night. Concurrent first needs in one process share one run.
 */
import type { Db } from "../db/connect";
import { requireRole } from "../access/viewer";
import type { App } from "../http/plugin";
import { retier } from "./retier";
import { hasTiers } from "./store";

const running = new WeakMap<Db, Promise<Record<string, number>>>();

/** Runs the re-tiering now (one run at a time per database handle in this process). */
export function retierNow(db: Db, now: number, tz: string): Promise<Record<string, number>> {
  let p = running.get(db);
  if (!p) {
    p = retier(db, now, tz).finally(() => running.delete(db));
    running.set(db, p);
  }
  return p;
}

/** Computes the tiers if none has ever been computed. */
export async function ensureTiers(db: Db, now: number, tz: string): Promise<void> {
  if (!(await hasTiers(db))) await retierNow(db, now, tz);
}

/** Routes: POST /tiering/retier (admin, manager), and the hook that tiers on first use of a `tier` filter. */
export async function tierOnDemandRoutes(app: App): Promise<void> {
  // Synchronous unless the request filters by tier: every other /api/v1 request passes without a promise.
  app.addHook("preHandler", (req, _reply, done) => {
    const q = req.query as { tier?: unknown } | undefined;
    if (!q || typeof q.tier !== "string" || !q.tier) return done();
    ensureTiers(app.db, app.now(), app.config.TZ_ORG).then(() => done(), done);
  });
  app.post("/tiering/retier", { schema: { tags: ["reports"] } }, async (req) => {
    requireRole(req.viewer, "admin", "manager");
    const started = app.now();
    const changed = await retierNow(app.db, started, app.config.TZ_ORG);
    return { computedAt: started, changed };
  });
}
