/** The reclaim run on a real database: warned on day 5, reclaimed on day 7, exemptions, once across two instances. */
import { expect, test } from "vitest";
import { openDb } from "../db/connect";
import { forEachDatabase } from "../db/testing";
import { runOnce } from "../jobs/lock";
import { createDepartment, placeUser } from "../org/departments-store";
import { runReclaim } from "./job";
import { defaultPoolId } from "./store";
import { addCustomer } from "./test-store";

const TZ = "Asia/Shanghai";
const DAY = 86_400_000;
const DAY0 = Date.parse("2026-03-02T01:00:00Z"); // 09:00 Shanghai

forEachDatabase("pool reclaim run", (h) => {
  let rep = 0;
  let pool = 0;
  const setup = async () => {
    const db = h().db;
    const dept = await createDepartment(db, { name: `销售部${Math.random()}` }, DAY0);
    rep = (
      await db
        .insertInto("users")
        .values({
          email: `r${Math.random()}@x.cn`,
          name: "回收测试",
          password_hash: "x",
          role: "rep",
          team_id: null,
          locale: "zh-CN",
          active: 1,
          created_at: DAY0,
        })
        .returning("id")
        .executeTakeFirstOrThrow()
    ).id;
    await placeUser(db, rep, dept);
    pool = await defaultPoolId(db, DAY0);
    await db.updateTable("pools").set({ rules_enabled: 1, exempt_won: 1, exempt_open_deals: 1 }).where("id", "=", pool).execute();
    await db.deleteFrom("pool_rules").execute();
    await db.insertInto("pool_rules").values({ pool_id: pool, kind: "no_follow_up", level: null, days: 7, warn_days: 2, position: 0 }).execute();
  };

  test("7 days without follow-up, warned 2 days before: a to-do on day 5 (once), back in the pool on day 7 with the rule in history and audit", async () => {
    await setup();
    const db = h().db;
    const plain = await addCustomer(db, { ownerId: rep, at: DAY0 });
    const locked = await addCustomer(db, { ownerId: rep, at: DAY0, locked: true });
    const won = await addCustomer(db, { ownerId: rep, at: DAY0 });
    await db
      .insertInto("opportunities")
      .values({
        pipeline_id: 1,
        stage_id: 1,
        customer_id: won,
        owner_id: rep,
        title: "赢单",
        amount_fen: 1,
        units: 1,
        status: "won",
        closed_at: DAY0 - DAY,
        stage_entered_at: DAY0,
        created_at: DAY0 - 9 * DAY,
        updated_at: DAY0,
        external_id: null,
        product: null,
        expected_close_date: null,
        source: null,
        probability_override: null,
        lost_reason: null,
      } as never)
      .execute();
    const mine = (r: Awaited<ReturnType<typeof runReclaim>>, key: "warned" | "reclaimed") =>
      r[key].map((i) => i.customerId).filter((id) => [plain, locked, won].includes(id));

    const day4 = await runReclaim(db, DAY0 + 4 * DAY, TZ);
    expect([mine(day4, "warned"), mine(day4, "reclaimed")]).toEqual([[], []]);
    const day5 = await runReclaim(db, DAY0 + 5 * DAY, TZ);
    expect(mine(day5, "warned")).toEqual([plain]);
    const todo = await db.selectFrom("activities").select(["owner_id", "subject", "done_at"]).where("customer_id", "=", plain).execute();
    expect(todo).toHaveLength(1);
    expect(todo[0]).toMatchObject({ owner_id: rep, done_at: null });
    expect(todo[0].subject).toContain("2026-03-09");
    const notices = () =>
      db.selectFrom("notifications").select(["kind", "params", "link"]).where("user_id", "=", rep).where("kind", "=", "pool_warning").execute();
    const first = await notices();
    expect(first).toHaveLength(1); // one notice, for the one warned customer (locked and won are exempt)
    expect(first[0].link).toBe(`/customers/${plain}`);
    expect(JSON.parse(first[0].params)).toMatchObject({ customerId: plain, daysLeft: 2, dueDate: "2026-03-09" }); // day 5 of 7, due 2026-03-02 + 7 days
    expect(mine(await runReclaim(db, DAY0 + 6 * DAY, TZ), "warned")).toEqual([]); // same due date: no second to-do
    expect(await db.selectFrom("activities").select("id").where("customer_id", "=", plain).execute()).toHaveLength(1);
    expect(await notices()).toHaveLength(1); // and no second notice

    const dry = await runReclaim(db, DAY0 + 7 * DAY, TZ, { dryRun: true });
    expect(mine(dry, "reclaimed")).toEqual([plain]);
    expect((await db.selectFrom("customers").select("owner_id").where("id", "=", plain).executeTakeFirstOrThrow()).owner_id).toBe(rep);

    const day7 = await runReclaim(db, DAY0 + 7 * DAY, TZ);
    expect(mine(day7, "reclaimed")).toEqual([plain]);
    const c = await db
      .selectFrom("customers")
      .select(["owner_id", "pool_id", "previous_owner_id", "pooled_at"])
      .where("id", "=", plain)
      .executeTakeFirstOrThrow();
    expect(c).toEqual({ owner_id: null, pool_id: pool, previous_owner_id: rep, pooled_at: DAY0 + 7 * DAY });
    const ev = await db.selectFrom("pool_events").select(["kind", "from_user_id", "rule", "batch_id", "at"]).where("customer_id", "=", plain).execute();
    expect(ev).toEqual([{ kind: "reclaim", from_user_id: rep, rule: "no_follow_up:7", batch_id: day7.batchId, at: DAY0 + 7 * DAY }]);
    const au = await db.selectFrom("audit_log").select(["action", "batch_id"]).where("entity", "=", "customer").where("entity_id", "=", plain).execute();
    expect(au).toEqual([{ action: "reclaim", batch_id: day7.batchId }]);
    for (const kept of [locked, won])
      expect((await db.selectFrom("customers").select("owner_id").where("id", "=", kept).executeTakeFirstOrThrow()).owner_id).toBe(rep);
    expect(mine(await runReclaim(db, DAY0 + 30 * DAY, TZ), "reclaimed")).toEqual([]);
  });

  test("a follow-up on day 6 keeps the customer; with rules switched off nothing is reclaimed", async () => {
    await setup();
    const db = h().db;
    const id = await addCustomer(db, { ownerId: rep, at: DAY0 });
    await db
      .insertInto("activities")
      .values({
        kind: "call",
        customer_id: id,
        owner_id: rep,
        done_at: DAY0 + 6 * DAY,
        created_at: DAY0 + 6 * DAY,
        updated_at: DAY0 + 6 * DAY,
        external_id: null,
        contact_id: null,
        opportunity_id: null,
        subject: "回访",
        met_person: null,
        met_title: null,
        planned_at: null,
        outcome: null,
        next_follow_up_at: null,
      })
      .execute();
    expect((await runReclaim(db, DAY0 + 7 * DAY, TZ)).reclaimed.map((i) => i.customerId)).not.toContain(id);
    expect((await runReclaim(db, DAY0 + 13 * DAY, TZ)).reclaimed.map((i) => i.customerId)).toContain(id);
    const other = await addCustomer(db, { ownerId: rep, at: DAY0 });
    await db.updateTable("pools").set({ rules_enabled: 0 }).execute();
    expect((await runReclaim(db, DAY0 + 60 * DAY, TZ)).reclaimed.map((i) => i.customerId)).not.toContain(other);
  });

  test("two instances start the nightly run at once: it runs once, and each due customer is reclaimed once", async () => {
    await setup();
    const db = h().db;
    const due = await Promise.all([0, 1, 2, 3, 4].map(() => addCustomer(db, { ownerId: rep, at: DAY0 })));
    const second = openDb(h().location);
    try {
      const now = DAY0 + 8 * DAY;
      const [a, b] = await Promise.all([
        runOnce(
          db,
          "pool-reclaim",
          "2026-03-10",
          "instance-a",
          () => now,
          () => runReclaim(db, now, TZ),
        ),
        runOnce(
          second.db,
          "pool-reclaim",
          "2026-03-10",
          "instance-b",
          () => now,
          () => runReclaim(second.db, now, TZ),
        ),
      ]);
      expect([a.ran, b.ran].filter(Boolean)).toHaveLength(1);
      const events = await db.selectFrom("pool_events").select(["customer_id"]).where("kind", "=", "reclaim").where("customer_id", "in", due).execute();
      expect(events.map((e) => e.customer_id).sort((x, y) => x - y)).toEqual([...due].sort((x, y) => x - y));
    } finally {
      await second.close();
    }
  });
});
