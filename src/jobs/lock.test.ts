import { expect, test } from "vitest";
import { openDb } from "../db/connect";
import { forEachDatabase } from "../db/testing";
import { runOnce } from "./lock";

forEachDatabase("scheduled jobs run once per key across instances", (db) => {
  test("two instances racing for the same week: one runs, the other skips", async () => {
    const other = openDb(db().location);
    let runs = 0;
    const work = async () => {
      runs++;
      await new Promise((r) => setTimeout(r, 50));
      return "snapshot";
    };
    try {
      const [a, b] = await Promise.all([
        runOnce(db().db, "forecast-snapshot", "2026-W25", "host-a", Date.now, work),
        runOnce(other.db, "forecast-snapshot", "2026-W25", "host-b", Date.now, work),
      ]);
      expect(runs).toBe(1);
      expect([a.ran, b.ran].sort()).toEqual([false, true]);
      const next = await runOnce(other.db, "forecast-snapshot", "2026-W26", "host-b", Date.now, work);
      expect(next).toEqual({ ran: true, result: "snapshot" });
      const rows = await db().db.selectFrom("job_runs").select(["run_key", "status"]).orderBy("run_key").execute();
      expect(rows).toEqual([
        { run_key: "2026-W25", status: "done" },
        { run_key: "2026-W26", status: "done" },
      ]);
    } finally {
      await other.close();
    }
  });

  test("a failed run is recorded as failed with its error", async () => {
    await expect(
      runOnce(db().db, "retier", "2026-06-15", "host-a", Date.now, async () => {
        throw new Error("boom");
      }),
    ).rejects.toThrow("boom");
    const row = await db().db.selectFrom("job_runs").select(["status", "detail"]).where("job", "=", "retier").executeTakeFirstOrThrow();
    expect(row).toEqual({ status: "failed", detail: "Error: boom" });
  });
});
