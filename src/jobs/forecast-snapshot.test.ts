import { describe, expect, inject, test } from "vitest";
import { openDb } from "../db/connect";
import { createTestDb } from "../db/testing";
import { seedPeople, TEST_NOW } from "../http/testing";
import { loadConfig } from "../config";
import { seedBook } from "../forecast/test-book";
import { forecastSnapshotJob } from "./forecast-snapshot";
import { runOnce } from "./lock";

const config = loadConfig({ TZ_ORG: "Asia/Shanghai" } as NodeJS.ProcessEnv);

describe.skipIf(!inject("pgAvailable"))("weekly forecast snapshot [postgres]", () => {
  test("two instances on one PostgreSQL fire at once; the snapshot is taken once", async () => {
    const h = await createTestDb("postgres");
    const second = openDb(h.location); // another instance: its own pool
    try {
      const ids = await seedPeople(h.db, TEST_NOW);
      await seedBook(h.db, ids, TEST_NOW);
      const fire = (db: typeof h.db, instance: string) => {
        const ctx = { db, config, now: TEST_NOW };
        return runOnce(
          db,
          forecastSnapshotJob.name,
          forecastSnapshotJob.runKey(ctx),
          instance,
          () => TEST_NOW,
          () => forecastSnapshotJob.run(ctx),
        );
      };
      const outcomes = await Promise.all([fire(h.db, "a"), fire(second.db, "b"), fire(h.db, "a2"), fire(second.db, "b2")]);
      expect(outcomes.filter((o) => o.ran)).toHaveLength(1);
      const runs = await h.db.selectFrom("job_runs").selectAll().execute();
      expect(runs).toHaveLength(1);
      expect(runs[0]).toMatchObject({ job: "forecast-snapshot", run_key: "2026-W25", status: "done" });
      // 5 sellers (managers and reps; the admin sells nothing) + teams A and B + company = 8 lines, for the month and the quarter
      const rows = await h.db.selectFrom("forecast_snapshots").selectAll().execute();
      expect(rows).toHaveLength(16);
      const company = rows.find((r) => r.period === "2026-Q2" && r.scope === "company")!;
      expect(company.won_fen + company.weighted_fen).toBe(238_000 * 100);
    } finally {
      await second.close();
      await h.drop();
    }
  }, 60_000);
});

test("the snapshot runs on Thursday evening unless configured otherwise", () => {
  expect(forecastSnapshotJob.cron(config)).toBe("0 18 * * 4");
  expect(forecastSnapshotJob.cron({ ...config, FORECAST_SNAPSHOT_CRON: "0 17 * * 5" })).toBe("0 17 * * 5");
});
