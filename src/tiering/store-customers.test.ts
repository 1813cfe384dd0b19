/**
 * The whole base's customer columns (store-customers.ts) are read once per customer stamp (migration 401) and never
 * served stale: the copy equals the table; an order, an audit row, a follow-up date, an owner change or a rolled-back
 * edit leave the same copy (not read again); an edit of a rating or size band — through the API, or a bulk UPDATE —
 * a new customer and a deleted one replace it at once, and the grades report shows the edit on the next call. A
 * narrower scope takes its customers' entries. On both engines.
 */
import { sql } from "kysely";
import { beforeAll, expect, test } from "vitest";
import type { Viewer } from "../access/viewer";
import { loadViewer } from "../http/auth";
import { forEachApp, TEST_NOW } from "../http/testing";
import { customerColumns, customerStamp } from "./store-customers";

const COLS = ["credit_rating", "prospect_rating", "size_band"] as const;

forEachApp("the tiering reports' customer columns per customer stamp", (t) => {
  let admin: Viewer, rep: Viewer;
  const made: number[] = [];

  beforeAll(async () => {
    const { db, ids } = t();
    for (let i = 0; i < 6; i++) {
      const r = await db
        .insertInto("customers")
        .values({
          name: `档案列 ${i}`,
          name_norm: `档案列 ${i}`,
          owner_id: i % 2 ? ids.rep : ids.otherRep,
          tags: "[]",
          credit_rating: i % 2 ? "A" : "C",
          prospect_rating: "中",
          size_band: "small",
          created_at: TEST_NOW,
          updated_at: TEST_NOW,
        } as never)
        .returning("id")
        .executeTakeFirstOrThrow();
      made.push(Number(r.id));
    }
    admin = (await loadViewer(db, ids.admin)) as Viewer;
    rep = (await loadViewer(db, ids.rep)) as Viewer;
  });

  const all = () => ({ viewer: admin, filters: {} });
  /** The table itself, read here (the independent answer). */
  const table = async () =>
    (
      await sql<{ id: number; credit_rating: string | null; prospect_rating: string | null; size_band: string | null }>`
      select id, credit_rating, prospect_rating, size_band from customers order by id`.execute(t().db)
    ).rows.map((r) => ({ ...r, id: Number(r.id) }));

  test("unrelated writes keep the copy; rating and size edits, inserts and deletes replace it, and it equals the table", async () => {
    const db = t().db;
    const first = await customerColumns(db, all(), COLS);
    expect(first).toEqual(await table());
    expect(await customerColumns(db, all(), COLS)).toBe(first);
    const s0 = await customerStamp(db);
    // unrelated: an audit row, a follow-up date, an owner change, a name; and an edit rolled back
    await db.insertInto("audit_log").values({ actor_id: null, entity: "bench", entity_id: 0, action: "bench", diff: "{}", at: TEST_NOW }).execute();
    await db.updateTable("customers").set({ next_follow_up_date: "2026-07-01", owner_id: t().ids.rep, name: "改名" }).where("id", "=", made[0]).execute();
    await db
      .transaction()
      .execute(async (tx) => {
        await tx.updateTable("customers").set({ credit_rating: "Z" }).where("id", "=", made[0]).execute();
        throw new Error("rolled back");
      })
      .catch(() => {});
    expect(await customerStamp(db)).toBe(s0);
    expect(await customerColumns(db, all(), COLS)).toBe(first);
    // a rating: a new copy with the new value
    await db.updateTable("customers").set({ prospect_rating: "高" }).where("id", "=", made[1]).execute();
    const second = await customerColumns(db, all(), COLS);
    expect(second).not.toBe(first);
    expect(second.find((c) => c.id === made[1])?.prospect_rating).toBe("高");
    expect(second).toEqual(await table());
    // a bulk UPDATE of several rows, an insert, a delete
    await db.updateTable("customers").set({ size_band: "large" }).where("id", "in", made.slice(2)).execute();
    const third = await customerColumns(db, all(), COLS);
    expect(third.filter((c) => made.includes(c.id)).map((c) => c.size_band)).toEqual(["small", "small", "large", "large", "large", "large"]);
    const extra = await db
      .insertInto("customers")
      .values({ name: "新客户", name_norm: "新客户", owner_id: null, tags: "[]", created_at: TEST_NOW, updated_at: TEST_NOW } as never)
      .returning("id")
      .executeTakeFirstOrThrow();
    expect((await customerColumns(db, all(), COLS)).map((c) => c.id)).toContain(Number(extra.id));
    await db.deleteFrom("customers").where("id", "=", extra.id).execute();
    expect((await customerColumns(db, all(), COLS)).map((c) => c.id)).not.toContain(Number(extra.id));
    expect(await customerColumns(db, all(), COLS)).toEqual(await table());
  });

  test("a rep's scope takes its own customers' entries of the shared copy", async () => {
    const db = t().db;
    await customerColumns(db, all(), COLS);
    const own = await sql<{ id: number }>`select id from customers where owner_id = ${t().ids.rep} order by id`.execute(db);
    const got = await customerColumns(db, { viewer: rep, filters: {} }, COLS);
    const whole = new Map((await table()).map((c) => [c.id, c]));
    expect(got).toEqual(own.rows.map((r) => whole.get(Number(r.id))));
    expect(got.length).toBeGreaterThan(0);
  });

  test("an edit through the API shows in the grades report on the next call", async () => {
    const { call } = t();
    const id = made[4]; // credit C
    const before = await call("admin", "GET", "/api/v1/reports/grades?limit=100000");
    expect(before.status).toBe(200);
    type G = { customerId: number; credit: string | null; scores: { credit: number } };
    const mine = (r: { body: { customers: G[] } }) => r.body.customers.find((c) => c.customerId === id) as G;
    const ratedA = (before.body.customers as G[]).find((c) => c.credit === "A") as G;
    expect(mine(before).credit).toBe("C");
    const version = (await t().db.selectFrom("customers").select("version").where("id", "=", id).executeTakeFirstOrThrow()).version;
    expect((await call("admin", "PATCH", `/api/v1/customers/${id}`, { version, creditRating: "A" })).status).toBe(200);
    const after = await call("admin", "GET", "/api/v1/reports/grades?limit=100000");
    expect(mine(after).credit).toBe("A");
    expect(mine(after).scores.credit).toBe(ratedA.scores.credit);
  });
});
