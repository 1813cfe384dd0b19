/**
 * Building a read model once when several processes start on one database (two servers, or a server and
 * `jindou rebuild`): each build runs in a transaction that first takes the model's lock — a PostgreSQL advisory lock
 * per model, the write lock on SQLite — so a second builder waits for the first to commit, then finds the model
 * current and builds nothing (or, for an explicit rebuild, rebuilds after it rather than beside it).
 */
import { sql } from "kysely";
import { lockUntilCommit } from "../db/advisory-lock";
import type { Db } from "../db/connect";
import { isPostgres } from "../db/dialect";
import type { Tx } from "../db/tx";
import { type ModelName, rebuild, staleModels } from "./rebuild";

/** How long a SQLite builder keeps asking for the write lock while another process builds (each ask waits busy_timeout). */
const SQLITE_WAIT_MS = 30 * 60_000;

const isBusy = (e: unknown): boolean => typeof (e as { code?: unknown })?.code === "string" && (e as { code: string }).code.startsWith("SQLITE_BUSY");

/** Runs `work` in a transaction holding `model`'s build lock. */
export async function withModelLock<T>(db: Db, model: ModelName, work: (tx: Tx) => Promise<T>): Promise<T> {
  if (isPostgres(db))
    return db.transaction().execute(async (tx) => {
      await lockUntilCommit(tx, `readmodel:${model}`);
      return work(tx);
    });
  const until = Date.now() + SQLITE_WAIT_MS;
  for (;;) {
    try {
      return await db.transaction().execute(async (tx) => {
        // a write that matches nothing takes SQLite's one write lock before anything is read, so the staleness
        // seen next is the committed state after any other builder (and no read snapshot can go stale)
        await sql`update read_model_state set built_at = built_at where 1 = 0`.execute(tx);
        return work(tx);
      });
    } catch (e) {
      if (!isBusy(e) || Date.now() > until) throw e;
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

export interface BuildHooks {
  /** called with the lock held, just before a stale model is built */
  onStart?: (model: ModelName) => void | Promise<void>;
  /** called as the build goes: `done` of `total` units (rows or id ranges, as rebuild.ts reports them) */
  onProgress?: (model: ModelName, done: number, total: number) => void;
  onBuilt?: (model: ModelName, rows: number, ms: number) => void;
}

/**
 * Builds every model that is stale (never built, or cut at another zone offset), each under its lock and only if it
 * is still stale once the lock is held. Returns the models this call built.
 */
export async function buildStaleModels(db: Db, tz: string, now: number, hooks: BuildHooks = {}): Promise<ModelName[]> {
  const built: ModelName[] = [];
  for (const m of await staleModels(db, tz, now)) {
    const rows = await withModelLock(db, m, async (tx) => {
      if (!(await staleModels(tx, tz, now)).includes(m)) return null;
      await hooks.onStart?.(m);
      const started = performance.now();
      const n = await rebuild(tx, m, { tz, now, onProgress: hooks.onProgress });
      hooks.onBuilt?.(m, n, performance.now() - started);
      return n;
    });
    if (rows !== null) built.push(m);
  }
  return built;
}
