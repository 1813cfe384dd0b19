/**
 * The shared whole-base deal and activity facts (issue 10) are never served stale and not recomputed for unrelated
 * writes: a move, an edit, an activity or a stage's probability moves the model's stamp (only the touched customer's
 * shard), an audit row or an order does not, a rolled-back write does not; after each write the admin's and a rep's
 * facts equal the full-scan oracle again — on both engines.
 */
import { sql } from "kysely";
import { beforeAll, expect, test } from "vitest";
import type { Viewer } from "../access/viewer";
import { dateStart } from "../core/dates";
import { openDb } from "../db/connect";
import { forEachDatabase } from "../db/testing";
import { generateDemo } from "../demo/generate";
import { loadViewer } from "../http/auth";
import { activitiesChanged, opportunitiesChanged, ordersChanged, stageProbabilityChanged } from "../readmodels/maintain";
import * as oTiering from "../readmodels/oracle/tiering-store";
import { modelStamp, STAMP_SHARDS } from "../readmodels/stamps";
import * as facts from "./store-facts";

const TZ = "Asia/Shanghai";
const NOW = Date.parse("2026-06-15T04:00:00Z");
const num = <T extends object>(rows: T[]) => JSON.parse(JSON.stringify(rows, (_, v) => (typeof v === "string" && /^-?\d+$/.test(v) ? Number(v) : v)));
const sorted = <T extends { customer_id: number }>(rows: T[]) => num([...rows].sort((a, b) => Number(a.customer_id) - Number(b.customer_id)));

forEachDatabase("whole-base deal and activity facts per model stamp", (h) => {
  let admin: Viewer, rep: Viewer;
  const w = { from: dateStart("2025-06-16", TZ), to: dateStart("2026-06-16", TZ) };

  beforeAll(async () => {
    const db = h().db;
    await generateDemo(db, { scale: "tiny", seed: 7, now: NOW, tz: TZ });
    const users = await db.selectFrom("users").select(["id", "role"]).orderBy("id").execute();
    admin = (await loadViewer(db, users.find((u) => u.role === "admin")!.id)) as Viewer;
    rep = (await loadViewer(db, users.find((u) => u.role === "rep")!.id)) as Viewer;
  }, 180_000);

  const same = async () => {
    const db = h().db;
    for (const viewer of [admin, rep]) {
      const s = { viewer, filters: {} };
      expect(sorted(await facts.openPipeline(db, s))).toEqual(sorted(await oTiering.openPipeline(db, s)));
      expect(sorted(await facts.closedDeals(db, s))).toEqual(sorted(await oTiering.closedDeals(db, s)));
      expect(sorted(await facts.activityCounts(db, s, w))).toEqual(sorted(await oTiering.activityCounts(db, s, w)));
    }
  };
  const shards = async (model: string) =>
    (
      await sql<{ shard: number; version: number }>`select shard, version from read_model_stamps where model = ${model} order by shard`.execute(h().db)
    ).rows.map((r) => Number(r.version));

  test("an audit row or an order leaves the stamps; a deal write moves only its customer's shard and the answer follows", async () => {
    const db = h().db;
    await same();
    const [d0, a0] = [await modelStamp(db, "deals"), await modelStamp(db, "activities")];
    expect(d0).not.toBeNull();
    await db.insertInto("audit_log").values({ actor_id: null, entity: "bench", entity_id: 0, action: "bench", diff: "{}", at: NOW }).execute();
    const o = await db.selectFrom("orders").select(["id", "customer_id"]).orderBy("id").executeTakeFirstOrThrow();
    await db.updateTable("orders").set({ amount_fen: 123 }).where("id", "=", o.id).execute();
    await ordersChanged(db, [o.customer_id]);
    expect([await modelStamp(db, "deals"), await modelStamp(db, "activities")]).toEqual([d0, a0]);

    // close an open deal as lost, as a writer does: its customer's shard alone moves, and the facts show it
    const deal = await db.selectFrom("opportunities").select(["id", "customer_id"]).where("status", "=", "open").orderBy("id").executeTakeFirstOrThrow();
    const lost = await db.selectFrom("stages").select("id").where("kind", "=", "lost").orderBy("id").executeTakeFirstOrThrow();
    const before = await shards("deals");
    await db.updateTable("opportunities").set({ status: "lost", stage_id: lost.id, closed_at: NOW }).where("id", "=", deal.id).execute();
    await opportunitiesChanged(db, [deal.id]);
    const after = await shards("deals");
    const moved = after.map((v, i) => (v !== before[i] ? i : -1)).filter((i) => i >= 0);
    expect(moved).toEqual([Number(deal.customer_id) % STAMP_SHARDS]);
    expect(await modelStamp(db, "deals")).not.toBe(d0);
    expect(await modelStamp(db, "activities")).toBe(a0);
    await same();
  });

  test("after a deal write only its customer's shard is read again and merged into the rows held; the answer equals the oracle", async () => {
    const sent: string[] = [];
    const counting = openDb(h().location, { onQuery: (q) => sent.push(q) });
    try {
      const s = { viewer: admin, filters: {} };
      await facts.closedDeals(counting.db, s); // the whole base, held on this handle
      const deal = await h()
        .db.selectFrom("opportunities")
        .select(["id", "customer_id"])
        .where("status", "=", "open")
        .orderBy("id", "desc")
        .executeTakeFirstOrThrow();
      const won = await h().db.selectFrom("stages").select("id").where("kind", "=", "won").orderBy("id").executeTakeFirstOrThrow();
      await h().db.updateTable("opportunities").set({ status: "won", stage_id: won.id, closed_at: NOW }).where("id", "=", deal.id).execute();
      await opportunitiesChanged(h().db, [deal.id]);
      sent.length = 0;
      const got = await facts.closedDeals(counting.db, s);
      expect(sorted(got)).toEqual(sorted(await oTiering.closedDeals(h().db, s)));
      const ids = got.map((r) => Number(r.customer_id));
      expect(ids).toEqual([...ids].sort((a, b) => a - b)); // still in customer id order
      const reads = sent.filter((q) => q.includes("customer_deal_facts"));
      expect(reads).toHaveLength(1);
      expect(reads[0]).toContain(`(c.id % ${STAMP_SHARDS}) in (${Number(deal.customer_id) % STAMP_SHARDS})`);
      // nothing moved: nothing read
      sent.length = 0;
      await facts.closedDeals(counting.db, s);
      expect(sent.filter((q) => q.includes("customer_deal_facts"))).toEqual([]);
    } finally {
      await counting.close();
    }
  });

  test("an activity done, a stage's new probability and a rolled-back write", async () => {
    const db = h().db;
    const a0 = await modelStamp(db, "activities");
    const c = await db.selectFrom("customers").select(["id", "owner_id"]).where("owner_id", "=", rep.id).orderBy("id").executeTakeFirstOrThrow();
    await db
      .insertInto("activities")
      .values({
        external_id: null,
        kind: "visit",
        customer_id: c.id,
        contact_id: null,
        opportunity_id: null,
        owner_id: rep.id,
        subject: null,
        met_person: null,
        met_title: null,
        planned_at: null,
        done_at: dateStart("2026-03-31", TZ) + 86_400_000 - 1, // the last millisecond of March in Shanghai
        outcome: null,
        next_follow_up_at: null,
        created_at: NOW,
        updated_at: NOW,
      })
      .execute();
    await activitiesChanged(db, [], [c.id]);
    expect(await modelStamp(db, "activities")).not.toBe(a0);
    await same();

    const st = await db
      .selectFrom("opportunities as o")
      .innerJoin("stages as s", "s.id", "o.stage_id")
      .select(["s.id", "s.probability"])
      .where("o.status", "=", "open")
      .orderBy("s.id")
      .executeTakeFirstOrThrow();
    const d0 = await modelStamp(db, "deals");
    await db
      .updateTable("stages")
      .set({ probability: st.probability === 55 ? 56 : 55 })
      .where("id", "=", st.id)
      .execute();
    await stageProbabilityChanged(db, [st.id]);
    expect(await modelStamp(db, "deals")).not.toBe(d0);
    await same();

    const d1 = await modelStamp(db, "deals");
    const deal = await db.selectFrom("opportunities").select(["id"]).where("status", "=", "open").orderBy("id").executeTakeFirstOrThrow();
    await db
      .transaction()
      .execute(async (tx) => {
        await tx.updateTable("opportunities").set({ amount_fen: 1 }).where("id", "=", deal.id).execute();
        await opportunitiesChanged(tx, [deal.id]);
        throw new Error("rollback");
      })
      .catch(() => {});
    expect(await modelStamp(db, "deals")).toBe(d1);
    await same();
  });
});
