import { beforeAll, describe, expect, test } from "vitest";
import { forEachApp, type Person, type TestApp } from "../http/testing";
import { installDefaults } from "../pipelines/install";

/** Creates a customer + opportunity in the CRM five-stage pipeline owned by `who`. */
async function dealFor(t: TestApp, who: Person, title = "ERP 升级项目") {
  const c = await t.call(who, "POST", "/api/v1/customers", { name: `${title} 客户 ${Math.random()}` });
  expect(c.status).toBe(201);
  const pipelines = (await t.call(who, "GET", "/api/v1/pipelines")).body.items;
  const crm5 = pipelines.find((p: { key: string }) => p.key === "crm5");
  const o = await t.call(who, "POST", "/api/v1/opportunities", {
    customerId: c.body.customer.id,
    pipelineId: crm5.id,
    title,
    amountFen: 3_000_000_00,
    source: "inbound",
  });
  expect(o.status).toBe(201);
  return { customerId: c.body.customer.id as number, opp: o.body, pipeline: crm5 };
}

forEachApp("opportunities move through the funnel", (t) => {
  beforeAll(async () => {
    await installDefaults(t().db, t().clock.now);
  });

  test("a new opportunity starts in the first stage with a create event", async () => {
    const { opp, pipeline } = await dealFor(t(), "rep");
    expect(opp.stageId).toBe(pipeline.stages[0].id);
    const ev = await t().call("rep", "GET", `/api/v1/opportunities/${opp.id}/events`);
    expect(ev.body.items).toMatchObject([{ kind: "create", fromStageId: null, toStageId: pipeline.stages[0].id }]);
  });

  test("skipping from 线索挖掘 to 协议 is refused (422) and changes nothing", async () => {
    const { opp, pipeline } = await dealFor(t(), "rep");
    const r = await t().call("rep", "POST", `/api/v1/opportunities/${opp.id}/transition`, {
      version: opp.version,
      action: "advance",
      toStageId: pipeline.stages[3].id,
    });
    expect(r.status).toBe(422);
    expect(r.body.error.code).toBe("STAGE_SKIPPED");
    const after = await t().call("rep", "GET", `/api/v1/opportunities/${opp.id}`);
    expect(after.body.stageId).toBe(pipeline.stages[0].id);
    expect(after.body.version).toBe(opp.version);
    expect(after.body.events).toHaveLength(1);
  });

  test("the exit checklist gates the move; ticking every item (with evidence) lets it through", async () => {
    const { opp, pipeline } = await dealFor(t(), "rep");
    const first = pipeline.stages[0];
    expect(first.criteria.length).toBeGreaterThan(0);
    const blocked = await t().call("rep", "POST", `/api/v1/opportunities/${opp.id}/transition`, { version: opp.version, action: "advance" });
    expect(blocked.status).toBe(422);
    expect(blocked.body.error.code).toBe("CHECKLIST_INCOMPLETE");
    expect(blocked.body.error.details.missing).toEqual(first.criteria.map((c: { id: number }) => c.id));
    for (const c of first.criteria) {
      const tick = await t().call("rep", "PUT", `/api/v1/opportunities/${opp.id}/checks/${c.id}`, { note: "客户邮件确认" });
      expect(tick.status).toBe(200);
    }
    const moved = await t().call("rep", "POST", `/api/v1/opportunities/${opp.id}/transition`, { version: opp.version, action: "advance" });
    expect(moved.status).toBe(200);
    expect(moved.body.stageId).toBe(pipeline.stages[1].id);
    expect(moved.body.version).toBe(opp.version + 1);
    const detail = await t().call("rep", "GET", `/api/v1/opportunities/${opp.id}`);
    expect(detail.body.checks[0]).toMatchObject({ checkedBy: t().ids.rep, note: "客户邮件确认" });
  });

  test("a warn-mode checklist can be overridden with a reason, and the override is recorded", async () => {
    const { opp, pipeline } = await dealFor(t(), "rep");
    expect(pipeline.checklistRule).toBe("warn");
    const r = await t().call("rep", "POST", `/api/v1/opportunities/${opp.id}/transition`, {
      version: opp.version,
      action: "advance",
      override: true,
      reason: "总经理口头确认需求",
    });
    expect(r.status).toBe(200);
    const ev = (await t().call("rep", "GET", `/api/v1/opportunities/${opp.id}/events`)).body.items;
    expect(ev[1]).toMatchObject({ kind: "advance", override: true, reason: "总经理口头确认需求", actorId: t().ids.rep });
  });

  test("a strict checklist cannot be overridden", async () => {
    const { opp, pipeline } = await dealFor(t(), "rep");
    const p = await t().call("admin", "PATCH", `/api/v1/pipelines/${pipeline.id}`, { version: pipeline.version, checklistRule: "strict" });
    expect(p.status).toBe(200);
    const r = await t().call("rep", "POST", `/api/v1/opportunities/${opp.id}/transition`, {
      version: opp.version,
      action: "advance",
      override: true,
      reason: "x",
    });
    expect(r.status).toBe(422);
    await t().call("admin", "PATCH", `/api/v1/pipelines/${pipeline.id}`, { version: p.body.version, checklistRule: "warn" });
  });

  test("back and stay need a reason and append events", async () => {
    const { opp, pipeline } = await dealFor(t(), "rep");
    const a = await t().call("rep", "POST", `/api/v1/opportunities/${opp.id}/transition`, {
      version: opp.version,
      action: "advance",
      override: true,
      reason: "ok",
    });
    const noReason = await t().call("rep", "POST", `/api/v1/opportunities/${opp.id}/transition`, {
      version: a.body.version,
      action: "back",
      toStageId: pipeline.stages[0].id,
    });
    expect(noReason.status).toBe(422);
    expect(noReason.body.error.code).toBe("REASON_REQUIRED");
    const back = await t().call("rep", "POST", `/api/v1/opportunities/${opp.id}/transition`, {
      version: a.body.version,
      action: "back",
      toStageId: pipeline.stages[0].id,
      reason: "需求未确认",
    });
    expect(back.status).toBe(200);
    const stay = await t().call("rep", "POST", `/api/v1/opportunities/${opp.id}/transition`, {
      version: back.body.version,
      action: "stay",
      reason: "等待预算",
    });
    expect(stay.status).toBe(200);
    const kinds = (await t().call("rep", "GET", `/api/v1/opportunities/${opp.id}/events`)).body.items.map((e: { kind: string }) => e.kind);
    expect(kinds).toEqual(["create", "advance", "back", "stay"]);
  });

  test("won needs a signed contract and the first payment; giving them inline wins it", async () => {
    const { opp, pipeline } = await dealFor(t(), "rep");
    let v = opp.version;
    for (let i = 0; i < 3; i++)
      v = (await t().call("rep", "POST", `/api/v1/opportunities/${opp.id}/transition`, { version: v, action: "advance", override: true, reason: "ok" })).body
        .version;
    const noPay = await t().call("rep", "POST", `/api/v1/opportunities/${opp.id}/transition`, { version: v, action: "won", override: true, reason: "ok" });
    expect(noPay.status).toBe(422);
    expect(noPay.body.error.code).toBe("WON_NEEDS_PAYMENT");
    const won = await t().call("rep", "POST", `/api/v1/opportunities/${opp.id}/transition`, {
      version: v,
      action: "won",
      override: true,
      reason: "ok",
      contract: {
        number: `HT-${opp.id}`,
        signedAt: "2026-06-14",
        amountFen: 3_000_000_00,
        firstPaymentFen: 900_000_00,
        receivedAt: "2026-06-15",
        balanceDueDate: "2026-07-15",
      },
    });
    expect(won.status).toBe(200);
    expect(won.body).toMatchObject({ status: "won", stageId: pipeline.stages.find((s: { kind: string }) => s.kind === "won").id });
    const pay = await t()
      .db.selectFrom("payments as p")
      .innerJoin("contracts as c", "c.id", "p.contract_id")
      .select("p.amount_fen")
      .where("c.opportunity_id", "=", opp.id)
      .execute();
    expect(pay.map((p) => p.amount_fen)).toEqual([900_000_00]);
  });

  test("lost needs a reason from the list", async () => {
    const { opp } = await dealFor(t(), "rep");
    const r1 = await t().call("rep", "POST", `/api/v1/opportunities/${opp.id}/transition`, { version: opp.version, action: "lost" });
    expect(r1.body.error.code).toBe("LOST_NEEDS_REASON");
    const r2 = await t().call("rep", "POST", `/api/v1/opportunities/${opp.id}/transition`, {
      version: opp.version,
      action: "lost",
      lostReason: "competitor",
      reason: "对手低价 20%",
    });
    expect(r2.status).toBe(200);
    expect(r2.body).toMatchObject({ status: "lost", lostReason: "competitor" });
  });

  test("a stale version answers 409 and changes nothing", async () => {
    const { opp } = await dealFor(t(), "rep");
    const first = await t().call("rep", "PATCH", `/api/v1/opportunities/${opp.id}`, { version: opp.version, amountFen: 1_000_00 });
    expect(first.status).toBe(200);
    const stale = await t().call("manager", "PATCH", `/api/v1/opportunities/${opp.id}`, { version: opp.version, amountFen: 2_000_00 });
    expect(stale.status).toBe(409);
    expect(stale.body.error).toMatchObject({ code: "VERSION_CONFLICT", details: { current: opp.version + 1 } });
    const staleMove = await t().call("manager", "POST", `/api/v1/opportunities/${opp.id}/transition`, { version: opp.version, action: "stay", reason: "x" });
    expect(staleMove.status).toBe(409);
    const now = await t().call("rep", "GET", `/api/v1/opportunities/${opp.id}`);
    expect(now.body.amountFen).toBe(1_000_00);
    expect(now.body.events).toHaveLength(1);
  });

  test("every change lands in the audit log", async () => {
    const { opp } = await dealFor(t(), "rep");
    await t().call("rep", "PATCH", `/api/v1/opportunities/${opp.id}`, { version: opp.version, title: "新标题" });
    const log = await t().call("manager", "GET", `/api/v1/audit?entity=opportunity&id=${opp.id}`);
    expect(log.body.items.map((i: { action: string }) => i.action)).toEqual(["update", "create"]);
    expect(log.body.items[0].diff.title).toEqual(["ERP 升级项目", "新标题"]);
  });
});

forEachApp("who sees which opportunity", (t) => {
  let ids: Record<string, number> = {};
  beforeAll(async () => {
    await installDefaults(t().db, t().clock.now);
    for (const who of ["rep", "rep2", "otherRep"] as const) ids[who] = (await dealFor(t(), who, `${who} 的项目`)).opp.id;
  });

  const cases: Array<[Person, string, number]> = [
    ["rep", "rep", 200],
    ["rep", "rep2", 404],
    ["rep", "otherRep", 404],
    ["manager", "rep", 200],
    ["manager", "rep2", 200],
    ["manager", "otherRep", 404],
    ["otherManager", "rep", 404],
    ["otherManager", "otherRep", 200],
    ["admin", "rep", 200],
    ["admin", "otherRep", 200],
  ];
  describe.each(cases)("%s reading %s's opportunity", (who, owner, status) => {
    test(`GET answers ${status}`, async () => {
      expect((await t().call(who, "GET", `/api/v1/opportunities/${ids[owner]}`)).status).toBe(status);
    });
    test(`PATCH answers ${status === 200 ? "200" : "404"}`, async () => {
      const cur = await t().call("admin", "GET", `/api/v1/opportunities/${ids[owner]}`);
      const r = await t().call(who, "PATCH", `/api/v1/opportunities/${ids[owner]}`, { version: cur.body.version, units: 2 });
      expect(r.status).toBe(status);
    });
    test(`transition answers ${status === 200 ? "200" : "404"}`, async () => {
      const cur = await t().call("admin", "GET", `/api/v1/opportunities/${ids[owner]}`);
      const r = await t().call(who, "POST", `/api/v1/opportunities/${ids[owner]}/transition`, {
        version: cur.body.version,
        action: "stay",
        reason: "检查权限",
      });
      expect(r.status).toBe(status);
    });
  });

  test("lists and the board show each role only its scope", async () => {
    const seen = async (who: Person) => (await t().call(who, "GET", "/api/v1/opportunities?limit=100")).body.items.map((o: { id: number }) => o.id).sort();
    expect(await seen("rep")).toEqual([ids.rep]);
    expect(await seen("manager")).toEqual([ids.rep, ids.rep2].sort());
    expect(await seen("otherManager")).toEqual([ids.otherRep]);
    expect(await seen("admin")).toEqual([ids.rep, ids.rep2, ids.otherRep].sort());
    const pipelineId = (await t().call("rep", "GET", `/api/v1/opportunities/${ids.rep}`)).body.pipelineId;
    const board = await t().call("rep", "GET", `/api/v1/board?pipeline=${pipelineId}`);
    expect(board.body.columns[0].count).toBe(1);
    expect(board.body.columns[0].amountFen).toBe(3_000_000_00);
  });

  test("sharing lets another rep see one opportunity", async () => {
    expect((await t().call("rep2", "GET", `/api/v1/opportunities/${ids.rep}`)).status).toBe(404);
    expect((await t().call("rep", "POST", `/api/v1/opportunities/${ids.rep}/shares`, { userId: t().ids.rep2 })).status).toBe(201);
    expect((await t().call("rep2", "GET", `/api/v1/opportunities/${ids.rep}`)).status).toBe(200);
  });

  test("a rep cannot hand an opportunity to someone else; only admins edit pipelines", async () => {
    const cur = await t().call("rep", "GET", `/api/v1/opportunities/${ids.rep}`);
    const r = await t().call("rep", "PATCH", `/api/v1/opportunities/${ids.rep}`, { version: cur.body.version, ownerId: t().ids.otherRep });
    expect(r.status).toBe(403);
    const p = cur.body.pipeline;
    expect((await t().call("rep", "PATCH", `/api/v1/pipelines/${p.id}`, { version: p.version, skipRule: "warn" })).status).toBe(403);
    expect((await t().call("manager", "PATCH", `/api/v1/stages/${p.stages[0].id}`, { probability: 15 })).status).toBe(403);
    expect((await t().call("admin", "PATCH", `/api/v1/stages/${p.stages[0].id}`, { probability: 15 })).status).toBe(200);
  });
});
