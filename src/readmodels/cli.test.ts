/** `jindou rebuild`: --check tells a tampered model from a sound one; a rebuild repairs it; opening a database builds models never built. */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Command } from "commander";
import { sql } from "kysely";
import { afterAll, beforeAll, expect, test, vi } from "vitest";
import { openDb } from "../db/connect";
import { migrate } from "../db/migrate";
import { generateDemo } from "../demo/generate";
import { rebuildCommand } from "./cli";

const dir = mkdtempSync(path.join(tmpdir(), "jindou-rebuild-cli-"));
const dbFile = path.join(dir, "cli.db");

beforeAll(async () => {
  const h = openDb(dbFile);
  await migrate(h.db);
  await generateDemo(h.db, { scale: "tiny", seed: 5, now: Date.parse("2026-06-15T04:00:00Z"), tz: "Asia/Shanghai" });
  await h.close();
}, 120_000);
afterAll(() => {
  process.exitCode = 0;
});

async function cli(...args: string[]): Promise<{ out: string; code: number }> {
  const chunks: string[] = [];
  const spy = vi.spyOn(console, "log").mockImplementation((...s: unknown[]) => {
    chunks.push(s.join(" "));
  });
  const err = vi.spyOn(console, "error").mockImplementation((...s: unknown[]) => {
    chunks.push(s.join(" "));
  });
  process.exitCode = 0;
  try {
    const program = new Command("jindou").exitOverride();
    rebuildCommand(program);
    await program.parseAsync(["node", "jindou", "rebuild", ...args, "--database", dbFile]);
  } finally {
    spy.mockRestore();
    err.mockRestore();
  }
  const code = Number(process.exitCode ?? 0);
  process.exitCode = 0;
  return { out: chunks.join("\n"), code };
}

async function withDb<T>(work: (db: ReturnType<typeof openDb>["db"]) => Promise<T>): Promise<T> {
  const h = openDb(dbFile);
  try {
    return await work(h.db);
  } finally {
    await h.close();
  }
}

test("a sound model checks equal; a tampered one is reported and repaired by a rebuild", async () => {
  const sound = await cli("all", "--check");
  expect(sound.code).toBe(0);
  expect(sound.out).toMatch(/visits: [\d,]+ rows .* equal to its rebuild/);
  expect(sound.out).toMatch(/orders: [\d,]+ rows .* equal to its rebuild/);
  expect(sound.out).toMatch(/cash: [\d,]+ rows .* equal to its rebuild/);
  expect(sound.out).toMatch(/reach: [\d,]+ rows .* equal to its rebuild/);
  expect(sound.out).toMatch(/deals: [\d,]+ rows .* equal to its rebuild/);
  expect(sound.out).toMatch(/activities: [\d,]+ rows .* equal to its rebuild/);
  await withDb((db) => sql`update stage_visits set left_at = null where id = (select max(id) from stage_visits where left_at is not null)`.execute(db));
  const bad = await cli("visits", "--check");
  expect(bad.code).toBe(1);
  expect(bad.out).toContain("DIFFERS from its rebuild");
  const fixed = await cli("visits");
  expect(fixed.out).toMatch(/visits: [\d,]+ rows in [\d.]+ s \([\d,]+ rows\/s\)/);
  expect((await cli("visits", "--check")).out).toContain("equal to its rebuild");
});

test("`cash --check` covers every table the cash model keeps: a tampered signed_customers, instalment_open or payment_counted row differs", async () => {
  expect((await cli("cash", "--check")).out).toContain("equal to its rebuild");
  const tamper = [
    sql`update signed_customers set collected_fen = collected_fen + 1 where customer_id = (select min(customer_id) from signed_customers)`,
    sql`update instalment_open set open_fen = open_fen + 1 where contract_id = (select min(contract_id) from instalment_open)`,
    sql`update payment_counted set counted_fen = counted_fen + 1 where payment_id = (select min(payment_id) from payment_counted)`,
  ];
  for (const q of tamper) {
    const changed = await withDb(async (db) => Number((await q.execute(db)).numAffectedRows ?? 0));
    expect(changed).toBe(1);
    const bad = await cli("cash", "--check");
    expect([bad.code, bad.out.includes("cash:"), bad.out.includes("DIFFERS from its rebuild")]).toEqual([1, true, true]);
    await cli("cash");
    expect((await cli("cash", "--check")).out).toContain("equal to its rebuild");
  }
});

test("opening a database whose models were never built (upgraded to migration 065) builds them first", async () => {
  const before = await withDb(async (db) => Number((await sql<{ n: number }>`select count(*) as n from customer_months`.execute(db)).rows[0].n));
  await withDb(async (db) => {
    await sql`delete from customer_months`.execute(db);
    await sql`delete from read_model_state`.execute(db);
  });
  const r = await cli("facts");
  expect(r.out).toMatch(/read model orders built from the source of truth: \d+ rows/);
  const after = await withDb(async (db) => Number((await sql<{ n: number }>`select count(*) as n from customer_months`.execute(db)).rows[0].n));
  expect(after).toBe(before);
  expect(before).toBeGreaterThan(100);
});

test("an unknown model is refused with the list of models", async () => {
  await expect(cli("everything")).rejects.toThrow(
    /model must be one of visits, orders, facts, firsts, cash, reach, closes, deals, activities, vmonths, vdays, forecast, all/,
  );
});

test("`jindou rebuild closes` derives the close-date changes from the audit log: edits and import updates of live deals", async () => {
  const rows = await withDb(async (db) => {
    const [a, b] = await db.selectFrom("opportunities").select(["id", "owner_id"]).orderBy("id").limit(2).execute();
    const at = Date.parse("2026-06-10T02:00:00Z");
    const diff = (x: unknown) => JSON.stringify(x);
    await db
      .insertInto("audit_log")
      .values([
        { actor_id: null, entity: "opportunity", entity_id: a.id, action: "update", diff: diff({ expected_close_date: ["2026-06-01", "2026-07-15"] }), at },
        { actor_id: null, entity: "opportunity", entity_id: a.id, action: "update", diff: diff({ amount_fen: [1, 2] }), at: at + 1 },
        {
          actor_id: null,
          entity: "opportunity",
          entity_id: b.id,
          action: "import_update",
          diff: diff({ run: 1, row: 2, expected_close_date: [null, "2026-09-30"] }),
          at: at + 2,
        },
        {
          actor_id: null,
          entity: "opportunity",
          entity_id: 987_654_321,
          action: "update",
          diff: diff({ expected_close_date: ["2026-06-01", "2026-06-02"] }),
          at: at + 3,
        },
        {
          actor_id: null,
          entity: "customer",
          entity_id: a.id,
          action: "update",
          diff: diff({ expected_close_date: ["2026-06-01", "2026-06-02"] }),
          at: at + 4,
        },
        { actor_id: null, entity: "opportunity", entity_id: b.id, action: "create", diff: diff({ expected_close_date: "2026-06-01" }), at: at + 5 },
      ])
      .execute();
    return { a, b, at };
  });
  const r = await cli("closes");
  expect(r.out).toMatch(/closes: [\d,]+ rows in [\d.]+ s \([\d,]+ rows\/s\)/);
  const got = await withDb((db) =>
    db.selectFrom("close_date_changes").select(["opportunity_id", "owner_id", "changed_at", "before_date", "after_date"]).orderBy("audit_id").execute(),
  );
  expect(got.map((g) => [Number(g.opportunity_id), Number(g.owner_id), Number(g.changed_at), g.before_date, g.after_date])).toEqual([
    [rows.a.id, rows.a.owner_id, rows.at, "2026-06-01", "2026-07-15"],
    [rows.b.id, rows.b.owner_id, rows.at + 2, null, "2026-09-30"],
  ]);
  expect((await cli("closes", "--check")).out).toContain("equal to its rebuild");
  await withDb((db) => sql`update close_date_changes set after_date = '2027-01-01'`.execute(db));
  const bad = await cli("closes", "--check");
  expect([bad.code, bad.out.includes("DIFFERS from its rebuild")]).toEqual([1, true]);
  await cli("closes");
});
