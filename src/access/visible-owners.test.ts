/**
 * The implied owner condition (visibleOwners) beside the access rule changes no answer: reports that use it for the
 * owner indexes still count a viewer's own deals, deals shared with them or their department, and not expired shares
 * or deals of others — hand-counted below, on both engines.
 */
import { expect, test } from "vitest";
import { forEachApp, type Person } from "../http/testing";
import { installDefaults } from "../pipelines/install";

forEachApp("reports with the implied owner condition see exactly the access rule's rows", (t) => {
  test("own, user-shared and department-shared commit deals count; an expired share and others' deals do not", async () => {
    const { db, clock } = t();
    await installDefaults(db, clock.now);
    const pipeline = await db.selectFrom("pipelines").select("id").where("kind", "=", "deal").where("archived", "=", 0).orderBy("id").executeTakeFirstOrThrow();
    const deptA = await db.selectFrom("departments").select("id").where("name", "=", "测试一组").executeTakeFirstOrThrow();
    const deal = async (who: Person, title: string) => {
      const c = await t().call(who, "POST", "/api/v1/customers", { name: `${title}有限公司` });
      expect(c.status).toBe(201);
      const o = await t().call(who, "POST", "/api/v1/opportunities", {
        customerId: c.body.customer.id,
        pipelineId: pipeline.id,
        title,
        amountFen: 1_000_000,
        expectedCloseDate: "2026-06-25",
        forecastCategory: "commit",
      });
      expect(o.status).toBe(201);
      return o.body.id as number;
    };
    await deal("rep", "自己的单");
    await deal("rep2", "同组的单");
    const toRep = await deal("otherRep", "分享给我的单");
    const toDept = await deal("otherRep", "分享给一组的单");
    const expired = await deal("otherRep", "分享已过期的单");
    await deal("otherRep", "别人的单");
    const share = async (id: number, body: object) => expect((await t().call("otherRep", "POST", `/api/v1/opportunities/${id}/shares`, body)).status).toBe(201);
    await share(toRep, { userId: t().ids.rep, access: "read" });
    await share(toDept, { departmentId: deptA.id, access: "read" });
    await share(expired, { userId: t().ids.rep, access: "read", expiresAt: clock.now + 60_000 });
    clock.now += 5 * 60_000; // the third share has expired

    const counts = async (who: Person) => {
      const funnel = (await t().call(who, "GET", `/api/v1/reports/funnel?pipeline=${pipeline.id}`)).body;
      const friday = (await t().call(who, "GET", "/api/v1/reports/forecast/friday?period=2026-Q2")).body;
      const velocity = (await t().call(who, "GET", `/api/v1/reports/velocity?pipeline=${pipeline.id}`)).body;
      return [funnel.total.count, friday.forecast.company.categories.commit.count, velocity.inputs.openCount];
    };
    // rep: own + shared with them + shared with 测试一组; rep2: own + 测试一组's; the manager of 测试一组: the group's
    // two deals + 测试一组's share; otherRep: their four; admin: all six
    expect(await counts("rep")).toEqual([3, 3, 3]);
    expect(await counts("rep2")).toEqual([2, 2, 2]);
    expect(await counts("manager")).toEqual([3, 3, 3]);
    expect(await counts("otherRep")).toEqual([4, 4, 4]);
    expect(await counts("admin")).toEqual([6, 6, 6]);
  });
});
