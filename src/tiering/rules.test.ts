/**
 * Issue 11: tier filters work before the first night, the re-tiering job keeps priorities set by hand or by
 * import and runs on demand, and the revisit cadence per priority dates the next follow-up (seed 000: 定期回访).
 */
import { beforeAll, expect, test } from "vitest";
import { ordersChanged } from "../readmodels/maintain";
import { forEachApp, TEST_NOW } from "../http/testing";
import { importCsv } from "../import/fixtures";
import { insertOpenOpportunity } from "../opportunities/test-rows-store";
import { retier } from "./retier";

const DAY = 86_400_000;

forEachApp("tiering rules on every path", (t) => {
  const ids: number[] = [];
  beforeAll(async () => {
    const { db, ids: who } = t();
    for (let i = 1; i <= 6; i++) {
      const c = await db
        .insertInto("customers")
        .values({
          name: `分层客户${i}`,
          name_norm: `分层客户${i}`,
          owner_id: i % 2 ? who.rep : who.rep2,
          tags: "[]",
          size_band: "small",
          created_at: TEST_NOW - 400 * DAY,
          updated_at: TEST_NOW - 400 * DAY,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      ids.push(c.id);
      // customer i buys ¥10,000·i³ in the window
      await db
        .insertInto("orders")
        .values({
          customer_id: c.id,
          ordered_at: TEST_NOW - 30 * DAY,
          amount_fen: 1_000_000 * i ** 3,
          cost_fen: 0,
          units: 1,
          product: null,
          created_at: TEST_NOW,
          opportunity_id: null,
          external_id: null,
        })
        .execute();
    }
    await ordersChanged(db, ids); // rows written straight to the table: keep the order roll-up in step, as the writers do
  });

  test("a tier filter answers before any night has run: the tiers are computed on first need", async () => {
    expect(await t().db.selectFrom("tier_assignments").select("id").limit(1).execute()).toEqual([]);
    const r = await t().call("admin", "GET", "/api/v1/customers?tier=abc:A&limit=50");
    expect(r.status).toBe(200);
    // revenue 1, 8, 27, 64, 125, 216 (×¥10,000): cumulative share from the top 216/441 = 49 %, 341/441 = 77 %, 405/441 = 92 %
    // so A holds customers 6, 5 and 4 (the customer crossing 80 % is still A: the share before it is 77 %)
    expect(r.body.items.map((c: { id: number }) => c.id).sort()).toEqual([ids[3], ids[4], ids[5]].sort());
  });

  test("the job keeps a priority set by hand or by import, and changes one it set itself", async () => {
    const { db } = t();
    const c1 = await t().call("rep", "GET", `/api/v1/customers/${ids[0]}`);
    const manual = await t().call("rep", "PATCH", `/api/v1/customers/${ids[0]}`, { version: c1.body.version, priority: "high" });
    expect(manual.status).toBe(200);
    const auto = await db
      .insertInto("customers")
      .values({
        name: "分层自动客户",
        name_norm: "分层自动客户",
        owner_id: t().ids.rep,
        tags: "[]",
        size_band: "small",
        priority: "high",
        created_at: TEST_NOW,
        updated_at: TEST_NOW,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    expect((await importCsv(db, "customers", "external_id,name,priority\nIMP1,分层导入客户,高", t().ids.admin)).errors).toEqual([]);
    await retier(db, TEST_NOW + DAY, "Asia/Shanghai");
    const prio = async (where: ["id", number] | ["external_id", string]) =>
      await db
        .selectFrom("customers")
        .select(["priority", "priority_source"])
        .where(where[0], "=", where[1] as never)
        .executeTakeFirstOrThrow();
    // small companies without open deals score 30·size/100 ≤ 35: the job's own answer is "low"
    expect(await prio(["id", ids[0]])).toEqual({ priority: "high", priority_source: "manual" });
    expect(await prio(["external_id", "IMP1"])).toEqual({ priority: "high", priority_source: "import" });
    expect(await prio(["id", auto.id])).toEqual({ priority: "low", priority_source: "auto" });
    // the kept priority is the customer's priority tier too
    const tiers = await t().call("rep", "GET", `/api/v1/customers/${ids[0]}/tiers`);
    expect(tiers.body.current.priority.tier).toBe("high");
  });

  test("the job runs on demand for admins and managers, not reps", async () => {
    expect((await t().call("rep", "POST", "/api/v1/tiering/retier")).status).toBe(403);
    const r = await t().call("manager", "POST", "/api/v1/tiering/retier");
    expect(r.status).toBe(200);
    expect(Object.keys(r.body.changed).sort()).toEqual(["abc", "grade", "kaism", "priority", "pyramid", "rfm"]);
  });

  test("the revisit cadence dates the next follow-up: 7 days for high, 14 for medium, after the last contact", async () => {
    const c = await t().call("rep", "POST", "/api/v1/customers", { name: "回访客户", priority: "medium" });
    // created 2026-06-15 with no contact yet: due 14 days later
    expect(c.body.customer.nextFollowUpDate).toBe("2026-06-29");
    const high = await t().call("rep", "PATCH", `/api/v1/customers/${c.body.customer.id}`, { version: c.body.customer.version, priority: "high" });
    expect(high.body.nextFollowUpDate).toBe("2026-06-22");
    // a visit done on 2026-06-18 (Shanghai) re-dates it to 7 days later
    const visit = await t().call("rep", "POST", "/api/v1/activities", {
      customerId: c.body.customer.id,
      kind: "visit",
      doneAt: "2026-06-18T11:00:00+08:00",
      subject: "拜访",
    });
    expect(visit.body.error).toBeUndefined();
    expect((await t().call("rep", "GET", `/api/v1/customers/${c.body.customer.id}`)).body.nextFollowUpDate).toBe("2026-06-25");
    // a follow-up date given by the rep wins over the cadence
    await t().call("rep", "POST", "/api/v1/activities", {
      customerId: c.body.customer.id,
      kind: "call",
      doneAt: "2026-06-19T11:00:00+08:00",
      nextFollowUpAt: "2026-07-10T11:00:00+08:00",
    });
    expect((await t().call("rep", "GET", `/api/v1/customers/${c.body.customer.id}`)).body.nextFollowUpDate).toBe("2026-07-10");
  });

  test("the job's change of priority brings the next revisit forward to the new cadence", async () => {
    const { db } = t();
    await db.updateTable("customers").set({ priority: "low", priority_source: "auto", next_follow_up_date: "2026-09-01" }).where("id", "=", ids[5]).execute();
    // an open deal at 90 % gives customer 6 intent 90 and need 100: 0.3·20 + 0.3·100 + 0.4·90 = 72 ≥ 65, high
    const p = await db.selectFrom("pipelines").select("id").where("key", "=", "crm5").executeTakeFirst();
    expect(p).toBeUndefined(); // no pipelines installed here: use a probability override on a hand-made stage
    const pipe = await db
      .insertInto("pipelines")
      .values({
        key: "t",
        name_zh: "测",
        name_en: "t",
        kind: "deal",
        skip_rule: "strict",
        checklist_rule: "warn",
        template: null,
        archived: 0,
        created_at: TEST_NOW,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    const st = await db
      .insertInto("stages")
      .values({
        pipeline_id: pipe.id,
        key: "s",
        name_zh: "阶段",
        name_en: "stage",
        position: 1,
        probability: 90,
        kind: "open",
        definition_zh: null,
        definition_en: null,
        stall_days: null,
        owner_role: null,
        target_conversion: null,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await insertOpenOpportunity(db, {
      pipelineId: pipe.id,
      stageId: st.id,
      customerId: ids[5],
      ownerId: t().ids.rep,
      title: "大单",
      amountFen: 100_000_000,
      units: 0,
      at: TEST_NOW,
    });
    await retier(db, TEST_NOW, "Asia/Shanghai");
    const c6 = await db.selectFrom("customers").select(["priority", "next_follow_up_date"]).where("id", "=", ids[5]).executeTakeFirstOrThrow();
    // last contact: none, so the customer's creation (2025-05-11); 7 days after it is long past, and earlier than 2026-09-01
    expect(c6).toEqual({ priority: "high", next_follow_up_date: "2025-05-18" });
  });
});
