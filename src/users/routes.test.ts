import { sql } from "kysely";
import { expect, test } from "vitest";
import { forEachApp } from "../http/testing";
import { userRoutes } from "./routes";

// The people routes mounted alone: every write lands with its audit row, or not at all.
forEachApp(
  "people routes",
  (t) => {
    const audits = async (entity: string) =>
      await t().db.selectFrom("audit_log").select(["entity_id", "action"]).where("entity", "=", entity).orderBy("id").execute();

    test("an admin creates a user and a team, each with one audit row; a rep may not", async () => {
      expect((await t().call("rep", "POST", "/api/v1/teams", { name: "华南组" })).status).toBe(403);
      const team = await t().call("admin", "POST", "/api/v1/teams", { name: "华南组", managerId: t().ids.manager });
      expect(team.status).toBe(201);
      const u = await t().call("admin", "POST", "/api/v1/users", {
        email: "Li.Na@Test.Jindou",
        name: "李娜",
        role: "rep",
        teamId: team.body.id,
        password: "long enough 1",
      });
      expect(u.status).toBe(201);
      expect(u.body.email).toBe("li.na@test.jindou");
      expect(await audits("team")).toEqual([{ entity_id: team.body.id, action: "create" }]);
      expect(await audits("user")).toEqual([{ entity_id: u.body.id, action: "create" }]);
    });

    test("bad references and duplicates answer 4xx and write nothing", async () => {
      const before = await audits("user");
      expect(
        (await t().call("admin", "POST", "/api/v1/users", { email: "li.na@test.jindou", name: "重复", role: "rep", password: "long enough 1" })).status,
      ).toBe(409);
      const bad = await t().call("admin", "POST", "/api/v1/users", {
        email: "x@test.jindou",
        name: "无组",
        role: "rep",
        teamId: 999999,
        password: "long enough 1",
      });
      expect(bad.status).toBe(400);
      expect(bad.body.error.field).toBe("teamId");
      expect((await t().call("admin", "PATCH", "/api/v1/users/999999", { name: "nobody" })).status).toBe(404);
      expect((await t().call("admin", "POST", "/api/v1/teams", { name: "无人组", managerId: 999999 })).status).toBe(400);
      expect(await t().db.selectFrom("users").select("id").where("email", "=", "x@test.jindou").execute()).toEqual([]);
      expect(await audits("user")).toEqual(before);
    });

    test("a rep (本人) lists only themself, their manager (本部门及下属部门) the department; deactivating a user ends their sessions", async () => {
      const seen = async (who: "rep" | "manager") => (await t().call(who, "GET", "/api/v1/users")).body.items.map((u: { name: string }) => u.name).sort();
      expect(await seen("rep")).toEqual(["rep"]);
      expect(await seen("manager")).toEqual(["manager", "rep", "rep2"]);
      const now = t().clock.now;
      await t()
        .db.insertInto("sessions")
        .values({ id: "s-rep2", user_id: t().ids.rep2, csrf_token: "c", created_at: now, expires_at: now + 3600_000, last_seen_at: now })
        .execute();
      expect((await t().call("admin", "PATCH", `/api/v1/users/${t().ids.rep2}`, { active: false })).status).toBe(200);
      expect(await t().db.selectFrom("sessions").select("id").where("user_id", "=", t().ids.rep2).execute()).toEqual([]);
      expect((await t().call("rep2", "GET", "/api/v1/users")).status).toBe(401);
    });

    test("the locale switch is recorded", async () => {
      const r = await t().call("rep", "PATCH", "/api/v1/auth/me", { locale: "en" });
      expect(r.body.user.locale).toBe("en");
      expect((await audits("user")).at(-1)).toEqual({ entity_id: t().ids.rep, action: "update" });
    });

    test("when the audit row cannot be written the user is not created either (one transaction)", async () => {
      await sql`alter table audit_log rename to audit_log_away`.execute(t().db);
      try {
        const r = await t().call("admin", "POST", "/api/v1/users", { email: "atomic@test.jindou", name: "原子", role: "rep", password: "long enough 1" });
        expect(r.status).toBe(500);
      } finally {
        await sql`alter table audit_log_away rename to audit_log`.execute(t().db);
      }
      expect(await t().db.selectFrom("users").select("id").where("email", "=", "atomic@test.jindou").execute()).toEqual([]);
    });
  },
  { only: [userRoutes] },
);
