/** The key-account drill-down: a signing bucket's (or a cell's) customers come from the server, all of them, not the top N. */
import { beforeAll, expect, test } from "vitest";
import { forEachApp, TEST_NOW } from "../http/testing";
import { installDefaults } from "../pipelines/install";

const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);

forEachApp("key-account drill-down", (t) => {
  beforeAll(async () => {
    await installDefaults(t().db, t().clock.now);
    const pipelines = (await t().call("rep", "GET", "/api/v1/pipelines")).body.items;
    const crm5 = pipelines.find((p: { key: string }) => p.key === "crm5");
    // five customers close within a month, two in 3–6 months
    for (const [i, days] of [20, 21, 22, 23, 24, 120, 130].entries()) {
      const c = await t().call("rep", "POST", "/api/v1/customers", { name: `钻取客户${i}` });
      const o = await t().call("rep", "POST", "/api/v1/opportunities", {
        customerId: c.body.customer.id,
        pipelineId: crm5.id,
        title: `钻取${i}`,
        amountFen: (i + 1) * 1_000_000,
        source: "inbound",
        expectedCloseDate: iso(TEST_NOW + days * DAY),
      });
      expect(o.status).toBe(201);
    }
  });

  test("asking for one bucket lists every customer of it, beyond the page limit of the overview", async () => {
    const all = await t().call("rep", "GET", "/api/v1/reports/key-accounts?limit=2");
    expect(all.status).toBe(200);
    const bar = all.body.signing.find((s: { bucket: string }) => s.bucket === "0-1m");
    expect(bar.customers).toBe(5);
    expect(all.body.places).toHaveLength(2);
    const drill = await t().call("rep", "GET", "/api/v1/reports/key-accounts?signing=0-1m&limit=1000");
    expect(drill.body.placesTotal).toBe(5);
    expect(drill.body.places.map((p: { name: string }) => p.name).sort()).toEqual(["钻取客户0", "钻取客户1", "钻取客户2", "钻取客户3", "钻取客户4"]);
    const later = await t().call("rep", "GET", "/api/v1/reports/key-accounts?signing=3-6m&limit=1");
    expect(later.body.placesTotal).toBe(2);
    expect(later.body.places).toHaveLength(1);
  });

  test("an unknown bucket is a 400 naming the field", async () => {
    const r = await t().call("rep", "GET", "/api/v1/reports/key-accounts?signing=soon");
    expect(r.status).toBe(400);
    expect(r.body.error.field).toBe("signing");
  });
});
