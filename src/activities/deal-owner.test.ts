/**
 * A deal handed over on its own (POST /opportunities/transfer) leaves its customer with the old owner: the deal's new
 * owner logs visits on that deal (the quick-visit drawer on the opportunity page), and still nothing else on the customer.
 */
import { beforeAll, expect, test } from "vitest";
import { forEachApp, TEST_NOW } from "../http/testing";
import { installDefaults } from "../pipelines/install";
import { importCsv, snapshot } from "../import/fixtures";

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

  test("a deal of the customer handed to a rep the writer cannot see: refused on the API, on edit and in the import (whole batch)", async () => {
    const { db, ids, call } = t();
    const customer = (await call("rep", "POST", "/api/v1/customers", { name: `看不见的商机客户 ${t().kind}` })).body.customer.id as number;
    const pipeline = (await call("rep", "GET", "/api/v1/pipelines")).body.items.find((p: { key: string }) => p.key === "crm5").id;
    const add = async (title: string) =>
      (await call("rep", "POST", "/api/v1/opportunities", { customerId: customer, pipelineId: pipeline, title, amountFen: 100_00 })).body.id as number;
    const mine = await add("仍归我的商机");
    const gone = await add("转给别组的商机");
    expect((await call("admin", "POST", "/api/v1/opportunities/transfer", { ids: [gone], toUserId: ids.otherRep })).status).toBe(200);
    // rep still sees the customer but not the deal now owned in team B
    expect((await call("rep", "GET", `/api/v1/customers/${customer}`)).status).toBe(200);
    expect((await call("rep", "GET", `/api/v1/opportunities/${gone}`)).status).toBe(404);
    const suffix = t().kind;
    await db
      .updateTable("opportunities")
      .set({ external_id: `MINE-${suffix}` })
      .where("id", "=", mine)
      .execute();
    await db
      .updateTable("opportunities")
      .set({ external_id: `GONE-${suffix}` })
      .where("id", "=", gone)
      .execute();
    await db
      .updateTable("customers")
      .set({ external_id: `CUST-${suffix}` })
      .where("id", "=", customer)
      .execute();

    const body = (opportunityId: number) => ({ kind: "call", customerId: customer, opportunityId, subject: "电话", doneAt: new Date(TEST_NOW).toISOString() });
    const refused = await call("rep", "POST", "/api/v1/activities", body(gone));
    expect(refused.status).toBe(400);
    expect(refused.body.error).toMatchObject({ code: "INVALID", field: "opportunityId" });
    const ok = await call("rep", "POST", "/api/v1/activities", body(mine));
    expect(ok.status).toBe(201);
    const moved = await call("rep", "PATCH", `/api/v1/activities/${ok.body.id}`, { version: ok.body.version, opportunityId: gone });
    expect(moved.status).toBe(400);
    expect(moved.body.error.field).toBe("opportunityId");
    expect((await db.selectFrom("activities").select("opportunity_id").where("id", "=", ok.body.id).executeTakeFirstOrThrow()).opportunity_id).toBe(mine);

    const actor = { id: ids.rep, role: "rep" as const, teamId: ids.teamA };
    const csv = [
      "external_id,kind,customer_external_id,opportunity_external_id,subject",
      `IMP-A-${suffix},call,CUST-${suffix},MINE-${suffix},可以`,
      `IMP-B-${suffix},call,CUST-${suffix},GONE-${suffix},不可以`,
    ].join("\n");
    const before = await snapshot(db);
    const r = await importCsv(db, "activities", csv, ids.rep, { actor });
    expect(r.errors).toEqual([{ row: 3, column: "opportunity_external_id", reason: expect.stringMatching(/unknown opportunity/) }]);
    expect(await snapshot(db)).toEqual(before); // the valid row 2 is not written either
    // the same deal answers like a deal that does not exist (no leak), and the admin, who sees it, imports both rows
    const missing = await importCsv(db, "activities", csv.replace(`GONE-${suffix}`, "NO-SUCH"), ids.rep, { actor, dryRun: true });
    expect(missing.errors[0].reason.replace("NO-SUCH", "X")).toBe(r.errors[0].reason.replace(`GONE-${suffix}`, "X"));
    const admin = await importCsv(db, "activities", csv, ids.admin);
    expect(admin.errors).toEqual([]);
    const written = await db
      .selectFrom("activities")
      .select("opportunity_id")
      .where("external_id", "in", [`IMP-A-${suffix}`, `IMP-B-${suffix}`])
      .orderBy("external_id")
      .execute();
    expect(written.map((w) => w.opportunity_id)).toEqual([mine, gone]);
  });
});
