/**
 * Runs a job once per run key across every instance sharing the database: a PostgreSQL advisory lock
 * serialises the claim, and the unique (job, run_key) row in job_runs makes a second claim fail on both engines.
 */
import type { Db } from "../db/connect";
import { lockUntilCommit } from "../db/advisory-lock";
import { isPostgres } from "../db/dialect";

export type RunOutcome<T> = { ran: true; result: T } | { ran: false; reason: "already-ran" };

export async function runOnce<T>(db: Db, job: string, runKey: string, instance: string, now: () => number, work: () => Promise<T>): Promise<RunOutcome<T>> {
  // One statement claims the run: the unique (job, run_key) row lets exactly one instance insert it.
  const claim = (conn: Db | import("../db/tx").Tx) =>
    conn
      .insertInto("job_runs")
      .values({ job, run_key: runKey, instance, started_at: now(), finished_at: null, status: "running", detail: null })
      .onConflict((oc) => oc.columns(["job", "run_key"]).doNothing())
      .returning("id")
      .executeTakeFirst();
  const claimed = isPostgres(db)
    ? await db.transaction().execute(async (tx) => {
        await lockUntilCommit(tx, `${job}:${runKey}`);
        return (await claim(tx))?.id;
      })
    : (await claim(db))?.id;
  if (claimed == null) return { ran: false, reason: "already-ran" };
  try {
    const result = await work();
    await db.updateTable("job_runs").set({ finished_at: now(), status: "done" }).where("id", "=", claimed).execute();
    return { ran: true, result };
  } catch (err) {
    await db
      .updateTable("job_runs")
      .set({ finished_at: now(), status: "failed", detail: String(err) })
      .where("id", "=", claimed)
      .execute();
    throw err;
  }
}
