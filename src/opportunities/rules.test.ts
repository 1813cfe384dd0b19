import { beforeAll, expect, test } from "vitest";
import { forEachApp, type Person, type TestApp } from "../http/testing";
import { installDefaults } from "../pipelines/install";

// Issue 11, "Rules": reopen and the Won move's inline contract, over the API on both engines.
async function dealFor(t: TestApp, who: Person, title: string) {
  const c = await t.call(who, "POST", "/api/v1/customers", { name: `${title} 客户 ${Math.random()}` });
  const crm5 = (await t.call(who, "GET", "/api/v1/pipelines")).body.items.find((p: { key: string }) => p.key === "crm5");
  const o = await t.call(who, "POST", "/api/v1/opportunities", { customerId: c.body.customer.id, pipelineId: crm5.id, title, amountFen: 300_000_000 });
  expect(o.status).toBe(201);
  const open = crm5.stages.filter((s: { kind: string }) => s.kind === "open").map((s: { id: number }) => s.id) as number[];
  return { customerId: c.body.customer.id as number, id: o.body.id as number, version: o.body.version as number, open };
}
const move = (t: TestApp, id: number, body: object, who: Person = "rep") => t.call(who, "POST", `/api/v1/opportunities/${id}/transition`, body);

forEachApp("reopen goes back to the stage it left, or through the gate", (t) => {
  beforeAll(async () => {
    await installDefaults(t().db, t().clock.now);
  });

  test("lost from 合格 then reopened with toStageId = 协议 is refused (strict skip) and changes nothing", async () => {
    const d = await dealFor(t(), "rep", "重开跳级");
    const a = await move(t(), d.id, { version: d.version, action: "advance", override: true, reason: "电话确认" });
    expect(a.body.stageId).toBe(d.open[1]);
    const lost = await move(t(), d.id, { version: a.body.version, action: "lost", lostReason: "budget" });
    expect(lost.status).toBe(200);
    const jump = await move(t(), d.id, { version: lost.body.version, action: "reopen", toStageId: d.open[3], reason: "客户重启", override: true });
    expect(jump.status).toBe(422);
    expect(jump.body.error).toMatchObject({ code: "STAGE_SKIPPED", field: "toStageId" });
    const after = await t().call("rep", "GET", `/api/v1/opportunities/${d.id}`);
    expect(after.body).toMatchObject({ status: "lost", version: lost.body.version });
    expect(after.body.events.map((e: { kind: string }) => e.kind)).toEqual(["create", "advance", "lost"]);
  });

  test("reopen without toStageId returns to the stage it left", async () => {
    const d = await dealFor(t(), "rep", "重开回原阶段");
    const a = await move(t(), d.id, { version: d.version, action: "advance", override: true, reason: "电话确认" });
    const lost = await move(t(), d.id, { version: a.body.version, action: "lost", lostReason: "budget" });
    const back = await move(t(), d.id, { version: lost.body.version, action: "reopen", reason: "预算批下来了" });
    expect(back.status).toBe(200);
    expect(back.body).toMatchObject({ status: "open", stageId: d.open[1], lostReason: null });
  });

  test("reopen one stage past the one it left goes through the (warn) checklist: override and reason recorded", async () => {
    const d = await dealFor(t(), "rep", "重开过闸");
    const a = await move(t(), d.id, { version: d.version, action: "advance", override: true, reason: "电话确认" });
    const lost = await move(t(), d.id, { version: a.body.version, action: "lost", lostReason: "budget" });
    const noOverride = await move(t(), d.id, { version: lost.body.version, action: "reopen", toStageId: d.open[2], reason: "直接报价" });
    expect(noOverride.status).toBe(422);
    expect(noOverride.body.error.code).toBe("CHECKLIST_INCOMPLETE");
    const ok = await move(t(), d.id, { version: lost.body.version, action: "reopen", toStageId: d.open[2], reason: "直接报价", override: true });
    expect(ok.status).toBe(200);
    expect(ok.body.stageId).toBe(d.open[2]);
    const events = (await t().call("rep", "GET", `/api/v1/opportunities/${d.id}/events`)).body.items;
    expect(events.at(-1)).toMatchObject({ kind: "reopen", fromStageId: lost.body.stageId, toStageId: d.open[2], override: true });
  });
});

forEachApp("the Won move's inline contract is validated", (t) => {
  beforeAll(async () => {
    await installDefaults(t().db, t().clock.now);
  });
  // TEST_NOW is 2026-06-15 10:00 in Shanghai.
  const contract = (n: string, over: object = {}) => ({
    number: n,
    signedAt: "2026-06-14",
    amountFen: 300_000_000,
    firstPaymentFen: 90_000_000,
    receivedAt: "2026-06-15",
    balanceDueDate: "2026-07-15",
    ...over,
  });
  async function atAgreement(title: string) {
    const d = await dealFor(t(), "rep", title);
    let v = d.version;
    for (let i = 0; i < 3; i++) v = (await move(t(), d.id, { version: v, action: "advance", override: true, reason: "ok" })).body.version;
    return { ...d, version: v };
  }
  const cases: Array<[string, object, string, string]> = [
    ["signed tomorrow", { signedAt: "2026-06-16", receivedAt: "2026-06-16" }, "CONTRACT_SIGNED_IN_FUTURE", "contract.signedAt"],
    ["paid before signing", { receivedAt: "2026-06-13" }, "PAYMENT_BEFORE_SIGNING", "contract.receivedAt"],
    ["paid tomorrow", { receivedAt: "2026-06-16" }, "PAYMENT_IN_FUTURE", "contract.receivedAt"],
    ["a 1-fen first payment", { firstPaymentFen: 1 }, "FIRST_PAYMENT_TOO_SMALL", "contract.firstPaymentFen"],
    ["the balance due the same day", { balanceDueDate: "2026-06-15" }, "BALANCE_DUE_TOO_EARLY", "contract.balanceDueDate"],
    ["no balance date", { balanceDueDate: undefined }, "BALANCE_DUE_DATE_REQUIRED", "contract.balanceDueDate"],
  ];
  test.each(cases)("%s is refused with a specific code and nothing is recorded", async (label, over, code, field) => {
    const d = await atAgreement(`赢单校验 ${label}`);
    const r = await move(t(), d.id, { version: d.version, action: "won", override: true, reason: "ok", contract: contract(`HT-${d.id}`, over) });
    expect(r.status).toBe(422);
    expect(r.body.error).toMatchObject({ code, field });
    expect(await t().db.selectFrom("contracts").select("id").where("opportunity_id", "=", d.id).execute()).toEqual([]);
    expect((await t().call("rep", "GET", `/api/v1/opportunities/${d.id}`)).body).toMatchObject({ status: "open", version: d.version });
  });

  test("a valid contract wins the deal: signed, not overdue, and qualified once the balance is paid on time", async () => {
    const d = await atAgreement("赢单合格");
    const won = await move(t(), d.id, { version: d.version, action: "won", override: true, reason: "ok", contract: contract(`HT-${d.id}`) });
    expect(won.status).toBe(200);
    const s1 = await t().call("rep", "GET", `/api/v1/customers/${d.customerId}/sign-status`);
    expect(s1.body.status).toBe("signed");
    const k = s1.body.contracts[0];
    expect(k.schedule).toEqual([
      { seq: 1, dueDate: "2026-06-15", amountFen: 90_000_000 },
      { seq: 2, dueDate: "2026-07-15", amountFen: 210_000_000 },
    ]);
    expect(k.status.late).toBe(false);
    t().clock.now += 10 * 86_400_000; // 2026-06-25, before the balance is due
    const pay = await t().call("rep", "POST", `/api/v1/contracts/${k.id}/payments`, { receivedDate: "2026-06-25", amountFen: 210_000_000 });
    expect(pay.status).toBe(201);
    expect((await t().call("rep", "GET", `/api/v1/customers/${d.customerId}/sign-status`)).body.status).toBe("qualified");
    t().clock.now -= 10 * 86_400_000;
  });

  test("the minimum first-payment share is a setting only an admin changes", async () => {
    expect((await t().call("rep", "PUT", "/api/v1/settings/won", { minFirstPaymentShare: 0.5 })).status).toBe(403);
    expect((await t().call("admin", "PUT", "/api/v1/settings/won", { minFirstPaymentShare: 0.5 })).status).toBe(200);
    expect((await t().call("rep", "GET", "/api/v1/settings/won")).body).toEqual({ minFirstPaymentShare: 0.5 });
    const d = await atAgreement("赢单首款比例");
    const r = await move(t(), d.id, { version: d.version, action: "won", override: true, reason: "ok", contract: contract(`HT-${d.id}`) });
    expect(r.body.error).toMatchObject({ code: "FIRST_PAYMENT_TOO_SMALL", details: { minimumFen: 150_000_000 } });
    const ok = await move(t(), d.id, {
      version: d.version,
      action: "won",
      override: true,
      reason: "ok",
      contract: contract(`HT-${d.id}`, { firstPaymentFen: 150_000_000 }),
    });
    expect(ok.status).toBe(200);
    await t().call("admin", "PUT", "/api/v1/settings/won", { minFirstPaymentShare: 0.1 });
  });
});
