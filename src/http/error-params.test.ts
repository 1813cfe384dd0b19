/** Error envelopes carry the code, the field and translatable params (rule + values) beside the English message. */
import { beforeAll, expect, test } from "vitest";
import { installDefaults } from "../pipelines/install";
import { forEachApp } from "./testing";

forEachApp("error params", (t) => {
  beforeAll(async () => {
    await installDefaults(t().db, t().clock.now);
  });

  test("a schema error names the zod rule and its bound", async () => {
    const r = await t().call("rep", "POST", "/api/v1/opportunities", { customerId: 1, pipelineId: 1, title: "x", amountFen: -5, source: "inbound" });
    expect(r.status).toBe(400);
    expect(r.body.error).toMatchObject({ code: "INVALID", field: "amountFen", params: { rule: "too_small", minimum: 0 } });
    expect(r.body.error.message).toMatch(/amountFen/);
  });

  test("a skipped stage says from which stage to which, in both languages, without parsing the message", async () => {
    const c = await t().call("rep", "POST", "/api/v1/customers", { name: "参数测试客户" });
    const pipelines = (await t().call("rep", "GET", "/api/v1/pipelines")).body.items;
    const crm5 = pipelines.find((p: { key: string }) => p.key === "crm5");
    const o = await t().call("rep", "POST", "/api/v1/opportunities", {
      customerId: c.body.customer.id,
      pipelineId: crm5.id,
      title: "参数",
      amountFen: 100,
      source: "inbound",
    });
    const r = await t().call("rep", "POST", `/api/v1/opportunities/${o.body.id}/transition`, {
      version: o.body.version,
      action: "advance",
      toStageId: crm5.stages[3].id,
    });
    expect(r.status).toBe(422);
    expect(r.body.error.params).toEqual({
      from: crm5.stages[0].nameZh,
      fromEn: crm5.stages[0].nameEn,
      next: crm5.stages[1].nameZh,
      nextEn: crm5.stages[1].nameEn,
    });
    const stay = await t().call("rep", "POST", `/api/v1/opportunities/${o.body.id}/transition`, { version: o.body.version, action: "stay" });
    expect(stay.body.error).toMatchObject({ code: "REASON_REQUIRED", field: "reason", params: { rule: "stay" } });
  });

  test("an unknown record names the entity", async () => {
    const r = await t().call("rep", "GET", "/api/v1/opportunities/999999");
    expect(r.status).toBe(404);
    expect(r.body.error).toMatchObject({ code: "NOT_FOUND", params: { entity: "opportunity" } });
  });
});
