/**
 * A deal handed over on its own (POST /opportunities/transfer) leaves its customer with the old owner: the deal's new
 * owner logs visits on that deal (the quick-visit drawer on the opportunity page), and still nothing else on the customer.
 */
import { beforeAll, expect, test } from "vitest";
import { forEachApp, TEST_NOW } from "../http/testing";
import { installDefaults } from "../pipelines/install";

forEachApp("activities on a deal whose customer belongs to someone else", (t) => {
  beforeAll(async () => {
    await installDefaults(t().db, t().clock.now);
  });
  test("the deal's owner logs a visit on it; not on the customer alone, not on another rep's deal", async () => {
    const { db, ids, call } = t();
    const newCustomer = async (name: string) => (await call("rep", "POST", "/api/v1/customers", { name })).body.customer.id as number;
    const customer = await newCustomer(`转交测试客户 ${t().kind}`);
    const pipeline = (await call("rep", "GET", "/api/v1/pipelines")).body.items.find((p: { key: string }) => p.key === "crm5").id;
    const add = async (title: string) => {
      const r = await call("rep", "POST", "/api/v1/opportunities", { customerId: customer, pipelineId: pipeline, title, amountFen: 100_00 });
      expect(r.status).toBe(201);
      return r.body.id as number;
    };
    const handed = await add("转交的商机");
    const kept = await add("留下的商机");
    const moved = await call("manager", "POST", "/api/v1/opportunities/transfer", { ids: [handed], toUserId: ids.rep2 });
    expect(moved.status).toBe(200);
    // the state the drawer meets: rep2 sees the deal, not its customer
    expect((await call("rep2", "GET", `/api/v1/opportunities/${handed}`)).status).toBe(200);
    expect((await call("rep2", "GET", `/api/v1/customers/${customer}`)).status).toBe(404);

    const visit = (opportunityId?: number) => ({
      kind: "visit",
      customerId: customer,
      opportunityId,
      subject: "现场拜访",
      doneAt: new Date(TEST_NOW).toISOString(),
    });
    const logged = await call("rep2", "POST", "/api/v1/activities", visit(handed));
    expect(logged.status).toBe(201);
    expect(logged.body).toMatchObject({ customerId: customer, opportunityId: handed, ownerId: ids.rep2 });
    const row = await db
      .selectFrom("activities")
      .select(["owner_id", "opportunity_id", "customer_id"])
      .where("id", "=", logged.body.id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ owner_id: ids.rep2, opportunity_id: handed, customer_id: customer });
    const page = await call("rep2", "GET", `/api/v1/opportunities/${handed}`);
    expect(page.body.activities.map((a: { id: number }) => a.id)).toContain(logged.body.id);

    for (const refused of [visit(), visit(kept)]) {
      const r = await call("rep2", "POST", "/api/v1/activities", refused);
      expect(r.status).toBe(400);
      expect(r.body.error).toMatchObject({ code: "INVALID", field: "customerId" });
    }
    // another customer's id with rep2's deal: the deal is not that customer's
    const other = await newCustomer(`另一个客户 ${t().kind}`);
    const wrong = await call("rep2", "POST", "/api/v1/activities", { ...visit(handed), customerId: other });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.field).toBe("customerId");
    const count = await db
      .selectFrom("activities")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("owner_id", "=", ids.rep2)
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(1);
  });
});
