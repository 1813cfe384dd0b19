/**
 * REPORTS_DATABASE_URL sends report queries to a second database (a read replica): with two PostgreSQL databases
 * holding the same demo data, a change made only in the second shows in the reports, while sign-in and every
 * write still use the first.
 */
import { afterAll, beforeAll, describe, expect, inject, test } from "vitest";
import { loadConfig } from "../config";
import { createTestDb } from "../db/testing";
import { generateDemo } from "../demo/generate";
import { buildApp } from "./app";
import { createApiToken } from "./auth";

const NOW = Date.parse("2026-06-15T02:00:00Z");

describe.skipIf(!inject("pgAvailable"))("reports on a read replica [postgres]", () => {
  let primary: Awaited<ReturnType<typeof createTestDb>>, replica: Awaited<ReturnType<typeof createTestDb>>;
  let app: Awaited<ReturnType<typeof buildApp>>;
  let token = "";
  beforeAll(async () => {
    [primary, replica] = await Promise.all([createTestDb("postgres"), createTestDb("postgres")]);
    for (const h of [primary, replica]) await generateDemo(h.db, { scale: "tiny", seed: 3, now: NOW });
    const admin = await primary.db.selectFrom("users").select("id").where("role", "=", "admin").orderBy("id").executeTakeFirstOrThrow();
    token = await createApiToken(primary.db, admin.id, "t", NOW);
    const config = loadConfig({
      TZ_ORG: "Asia/Shanghai",
      JOBS: "0",
      DATABASE_URL: primary.location,
      REPORTS_DATABASE_URL: replica.location,
    } as NodeJS.ProcessEnv);
    app = await buildApp({ handle: primary, config, now: () => NOW, webDist: "/nonexistent" });
  }, 300_000);
  afterAll(async () => {
    await app?.close();
    await primary?.drop();
    await replica?.drop();
  });

  const report = async () => {
    const r = await app.inject({ method: "GET", url: "/api/v1/reports/retention?asOf=2026-06-14&months=12", headers: { authorization: `Bearer ${token}` } });
    expect(r.statusCode).toBe(200);
    return JSON.parse(r.body);
  };

  test("the same data answers the same; an order only on the replica shows in the report", async () => {
    const before = await report();
    expect(before.window.from).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    // Two more purchase days for a customer who bought once in the window make them a repeat buyer — on the replica only.
    const once = await replica.db
      .selectFrom("orders")
      .select("customer_id")
      .where("ordered_at", ">=", Date.parse(before.window.from))
      .groupBy("customer_id")
      .having((eb) => eb.fn.countAll(), "=", 1)
      .orderBy("customer_id")
      .executeTakeFirstOrThrow();
    for (const d of [10, 20]) {
      await replica.db
        .insertInto("orders")
        .values({
          external_id: null,
          customer_id: once.customer_id,
          opportunity_id: null,
          ordered_at: NOW - d * 86_400_000,
          amount_fen: 100_00,
          cost_fen: 50_00,
          units: 1,
          product: null,
          created_at: NOW,
        })
        .execute();
    }
    const after = await report();
    expect(after.repurchase.repeatBuyers).toBe(before.repurchase.repeatBuyers + 1);
    // The primary was not touched: its own count is the one before.
    const primaryRepeat = await primary.db.selectFrom("orders").select("customer_id").where("customer_id", "=", once.customer_id).execute();
    const replicaRepeat = await replica.db.selectFrom("orders").select("customer_id").where("customer_id", "=", once.customer_id).execute();
    expect(replicaRepeat.length).toBe(primaryRepeat.length + 2);
  });
});
