/** The notifications centre: notify() once per dedupe key, per-user lists and counts, mark read, derived notices. */
import { expect, test } from "vitest";
import { DAY_MS } from "../core/dates";
import { forEachApp, TEST_NOW } from "../http/testing";
import { makeT } from "../../web/src/i18n";
import { noticeText } from "../../web/src/components/notice-text";
import { installDefaults } from "../pipelines/install";
import { notify } from "./store";

forEachApp("notifications", (t) => {
  test("notify() raises a notice once per dedupe key; each user sees only their own; reading lowers the count", async () => {
    const { db, ids } = t();
    expect(
      await notify(db, {
        userId: ids.rep,
        kind: "pool_warning",
        params: { customer: "甲公司", days: 3 },
        link: "/customers/1",
        dedupeKey: "pool:1",
        now: TEST_NOW,
      }),
    ).toBe(true);
    expect(await notify(db, { userId: ids.rep, kind: "pool_warning", params: { customer: "甲公司", days: 3 }, dedupeKey: "pool:1", now: TEST_NOW })).toBe(
      false,
    );
    await notify(db, { userId: ids.rep2, kind: "pool_warning", params: { customer: "乙公司", days: 1 }, now: TEST_NOW });
    const mine = await t().call("rep", "GET", "/api/v1/notifications");
    expect(mine.status).toBe(200);
    const pool = mine.body.items.filter((n: { kind: string }) => n.kind === "pool_warning");
    expect(pool).toEqual([
      { id: expect.any(Number), kind: "pool_warning", params: { customer: "甲公司", days: 3 }, link: "/customers/1", createdAt: TEST_NOW, readAt: null },
    ]);
    const before = mine.body.unread;
    // someone else's id is ignored
    const theirs = (await t().call("rep2", "GET", "/api/v1/notifications")).body.items[0].id;
    const r = await t().call("rep", "POST", "/api/v1/notifications/read", { ids: [pool[0].id, theirs] });
    expect(r.body).toEqual({ changed: 1, unread: before - 1 });
    expect((await t().call("rep2", "GET", "/api/v1/notifications")).body.items[0].readAt).toBeNull();
  });

  test("an overdue follow-up becomes one notice for its owner, however often the centre is opened", async () => {
    const c = await t().call("rep", "POST", "/api/v1/customers", { name: "逾期跟进客户" });
    const a = await t().call("rep", "POST", "/api/v1/activities", {
      kind: "visit",
      customerId: c.body.customer.id,
      doneAt: new Date(TEST_NOW - 10 * DAY_MS).toISOString(),
      nextFollowUpAt: new Date(TEST_NOW - 3 * DAY_MS).toISOString(),
    });
    expect(a.status).toBe(201);
    const first = await t().call("rep", "GET", "/api/v1/notifications");
    const hits = first.body.items.filter(
      (n: { kind: string; params: { customer: string } }) => n.kind === "followup_overdue" && n.params.customer === "逾期跟进客户",
    );
    expect(hits).toHaveLength(1);
    expect(hits[0].link).toBe(`/customers/${c.body.customer.id}`);
    expect(hits[0].params.days).toBeGreaterThanOrEqual(3);
    const again = await t().call("rep", "GET", "/api/v1/notifications");
    expect(
      again.body.items.filter((n: { kind: string; params: { customer: string } }) => n.kind === "followup_overdue" && n.params.customer === "逾期跟进客户"),
    ).toHaveLength(1);
    const other = await t().call("rep2", "GET", "/api/v1/notifications");
    expect(other.body.items.some((n: { params: { customer?: string } }) => n.params.customer === "逾期跟进客户")).toBe(false);
    const all = await t().call("rep", "POST", "/api/v1/notifications/read", { all: true });
    expect(all.body.unread).toBe(0);
  });

  test("a deal past its stage's stall limit becomes a notice whose sentence names the stage in zh-CN and en", async () => {
    const { db } = t();
    await installDefaults(db, TEST_NOW);
    const c = await t().call("rep", "POST", "/api/v1/customers", { name: "停滞提醒客户" });
    const crm5 = (await t().call("rep", "GET", "/api/v1/pipelines")).body.items.find((p: { key: string }) => p.key === "crm5");
    const o = await t().call("rep", "POST", "/api/v1/opportunities", {
      customerId: c.body.customer.id,
      pipelineId: crm5.id,
      title: "停滞的单子",
      amountFen: 100_00,
    });
    expect(o.status).toBe(201);
    const stage = await db
      .selectFrom("opportunities as o")
      .innerJoin("stages as s", "s.id", "o.stage_id")
      .select(["s.id", "s.name_zh", "s.name_en"])
      .where("o.id", "=", o.body.id)
      .executeTakeFirstOrThrow();
    await db.updateTable("stages").set({ stall_days: 5 }).where("id", "=", stage.id).execute();
    await db
      .updateTable("opportunities")
      .set({ stage_entered_at: TEST_NOW - 9 * DAY_MS - 1000 })
      .where("id", "=", o.body.id)
      .execute();
    const items = (await t().call("rep", "GET", "/api/v1/notifications")).body.items as Array<{ kind: string; params: Record<string, unknown>; link: string }>;
    const mine = items.filter((n) => n.kind === "deal_stalled" && n.link === `/opportunities/${o.body.id}`);
    expect(mine).toHaveLength(1);
    expect(noticeText(makeT("zh-CN"), "zh-CN", mine[0])).toBe(`商机「停滞的单子」(停滞提醒客户)在「${stage.name_zh}」已停留 9 天`);
    expect(noticeText(makeT("en"), "en", mine[0])).toBe(`停滞的单子 (停滞提醒客户) has been in ${stage.name_en} for 9 days`);
  });
});
