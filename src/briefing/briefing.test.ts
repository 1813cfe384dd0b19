/** 销售简报 (GET /briefing): each section against facts set up in the test, scoped by the access rule. */
import { beforeAll, expect, test } from "vitest";
import { DAY_MS } from "../core/dates";
import { forEachApp, TEST_NOW } from "../http/testing";
import { installDefaults } from "../pipelines/install";
import { defaultPoolId } from "../pools/store";

const iso = (ms: number) => new Date(ms).toISOString();

forEachApp("briefing", (t) => {
  const made: Record<string, number> = {};
  beforeAll(async () => {
    const { db } = t();
    await installDefaults(db, TEST_NOW);
    made.pipeline = (await db.selectFrom("pipelines").select("id").where("key", "=", "probability").executeTakeFirstOrThrow()).id;
    const customer = async (who: "rep" | "rep2" | "otherRep", name: string) =>
      (await t().call(who, "POST", "/api/v1/customers", { name })).body.customer.id as number;
    made.quiet = await customer("rep", "四十天未联系");
    made.recent = await customer("rep", "五天前拜访");
    made.never = await customer("rep", "从未联系");
    made.theirs = await customer("rep2", "同事的客户");
    made.far = await customer("otherRep", "外部门客户");
    const visit = (who: "rep" | "rep2", customerId: number, doneAt: number, extra: object = {}) =>
      t().call(who, "POST", "/api/v1/activities", { kind: "visit", customerId, doneAt: iso(doneAt), ...extra });
    await visit("rep", made.quiet, TEST_NOW - 40 * DAY_MS);
    await visit("rep", made.recent, TEST_NOW - 5 * DAY_MS);
    await visit("rep2", made.theirs, TEST_NOW - 50 * DAY_MS);
    // an overdue follow-up and a visit planned for today (15:00 Shanghai = 07:00 UTC)
    await visit("rep", made.recent, TEST_NOW - 5 * DAY_MS + 1000, { nextFollowUpAt: iso(TEST_NOW - 2 * DAY_MS) });
    await t().call("rep", "POST", "/api/v1/activities", { kind: "visit", customerId: made.quiet, plannedAt: "2026-06-15T15:00:00+08:00", subject: "今日拜访" });
    // deals: one closing this month (June), one next month, one of rep2 this month
    const opp = (who: "rep" | "rep2", customerId: number, amountFen: number, expectedCloseDate: string) =>
      t().call(who, "POST", "/api/v1/opportunities", { customerId, pipelineId: made.pipeline, title: `商机${amountFen}`, amountFen, expectedCloseDate });
    await opp("rep", made.recent, 1_000_000_00, "2026-06-28");
    await opp("rep", made.recent, 5_000_000_00, "2026-07-02");
    await opp("rep2", made.theirs, 300_000_00, "2026-06-10");
    // the pool: rules on, 30 days without a follow-up, warned 3 days ahead; "从未联系" was received 28 days ago
    const pool = await defaultPoolId(db, TEST_NOW);
    await db.updateTable("pools").set({ rules_enabled: 1, exempt_open_deals: 1 }).where("id", "=", pool).execute();
    await db.insertInto("pool_rules").values({ pool_id: pool, kind: "no_follow_up", level: null, days: 30, warn_days: 3, position: 0 }).execute();
    await db
      .updateTable("customers")
      .set({ owner_since: TEST_NOW - 28 * DAY_MS, pool_id: pool })
      .where("id", "=", made.never)
      .execute();
    await db
      .updateTable("customers")
      .set({ owner_since: TEST_NOW - 60 * DAY_MS, pool_id: pool })
      .where("id", "in", [made.quiet, made.recent, made.theirs])
      .execute();
    await db
      .updateTable("customers")
      .set({ owner_since: TEST_NOW - 2 * DAY_MS, pool_id: pool })
      .where("id", "=", made.far)
      .execute();
    // targets for June: the rep 200万, team A 500万
    await db
      .insertInto("targets")
      .values([
        { scope: "user", scope_id: t().ids.rep, period: "2026-06", amount_fen: 2_000_000_00, units: null, updated_at: TEST_NOW },
        { scope: "team", scope_id: t().ids.teamA, period: "2026-06", amount_fen: 5_000_000_00, units: null, updated_at: TEST_NOW },
      ])
      .execute();
  }, 60_000);

  test("a rep's briefing: today's visit, the overdue follow-up, forgotten customers, the pool countdown, June's closings, the target", async () => {
    const r = await t().call("rep", "GET", `/api/v1/briefing?days=30&pipeline=${made.pipeline}`);
    expect(r.status).toBe(200);
    const b = r.body;
    expect(b.month).toBe("2026-06");
    expect(b.todayVisits.map((a: { subject: string }) => a.subject)).toEqual(["今日拜访"]);
    expect(b.overdue.map((a: { customerId: number }) => a.customerId)).toEqual([made.recent]);
    // 40 days quiet and never contacted are forgotten; visited 5 days ago is not; rep2's is not the rep's
    expect(b.forgotten.total).toBe(2);
    expect(b.forgotten.items.map((c: { customerId: number }) => c.customerId).sort()).toEqual([made.quiet, made.never].sort());
    expect(b.forgotten.items.find((c: { customerId: number }) => c.customerId === made.quiet).silentDays).toBe(40);
    // received 28 days ago without a follow-up: 30 − 28 = 2 days left; "四十天未联系" is already due (40 > 30) — the open deal exempts "五天前拜访"
    const pool = Object.fromEntries(
      b.poolSoon.items.map((p: { customerId: number; daysLeft: number; status: string }) => [p.customerId, [p.daysLeft, p.status]]),
    );
    expect(pool).toEqual({ [made.never]: [2, "warn"], [made.quiet]: [0, "due"] });
    expect(b.closing.count).toBe(1);
    expect(b.closing.amountFen).toBe(1_000_000_00);
    expect(b.closing.from).toBe("2026-06-01");
    expect(b.closing.to).toBe("2026-06-30");
    expect(b.targets.items.map((x: { scope: string; amount_fen: number }) => [x.scope, x.amount_fen])).toEqual([["user", 2_000_000_00]]);
    // the funnel counts the rep's two open deals
    expect(b.funnel.total.count).toBe(2);
    expect(b.funnel.total.amountFen).toBe(6_000_000_00);
  });

  test("a manager sees the team: rep2's forgotten customer and overdue closing too, and the team target", async () => {
    const b = (await t().call("manager", "GET", `/api/v1/briefing?days=30&pipeline=${made.pipeline}`)).body;
    expect(b.forgotten.items.map((c: { customerId: number }) => c.customerId)).toContain(made.theirs);
    expect(b.forgotten.items.map((c: { customerId: number }) => c.customerId)).not.toContain(made.far);
    expect(b.closing.count).toBe(2);
    expect(b.closing.overdueCount).toBe(1); // rep2's 2026-06-10 is past
    expect(b.targets.items.some((x: { scope: string; scopeId: number }) => x.scope === "team" && x.scopeId === t().ids.teamA)).toBe(true);
    expect(b.funnel.total.count).toBe(3);
  });

  test("another department's rep asking for the rep's briefing sees none of the rep's records", async () => {
    const b = (await t().call("otherRep", "GET", `/api/v1/briefing?owner=${t().ids.rep}`)).body;
    expect(b.forgotten.total).toBe(0);
    expect(b.poolSoon.total).toBe(0);
    expect(b.closing.count).toBe(0);
    expect(b.todayVisits).toEqual([]);
    expect(b.overdue).toEqual([]);
    expect(b.funnel.total.count).toBe(0);
  });

  test("a forgotten-days outside 1–365 is refused with the field", async () => {
    const r = await t().call("rep", "GET", "/api/v1/briefing?days=0");
    expect(r.status).toBe(400);
    expect(r.body.error.field).toBe("days");
  });

  test("this month's closings are counted over every deal, not the first 1,000 listed (1,205 deals, 20 shown)", async () => {
    const { db, ids } = t();
    const first = await t().call("otherRep", "POST", "/api/v1/opportunities", {
      customerId: made.far,
      pipelineId: made.pipeline,
      title: "外部门本月商机",
      amountFen: 100_00,
      expectedCloseDate: "2026-06-05",
    });
    expect(first.status).toBe(201);
    const { id: _id, ...row } = await db.selectFrom("opportunities").selectAll().where("id", "=", first.body.id).executeTakeFirstOrThrow();
    // 1,204 copies: every third one overdue (June 5th, before "today" June 15th), the others June 25th; amounts 1..1204 yuan
    const copies = Array.from({ length: 1204 }, (_, i) => ({
      ...row,
      amount_fen: (i + 1) * 100,
      expected_close_date: i % 3 === 0 ? "2026-06-05" : "2026-06-25",
    }));
    for (let i = 0; i < copies.length; i += 100)
      await db
        .insertInto("opportunities")
        .values(copies.slice(i, i + 100))
        .execute();
    // the oracle: the same deals counted by hand-written SQL
    const oracle = await db
      .selectFrom("opportunities")
      .select((eb) => [eb.fn.countAll<number>().as("n"), eb.fn.sum<number>("amount_fen").as("amount")])
      .where("owner_id", "=", ids.otherRep)
      .where("status", "=", "open")
      .where("expected_close_date", ">=", "2026-06-01")
      .where("expected_close_date", "<=", "2026-06-30")
      .executeTakeFirstOrThrow();
    expect(Number(oracle.n)).toBe(1205);
    const b = (await t().call("otherRep", "GET", "/api/v1/briefing")).body;
    expect(b.closing.count).toBe(1205);
    expect(b.closing.amountFen).toBe(Number(oracle.amount));
    expect(b.closing.amountFen).toBe(100_00 + ((1204 * 1205) / 2) * 100);
    expect(b.closing.overdueCount).toBe(1 + Math.ceil(1204 / 3));
    expect(b.closing.items).toHaveLength(20);
    // the rep of the other department still sees none of these
    expect((await t().call("rep", "GET", `/api/v1/briefing?owner=${ids.otherRep}`)).body.closing.count).toBe(0);
  });
});
