import { beforeAll, expect, test } from "vitest";
import { forEachApp } from "../http/testing";
import { installDefaults } from "../pipelines/install";

// Issue 11: with nothing in the previous period, "same bottleneck as last period" is unknown (null), not false.
forEachApp("conversion report without a previous period", (t) => {
  beforeAll(async () => {
    await installDefaults(t().db, t().clock.now);
  });

  test("a first quarter's bottleneck has sameAsPrevious null", async () => {
    const crm5 = (await t().call("rep", "GET", "/api/v1/pipelines")).body.items.find((p: { key: string }) => p.key === "crm5");
    for (let i = 0; i < 3; i++) {
      const c = await t().call("rep", "POST", "/api/v1/customers", { name: `漏斗首季 ${i}` });
      const o = await t().call("rep", "POST", "/api/v1/opportunities", {
        customerId: c.body.customer.id,
        pipelineId: crm5.id,
        title: `首季 ${i}`,
        amountFen: 100_00,
      });
      if (i > 0)
        await t().call("rep", "POST", `/api/v1/opportunities/${o.body.id}/transition`, { version: o.body.version, action: "lost", lostReason: "budget" });
    }
    const r = await t().call("admin", "GET", `/api/v1/reports/conversion?pipeline=${crm5.id}&period=2026-Q2`);
    expect(r.status).toBe(200);
    expect(r.body.bottleneck).toMatchObject({ fromStageId: crm5.stages[0].id, lost: 3, lossRatio: 1 });
    expect(r.body.previousOverall).toBeNull();
    expect(r.body.bottleneck.sameAsPrevious).toBeNull();
  });
});
