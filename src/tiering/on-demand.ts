/**
 * Tiers on demand: the re-tiering job run by hand (API and CLI), and run once on first need, so tier filters
 * work before the first night. Concurrent first needs in one process share one run.
 */
import type { Command } from "commander";
import { openForCli } from "../cli/context";
import type { Db } from "../db/connect";
import { requireRole } from "../http/access";
import { type App, viewerOf } from "../http/app";
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
  app.addHook("preHandler", async (req) => {
    const q = req.query as { tier?: unknown } | undefined;
    if (q && typeof q.tier === "string" && q.tier) await ensureTiers(app.db, app.now(), app.config.TZ_ORG);
  });
  app.post("/tiering/retier", { schema: { tags: ["reports"] } }, async (req) => {
    requireRole(viewerOf(req), "admin", "manager");
    const started = app.now();
    const changed = await retierNow(app.db, started, app.config.TZ_ORG);
    return { computedAt: started, changed };
  });
}

/** `jindou retier`: re-evaluates every customer's tiers and priority now, as the nightly job does. */
export function retierCommand(program: Command): void {
  program.command("retier").description("re-evaluate every customer's tiers and priority now (the nightly job, on demand)")
    .option("--database <url>").action(async (o: { database?: string }) => {
      const { handle, config } = await openForCli(o.database);
      try {
        const changed = await retier(handle.db, Date.now(), config.TZ_ORG);
        console.log(`tiers re-evaluated: ${Object.entries(changed).map(([k, v]) => `${k} ${v} changed`).join(", ")}`);
      } finally { await handle.close(); }
    });
}
