/**
 * The shared whole-base order aggregate (issue 10) is never served stale: every order write bumps the order stamp
 * in its transaction (a rolled-back write does not), a rebuild never reuses a stamp, and after a write the admin's
 * and a rep's totals, signed customers and cohorts equal the full-scan oracle again — on both engines.
 */
import { sql } from "kysely";
import { beforeAll, expect, test } from "vitest";
import type { Viewer } from "../access/viewer";
import { dateStart } from "../core/dates";
import { forEachDatabase } from "../db/testing";
import { generateDemo } from "../demo/generate";
import { loadViewer } from "../http/auth";
import { orderStamp } from "../readmodels/customer-months";
import { ordersChanged } from "../readmodels/maintain";
import * as oTiering from "../readmodels/oracle/tiering-store";
import * as oValue from "../readmodels/oracle/value-store";
import { rebuild } from "../readmodels/rebuild";
import * as valueStore from "../value/store";
import * as store from "./store-totals";

const TZ = "Asia/Shanghai";
const NOW = Date.parse("2026-06-15T04:00:00Z");
const OFF = 8 * 3_600_000;
const num = <T extends object>(rows: T[]) =>
  rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, Number(v)]))).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));

forEachDatabase("whole-base order aggregates per order stamp", (h) => {
  let admin: Viewer, rep: Viewer, repCustomer: number;
  const w = { from: dateStart("2025-06-16", TZ), to: dateStart("2026-06-16", TZ) };
  const w0 = { from: dateStart("2024-06-16", TZ), to: dateStart("2025-06-16", TZ) };

  beforeAll(async () => {
    const db = h().db;
    await generateDemo(db, { scale: "tiny", seed: 5, now: NOW, tz: TZ });
    const users = await db.selectFrom("users").select(["id", "role"]).orderBy("id").execute();
    admin = (await loadViewer(db, users.find((u) => u.role === "admin")!.id)) as Viewer;
    rep = (await loadViewer(db, users.find((u) => u.role === "rep")!.id)) as Viewer;
    repCustomer = Number((await db.selectFrom("customers").select("id").where("owner_id", "=", rep.id).orderBy("id").executeTakeFirstOrThrow()).id);
  }, 180_000);

  const addOrder = (db: ReturnType<typeof h>["db"], customerId: number, at: number, fen: number) =>
    db.transaction().execute(async (tx) => {
      await tx.insertInto("orders").values({ customer_id: customerId, ordered_at: at, amount_fen: fen, cost_fen: 1, units: 1, created_at: at }).execute();
      await ordersChanged(tx, [customerId]);
    });

  test("an order write bumps the stamp; the cached totals, signed customers and cohorts follow it for the admin and a rep", async () => {
    const db = h().db;
    const all = { viewer: admin, filters: {} },
      mine = { viewer: rep, filters: {} };
    const s0 = await orderStamp(db);
    expect(s0).not.toBeNull();
    // fill the whole-base caches, then write an order for the rep's customer inside the window
    await store.orderTotals(db, all, w);
    await store.buyersBefore(db, all, w.to);
    await valueStore.monthlyActivity(db, all, w.to, OFF);
    await valueStore.windowBuyers(db, all, w, OFF);
    const before = (await store.orderTotals(db, mine, w)).find((t) => t.customer_id === repCustomer)?.revenue ?? 0;
    await addOrder(db, repCustomer, dateStart("2026-05-20", TZ) + 3_600_000, 123_457);
    const s1 = await orderStamp(db);
    expect(s1).not.toBe(s0);
    for (const sc of [all, mine]) {
      expect(num(await store.orderTotals(db, sc, w))).toEqual(num(await oTiering.orderTotals(db, sc, w)));
      expect([...(await store.buyersBefore(db, sc, w.to))].map(Number).sort((a, b) => a - b)).toEqual(
        [...(await oTiering.buyersBefore(db, sc, w.to))].map(Number).sort((a, b) => a - b),
      );
      const a = await valueStore.monthlyActivity(db, sc, w.to, OFF),
        b = await oValue.monthlyActivity(db, sc, w.to, OFF);
      expect(num(a.cohorts)).toEqual(num(b.cohorts));
      expect(num(a.retained)).toEqual(num(b.retained));
      // repurchase and churn inputs of retention and the simple CLV, from the shared totals for a rep too
      expect(await valueStore.windowBuyers(db, sc, w, OFF)).toEqual(await oValue.windowBuyers(db, sc, w, OFF));
      expect(await valueStore.boughtInBoth(db, sc, w0, w, OFF)).toBe(await oValue.boughtInBoth(db, sc, w0, w));
    }
    expect((await store.orderTotals(db, mine, w)).find((t) => t.customer_id === repCustomer)?.revenue).toBe(before + 123_457);
  });

  test("a rolled-back write keeps the stamp; a rebuild moves it and never reuses one", async () => {
    const db = h().db;
    const s0 = await orderStamp(db);
    await db
      .transaction()
      .execute(async (tx) => {
        await ordersChanged(tx, [repCustomer]);
        throw new Error("rollback");
      })
      .catch(() => undefined);
    expect(await orderStamp(db)).toBe(s0);
    await rebuild(db, "orders", { tz: TZ, now: NOW });
    const s1 = await orderStamp(db);
    expect(s1).not.toBe(s0);
    const v = async () => Number((await sql<{ v: number }>`select version as v from read_model_state where model = 'customer_months'`.execute(db)).rows[0].v);
    const before = await v();
    await rebuild(db, "orders", { tz: TZ, now: NOW });
    expect(await v()).toBe(before + 1);
  });
});
