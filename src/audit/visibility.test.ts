/** GET /audit answers only to those who may see the record (issue 11: any manager read any team's trail). */
import { expect, test } from "vitest";
import { forEachApp } from "../http/testing";

forEachApp("audit trail follows record visibility", (t) => {
  test("a customer's trail: its owner, their manager and admins read it; the other team and other reps get 404", async () => {
    const c = await t().call("rep", "POST", "/api/v1/customers", { name: "审计可见性测试有限公司" });
    expect(c.status).toBe(201);
    const id = c.body.customer.id;
    const read = (who: "admin" | "manager" | "rep" | "rep2" | "otherManager" | "otherRep") => t().call(who, "GET", `/api/v1/audit?entity=customer&id=${id}`);
    for (const who of ["admin", "manager", "rep"] as const) {
      const r = await read(who);
      expect(r.status, who).toBe(200);
      expect(r.body.items.map((i: { action: string }) => i.action)).toEqual(["create"]);
    }
    for (const who of ["otherManager", "otherRep", "rep2"] as const) {
      const r = await read(who);
      expect(r.status, who).toBe(404);
      expect(r.body.error.code).toBe("NOT_FOUND");
    }
  });

  test("a contact's trail follows its customer; a user's trail is read by their own manager only", async () => {
    const c = await t().call("otherRep", "POST", "/api/v1/customers", { name: "审计联系人测试公司" });
    const k = await t().call("otherRep", "POST", "/api/v1/contacts", { customerId: c.body.customer.id, name: "王五" });
    expect(k.status).toBe(201);
    const kid = k.body.id ?? k.body.contact?.id;
    expect((await t().call("otherManager", "GET", `/api/v1/audit?entity=contact&id=${kid}`)).status).toBe(200);
    expect((await t().call("manager", "GET", `/api/v1/audit?entity=contact&id=${kid}`)).status).toBe(404);
    await t().call("admin", "PATCH", `/api/v1/users/${t().ids.otherRep}`, { name: "otherRep 改名" });
    expect((await t().call("otherManager", "GET", `/api/v1/audit?entity=user&id=${t().ids.otherRep}`)).status).toBe(200);
    expect((await t().call("manager", "GET", `/api/v1/audit?entity=user&id=${t().ids.otherRep}`)).status).toBe(404);
  });
});
