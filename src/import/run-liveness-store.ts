/**
 * Import runs left "running" by a crash: the process running an import stamps its run's heartbeat_at every
 * HEARTBEAT_MS; a run whose heartbeat is older than STALE_MS belongs to no living process and is marked failed —
 * at start and then every STALE_MS, so it works with several instances on one database. Running the same file
 * again resumes it: committed batches are matched by external id and come back unchanged.
 */
import type { Db } from "../db/connect";
import type { DbOrTx } from "../db/tx";

export const HEARTBEAT_MS = 20_000;
export const STALE_MS = 90_000;
export const INTERRUPTED_REASON =
  "interrupted: the server stopped while this import ran. Import the same file again to resume — rows already imported are matched by external id and left unchanged";

const beating = new Map<number, DbOrTx>();
let timer: NodeJS.Timeout | undefined;

async function beat(): Promise<void> {
  const now = Date.now();
  for (const [id, db] of beating)
    await db
      .updateTable("import_runs")
      .set({ heartbeat_at: now })
      .where("id", "=", id)
      .where("status", "=", "running")
      .execute()
      .catch(() => undefined);
}

/** This process runs the import: keep its heartbeat fresh until stopHeartbeat. */
export function startHeartbeat(db: DbOrTx, runId: number): void {
  beating.set(runId, db);
  if (!timer) {
    timer = setInterval(() => void beat(), HEARTBEAT_MS);
    timer.unref();
  }
}

export function stopHeartbeat(runId: number): void {
  beating.delete(runId);
  if (!beating.size && timer) {
    clearInterval(timer);
    timer = undefined;
  }
}

/** Marks failed every running import whose heartbeat (or start, before the first) is older than STALE_MS. */
export async function failInterruptedRuns(db: Db, now: number): Promise<number> {
  const errors = JSON.stringify({ errors: [{ row: 0, column: null, reason: INTERRUPTED_REASON }], errorCount: 1, warnings: [] });
  const r = await db
    .updateTable("import_runs")
    .set({ status: "failed", errors, finished_at: now })
    .where("status", "=", "running")
    .where((eb) => eb(eb.fn.coalesce("heartbeat_at", "created_at"), "<", now - STALE_MS))
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}

/** At start and every STALE_MS: the sweep above. Returns a stop function. */
export function sweepInterruptedRuns(db: Db, log: (s: string) => void, clock: () => number = Date.now): () => void {
  const sweep = async () => {
    const n = await failInterruptedRuns(db, clock()).catch(() => 0);
    if (n) log(`Marked ${n} interrupted import run(s) as failed; import the same file again to resume.`);
  };
  void sweep();
  const t = setInterval(() => void sweep(), STALE_MS);
  t.unref();
  return () => clearInterval(t);
}
