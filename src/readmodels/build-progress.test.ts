/**
 * Opening a database whose read model a migration emptied shows progress while the model is built: in a log, a line
 * when the build starts, lines as it goes (here: every range, everyMs 0) with a percentage that only grows to 100, and
 * the built line with the model's row count as the table holds it.
 */
import { sql } from "kysely";
import { expect, test } from "vitest";
import { createTestDb } from "../db/testing";
import { generateDemo } from "../demo/generate";
import { buildStaleModels } from "./build-lock";
import { buildProgress } from "./build-progress";

test("a stale model's build at open says it starts, how far it is and how many rows it built", async () => {
  const t = await createTestDb("sqlite");
  try {
    const now = Date.parse("2026-06-15T04:00:00Z");
    await generateDemo(t.db, { scale: "tiny", seed: 3, now, tz: "Asia/Shanghai" });
    await sql`delete from stage_visit_months`.execute(t.db);
    await sql`delete from read_model_state where model = 'vmonths'`.execute(t.db);
    const lines: string[] = [];
    let clock = 0;
    const built = await buildStaleModels(
      t.db,
      "Asia/Shanghai",
      now,
      buildProgress({ tty: false, say: (l) => lines.push(l), everyMs: 1, clock: () => (clock += 5) }),
    );
    expect(built).toEqual(["vmonths"]);
    const n = Number((await sql<{ n: number }>`select count(*) as n from stage_visit_months`.execute(t.db)).rows[0].n);
    expect(n).toBeGreaterThan(0);
    expect(lines[0]).toBe("read model vmonths: building from the source of truth before the server opens");
    const pcts = lines.slice(1, -1).map((l) => Number(/^read model vmonths: (\d+)% \(/.exec(l)?.[1]));
    expect(pcts.length).toBeGreaterThan(0);
    expect(pcts.every((p, i) => p >= 0 && p <= 100 && (i === 0 || p >= pcts[i - 1]))).toBe(true);
    expect(lines.at(-1)).toMatch(new RegExp(`^read model vmonths built from the source of truth: ${n.toLocaleString("en-US")} rows in \\d+\\.\\d s \\(`));
  } finally {
    await t.drop();
  }
});
