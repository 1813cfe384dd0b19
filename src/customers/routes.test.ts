import { beforeAll, describe, expect, test } from "vitest";
import { forEachApp, type Person } from "../http/testing";

forEachApp("customers, contacts and activities by role", (t) => {
  const ids: Record<string, number> = {};
  beforeAll(async () => {
    for (const who of ["rep", "rep2", "otherRep"] as const) {
      const r = await t().call(who, "POST", "/api/v1/customers", { name: `${who} 客户有限公司`, industry: "制造业", region: "华东", tags: ["重点"] });
      expect(r.status).toBe(201);
      ids[who] = r.body.customer.id;
    }
  });

  const cases: Array<[Person, string, number]> = [
    ["rep", "rep", 200],
    ["rep", "rep2", 404],
    ["manager", "rep2", 200],
    ["manager", "otherRep", 404],
    ["otherManager", "otherRep", 200],
    ["otherRep", "rep", 404],
    ["admin", "otherRep", 200],
  ];
  describe.each(cases)("%s and %s's customer", (who, owner, status) => {
    test(`GET /customers/:id → ${status}`, async () => {
      expect((await t().call(who, "GET", `/api/v1/customers/${ids[owner]}`)).status).toBe(status);
    });
    test(`PATCH /customers/:id → ${status}`, async () => {
      const cur = (await t().call("admin", "GET", `/api/v1/customers/${ids[owner]}`)).body;
      expect((await t().call(who, "PATCH", `/api/v1/customers/${ids[owner]}`, { version: cur.version, notes: `by ${who}` })).status).toBe(status);
    });
    test(`POST /contacts on it → ${status === 200 ? 201 : 400}`, async () => {
      const r = await t().call(who, "POST", "/api/v1/contacts", { customerId: ids[owner], name: "王经理", title: "采购经理", decisionRole: "procurement" });
      expect(r.status).toBe(status === 200 ? 201 : 400);
    });
    test(`POST /activities on it → ${status === 200 ? 201 : 400}`, async () => {
      const r = await t().call(who, "POST", "/api/v1/activities", {
        kind: "visit",
        customerId: ids[owner],
        metPerson: "王经理",
        metTitle: "采购经理",
        plannedAt: "2026-06-16T10:00:00+08:00",
      });
      expect(r.status).toBe(status === 200 ? 201 : 400);
    });
    test(`GET /contacts?customer → ${status}`, async () => {
      expect((await t().call(who, "GET", `/api/v1/contacts?customer=${ids[owner]}`)).status).toBe(status);
    });
  });

  test("unauthenticated requests to every record route answer 401", async () => {
    for (const url of [
      "/api/v1/customers",
      `/api/v1/customers/${ids.rep}`,
      "/api/v1/opportunities",
      "/api/v1/activities",
      "/api/v1/followups",
      "/api/v1/users",
      "/api/v1/pipelines",
    ])
      expect((await t().call(null, "GET", url)).status).toBe(401);
  });

  test("the customer list shows each role its scope", async () => {
    const names = async (who: Person) => (await t().call(who, "GET", "/api/v1/customers?limit=100")).body.items.map((c: { id: number }) => c.id).sort();
    expect(await names("rep")).toEqual([ids.rep]);
    expect(await names("manager")).toEqual([ids.rep, ids.rep2].sort());
    expect((await names("admin")).length).toBe(3);
  });

  test("a duplicate name (normalised) is created but flagged; a duplicate credit code is refused", async () => {
    const a = await t().call("rep", "POST", "/api/v1/customers", { name: "杭州西湖智能科技有限公司", creditCode: "91350100M000100Y43" });
    expect(a.status).toBe(201);
    expect(a.body.duplicates).toEqual([]);
    const b = await t().call("rep2", "POST", "/api/v1/customers", { name: "杭州西湖智能科技（有限公司）" });
    expect(b.status).toBe(201);
    expect(b.body.duplicates).toMatchObject([{ id: a.body.customer.id, reason: "name" }]);
    expect(b.body.customer.duplicateOf).toBe(a.body.customer.id);
    const before = (await t().db.selectFrom("customers").select("id").execute()).length;
    const c = await t().call("rep2", "POST", "/api/v1/customers", { name: "别的名字", creditCode: "91350100M000100Y43" });
    expect(c.status).toBe(409);
    expect(c.body.error).toMatchObject({ code: "DUPLICATE", field: "creditCode" });
    expect((await t().db.selectFrom("customers").select("id").execute()).length).toBe(before);
  });

  test("bad input names the field and writes nothing", async () => {
    const bad = await t().call("rep", "POST", "/api/v1/customers", { name: "X", creditCode: "123" });
    expect(bad.status).toBe(400);
    expect(bad.body.error.field).toBe("creditCode");
    const noName = await t().call("rep", "POST", "/api/v1/customers", { industry: "制造业" });
    expect(noName.status).toBe(400);
    expect(noName.body.error.field).toBe("name");
    const badRole = await t().call("rep", "POST", "/api/v1/contacts", { customerId: ids.rep, name: "张三", decisionRole: "boss" });
    expect(badRole.status).toBe(400);
    expect(badRole.body.error.field).toBe("decisionRole");
  });

  test("a visit plan records planned vs actual, the person met and title, and drives follow-ups", async () => {
    const r = await t().call("rep", "POST", "/api/v1/activities", {
      kind: "visit",
      customerId: ids.rep,
      metPerson: "李总",
      metTitle: "总经理",
      plannedAt: "2026-06-10T09:00:00+08:00",
      doneAt: "2026-06-10T10:30:00+08:00",
      outcome: "确认需求",
      nextFollowUpAt: "2026-06-12T09:00:00+08:00",
    });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({
      metPerson: "李总",
      metTitle: "总经理",
      plannedAt: Date.parse("2026-06-10T01:00:00Z"),
      doneAt: Date.parse("2026-06-10T02:30:00Z"),
    });
    const f = await t().call("rep", "GET", "/api/v1/followups");
    expect(f.status).toBe(200);
    // 2026-06-12 is before "today" (2026-06-15 in Shanghai) and nothing happened since: overdue.
    expect(f.body.overdue.map((a: { id: number }) => a.id)).toContain(r.body.id);
    const other = await t().call("rep2", "GET", "/api/v1/followups");
    expect(other.body.overdue.map((a: { id: number }) => a.id)).not.toContain(r.body.id);
  });

  test("people: only admins create users; each lists the people their data scope covers", async () => {
    expect((await t().call("manager", "POST", "/api/v1/users", { email: "x@test.jindou", name: "X", role: "rep", password: "12345678" })).status).toBe(403);
    const r = await t().call("admin", "POST", "/api/v1/users", {
      email: "new@test.jindou",
      name: "新人",
      role: "rep",
      teamId: t().ids.teamA,
      password: "new hire 2026 ok",
    });
    expect(r.status).toBe(201);
    const seen = async (who: "admin" | "manager" | "rep") =>
      (await t().call(who, "GET", "/api/v1/users")).body.items.map((u: { email: string }) => u.email).sort();
    expect(await seen("admin")).toContain("new@test.jindou");
    // 本人: a rep sees only themself; 本部门及下属部门: the manager sees their department (测试一组), not the other one
    expect(await seen("rep")).toEqual(["rep@test.jindou"]);
    expect(await seen("manager")).toEqual(["manager@test.jindou", "rep2@test.jindou", "rep@test.jindou"]);
  });

  test("the language choice is remembered per user", async () => {
    expect((await t().call("rep", "PATCH", "/api/v1/auth/me", { locale: "en" })).status).toBe(200);
    expect((await t().call("rep", "GET", "/api/v1/auth/me")).body.user.locale).toBe("en");
    expect((await t().call("rep2", "GET", "/api/v1/auth/me")).body.user.locale).toBe("zh-CN");
  });
});
