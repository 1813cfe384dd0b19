/** Import runs left "running" by a crash are marked failed at the next start and can be resumed by importing the file again (issue 11). */
import { expect, test } from "vitest";
import { forEachApp } from "../http/testing";
import { installDefaults } from "../pipelines/install";
import { importCsv } from "./fixtures";
import { failInterruptedRuns, INTERRUPTED_REASON, STALE_MS, stopHeartbeat } from "./run-liveness-store";
import { createRun, getRun } from "./runs-store";

const CSV = ["external_id,name,owner_email", "R1,续传客户一,rep@test.jindou", "R2,续传客户二,rep@test.jindou", "R3,续传客户三,rep@test.jindou"];

forEachApp("interrupted import runs", (t) => {
  test("a run whose process died is marked failed with a reason; a live run is left alone", async () => {
    const { db } = t();
    await installDefaults(db, t().clock.now);
    const crashedAt = Date.now() - STALE_MS - 60_000;
    const crashed = Number(
      (
        await db
          .insertInto("import_runs")
          .values({
            kind: "customers",
            file_name: "big.csv",
            status: "running",
            total: 3,
            processed: 2,
            inserted: 2,
            updated: 0,
            unchanged: 0,
            errors: "[]",
            created_by: t().ids.rep,
            created_at: crashedAt,
            finished_at: null,
            heartbeat_at: crashedAt,
          })
          .returning("id")
          .executeTakeFirstOrThrow()
      ).id,
    );
    // Rows the crashed run had committed before it died.
    expect((await importCsv(db, "customers", CSV.slice(0, 3).join("\n"), t().ids.rep)).inserted).toBe(2);
    const live = await createRun(db, { kind: "customers", fileName: "live.csv", createdBy: t().ids.rep, total: 1, now: Date.now() });

    expect(await failInterruptedRuns(db, Date.now())).toBe(1);
    const run = await t().call("rep", "GET", `/api/v1/import/runs/${crashed}`);
    expect(run.status).toBe(200);
    expect(run.body.status).toBe("failed");
    expect(run.body.finishedAt).not.toBeNull();
    expect(run.body.errors[0].reason).toBe(INTERRUPTED_REASON);
    expect((await getRun(db, live))?.status).toBe("running");
    expect(await failInterruptedRuns(db, Date.now())).toBe(0);

    // Resume: the same file again finishes the work; what was committed comes back unchanged.
    const again = await t().app.inject({
      method: "POST",
      url: "/api/v1/import/customers?wait=true",
      payload: CSV.join("\n"),
      headers: { authorization: `Bearer ${t().tokens.rep}`, "content-type": "text/csv" },
    });
    expect(again.statusCode).toBe(200);
    expect(JSON.parse(again.body)).toMatchObject({ status: "done", inserted: 1, unchanged: 2 });
    const names = await db.selectFrom("customers").select("external_id").where("external_id", "in", ["R1", "R2", "R3"]).execute();
    expect(names).toHaveLength(3);
    stopHeartbeat(live);
  });
});
