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
  await withDb((db) => sql`update stage_visits set left_at = null where id = (select max(id) from stage_visits where left_at is not null)`.execute(db));
  const bad = await cli("visits", "--check");
  expect(bad.code).toBe(1);
  expect(bad.out).toContain("DIFFERS from its rebuild");
  const fixed = await cli("visits");
  expect(fixed.out).toMatch(/visits: [\d,]+ rows in [\d.]+ s \([\d,]+ rows\/s\)/);
  expect((await cli("visits", "--check")).out).toContain("equal to its rebuild");
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
  await expect(cli("everything")).rejects.toThrow(/model must be one of visits, orders, facts, firsts, cash, reach, all/);
});
