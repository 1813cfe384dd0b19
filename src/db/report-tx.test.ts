/** inReportTx on PostgreSQL: its settings (one statement) hold inside the transaction only, and it is read-only. */
import { sql } from "kysely";
import { expect, test } from "vitest";
import { isPostgres } from "./dialect";
import { inReportTx } from "./report-tx";
import { forEachDatabase } from "./testing";

forEachDatabase("report transaction", (h) => {
  test("work_mem and jit are set locally, writes are refused, and nothing leaks past the transaction", async () => {
    const db = h().db;
    if (!isPostgres(db)) return; // SQLite runs the queries as they are
    const show = async (tx: typeof db | Parameters<Parameters<typeof inReportTx>[2]>[0]) =>
      (await sql<{ w: string; j: string }>`select current_setting('work_mem') as w, current_setting('jit') as j`.execute(tx)).rows[0];
    const before = await show(db);
    expect(await inReportTx(db, "48MB", (tx) => show(tx), { jitOff: true })).toEqual({ w: "48MB", j: "off" });
    expect((await inReportTx(db, "40MB", (tx) => show(tx))).w).toBe("40MB");
    await expect(inReportTx(db, "48MB", (tx) => sql`create table report_tx_probe (x integer)`.execute(tx))).rejects.toThrow(/read-only/);
    expect(await show(db)).toEqual(before);
  });
});
