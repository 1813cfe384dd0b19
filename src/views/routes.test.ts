/** Saved views over the API on both engines: own and department-shared views, the sub-department rule, owner-only edits, 404 across departments. */
import { beforeAll, expect, test } from "vitest";
import { forEachApp } from "../http/testing";
import { createDepartment, placeUser } from "../org/departments-store";
import { viewRoutes } from "./routes";

forEachApp(
  "saved views",
  (t) => {
    let deptA: number;
    let sub: number;
    beforeAll(async () => {
      deptA = Number((await t().db.selectFrom("users").select("department_id").where("id", "=", t().ids.rep).executeTakeFirstOrThrow()).department_id);
      // 上海小组 under the rep's department; rep2 moves into it
      sub = await createDepartment(t().db, { name: "上海小组", parentId: deptA }, t().clock.now);
      await placeUser(t().db, t().ids.rep2, sub);
    });
    const names = async (who: Parameters<ReturnType<typeof t>["call"]>[0], list = "customers") => {
      const r = await t().call(who, "GET", `/api/v1/views?list=${list}`);
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      return r.body.items.map((v: { name: string }) => v.name);
    };

    test("a personal view is its owner's alone; a shared one reaches the department and those below it", async () => {
      const mine = await t().call("rep", "POST", "/api/v1/views", {
        list: "customers",
        name: "我的A类",
        filters: { tier: "abc:A", q: "金豆" },
        columns: ["name", "tier"],
        sort: "-updatedAt",
      });
      expect(mine.status, JSON.stringify(mine.body)).toBe(201);
      expect([mine.body.mine, mine.body.filters, mine.body.columns, mine.body.sort, mine.body.departmentId]).toEqual([
        true,
        { tier: "abc:A", q: "金豆" },
        ["name", "tier"],
        "-updatedAt",
        null,
      ]);
      const team = await t().call("manager", "POST", "/api/v1/views", {
        list: "customers",
        name: "团队重点",
        filters: { priority: "high" },
        departmentId: deptA,
      });
      expect(team.status, JSON.stringify(team.body)).toBe(201);
      const subView = await t().call("rep2", "POST", "/api/v1/views", { list: "customers", name: "小组视图", departmentId: sub });
      expect(subView.status, JSON.stringify(subView.body)).toBe(201);
      await t().call("rep", "POST", "/api/v1/views", { list: "board", name: "看板大单", filters: { minAmount: 1_000_000 } });
      // shared: true shares with one's own department (rep2's is the sub-department)
      const own = await t().call("rep2", "POST", "/api/v1/views", { list: "board", name: "小组看板", shared: true });
      expect([own.status, own.body.departmentId, own.body.departmentName]).toEqual([201, sub, "上海小组"]);
      const none = await t().call("admin", "POST", "/api/v1/views", { list: "board", name: "无部门", shared: true });
      expect([none.status, none.body.error?.field]).toEqual([400, "shared"]);

      expect(await names("rep")).toEqual(["我的A类", "团队重点"]);
      expect(await names("rep2")).toEqual(["小组视图", "团队重点"]); // shared with the parent department reaches the sub-department
      expect(await names("manager")).toEqual(["团队重点"]); // shared with the sub-department does not reach the parent
      expect(await names("otherRep")).toEqual([]);
      expect(await names("rep", "board")).toEqual(["看板大单"]);
      expect(await names("rep2", "board")).toEqual(["小组看板"]);
      // another department's rep, and a colleague, cannot open a personal view: 404
      expect((await t().call("otherRep", "GET", `/api/v1/views/${team.body.id}`)).status).toBe(404);
      expect((await t().call("rep2", "GET", `/api/v1/views/${mine.body.id}`)).status).toBe(404);
      expect((await t().call("otherRep", "PATCH", `/api/v1/views/${mine.body.id}`, { version: 1, name: "x" })).status).toBe(404);
      expect((await t().call("otherRep", "DELETE", `/api/v1/views/${team.body.id}`)).status).toBe(404);
    });

    test("only the owner edits or deletes; a stale version answers 409; bad input names the field and changes nothing", async () => {
      const team = (await t().call("rep", "GET", "/api/v1/views?list=customers")).body.items.find((v: { name: string }) => v.name === "团队重点");
      expect((await t().call("rep", "PATCH", `/api/v1/views/${team.id}`, { version: team.version, name: "改名" })).status).toBe(403);
      expect((await t().call("rep", "DELETE", `/api/v1/views/${team.id}`)).status).toBe(403);
      const ok = await t().call("manager", "PATCH", `/api/v1/views/${team.id}`, { version: team.version, filters: { priority: "high", owner: 3 } });
      expect([ok.status, ok.body.version, ok.body.filters]).toEqual([200, team.version + 1, { priority: "high", owner: 3 }]);
      expect((await t().call("manager", "PATCH", `/api/v1/views/${team.id}`, { version: team.version, name: "过期" })).status).toBe(409);

      const count = async () =>
        Number(
          (
            await t()
              .db.selectFrom("saved_views")
              .select((eb) => eb.fn.countAll<number>().as("n"))
              .executeTakeFirstOrThrow()
          ).n,
        );
      const before = await count();
      const bad = async (who: "rep" | "manager", body: object, status: number, field: string) => {
        const r = await t().call(who, "POST", "/api/v1/views", body);
        expect([r.status, r.body.error?.field], JSON.stringify(r.body)).toEqual([status, field]);
      };
      await bad("rep", { list: "orders", name: "x" }, 400, "list");
      await bad("rep", { list: "customers", name: "  " }, 400, "name");
      await bad("rep", { list: "customers", name: "我的A类" }, 409, "name");
      await bad("rep", { list: "customers", name: "x", sort: "name desc" }, 400, "sort");
      await bad("rep", { list: "customers", name: "x", columns: ["a", "a"] }, 400, "columns");
      const otherDept = Number(
        (await t().db.selectFrom("users").select("department_id").where("id", "=", t().ids.otherRep).executeTakeFirstOrThrow()).department_id,
      );
      await bad("rep", { list: "customers", name: "x", departmentId: otherDept }, 400, "departmentId");
      await bad("rep", { list: "customers", name: "x", departmentId: 999999 }, 400, "departmentId");
      expect(await count()).toBe(before);

      const del = await t().call("manager", "DELETE", `/api/v1/views/${team.id}`);
      expect(del.status).toBe(200);
      expect(await names("rep")).toEqual(["我的A类"]);
      const audit = await t()
        .db.selectFrom("audit_log")
        .select("action")
        .where("entity", "=", "saved_view")
        .where("entity_id", "=", team.id)
        .orderBy("id")
        .execute();
      expect(audit.map((a) => a.action)).toEqual(["create", "update", "delete"]);
    });
  },
  { only: [viewRoutes] },
);
