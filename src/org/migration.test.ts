/** 070_org on a database with teams, users, customers and shares: every team becomes a department, nothing is lost. */
import { Migrator } from "kysely";
import { afterAll, beforeAll, describe, expect, inject, test } from "vitest";
import { migrations } from "../db/migrations/index";
import { createTestDb, type TestDb } from "../db/testing";

for (const kind of ["sqlite", "postgres"] as const) {
  describe.skipIf(kind === "postgres" && !inject("pgAvailable"))(`070_org over existing teams [${kind}]`, () => {
    let h: TestDb & { drop(): Promise<void> };
    const before: Record<string, unknown> = {};
    beforeAll(async () => {
      h = await createTestDb(kind, { migrate: false });
      const migrator = new Migrator({ db: h.db, provider: { getMigrations: async () => migrations } });
      const r = await migrator.migrateTo("050_funnel");
      if (r.error) throw r.error;
      const db = h.db as unknown as import("kysely").Kysely<any>;
      await db
        .insertInto("teams")
        .values([
          { id: 5, name: "华东一区", manager_id: null, created_at: 1 },
          { id: 9, name: "华南区", manager_id: null, created_at: 2 },
        ])
        .execute();
      const u = (id: number, role: string, team: number | null) => ({
        id,
        email: `u${id}@x.cn`,
        name: `u${id}`,
        password_hash: "h",
        role,
        team_id: team,
        locale: "zh-CN",
        active: 1,
        created_at: 1,
      });
      await db
        .insertInto("users")
        .values([u(1, "admin", null), u(2, "manager", 5), u(3, "rep", 5), u(4, "rep", 9), u(5, "manager", 9)])
        .execute();
      await db.updateTable("teams").set({ manager_id: 2 }).where("id", "=", 5).execute();
      await db.updateTable("teams").set({ manager_id: 5 }).where("id", "=", 9).execute();
      await db
        .insertInto("customers")
        .values(
          [3, 4].map((owner) => ({
            id: owner * 10,
            name: `客户${owner}`,
            name_norm: `客户${owner}`,
            owner_id: owner,
            tags: '["a"]',
            notes: "n",
            created_at: 100 + owner,
            updated_at: 200,
          })),
        )
        .execute();
      await db.insertInto("record_shares").values({ entity: "customer", entity_id: 30, user_id: 4, created_at: 7 }).execute();
      before.customers = await db
        .selectFrom("customers")
        .select(["id", "name", "owner_id", "tags", "notes", "created_at", "updated_at", "version"])
        .orderBy("id")
        .execute();
      const done = await migrator.migrateToLatest();
      if (done.error) throw done.error;
    }, 60_000);
    afterAll(async () => {
      await h?.drop();
    }, 60_000);

    test("each team is a top-level department with the same id and name, its manager among the department's managers", async () => {
      const deps = await h.db.selectFrom("departments").select(["id", "name", "parent_id", "path"]).orderBy("id").execute();
      expect(deps).toEqual([
        { id: 5, name: "华东一区", parent_id: null, path: "/5/" },
        { id: 9, name: "华南区", parent_id: null, path: "/9/" },
      ]);
      const mgrs = await h.db.selectFrom("department_managers").select(["department_id", "user_id"]).orderBy("department_id").execute();
      expect(mgrs).toEqual([
        { department_id: 5, user_id: 2 },
        { department_id: 9, user_id: 5 },
      ]);
    });
    test("users keep their team and now sit in the same department, reporting to its manager", async () => {
      const users = await h.db.selectFrom("users").select(["id", "team_id", "department_id", "leader_id"]).orderBy("id").execute();
      expect(users).toEqual([
        { id: 1, team_id: null, department_id: null, leader_id: null },
        { id: 2, team_id: 5, department_id: 5, leader_id: null },
        { id: 3, team_id: 5, department_id: 5, leader_id: 2 },
        { id: 4, team_id: 9, department_id: 9, leader_id: 5 },
        { id: 5, team_id: 9, department_id: 9, leader_id: null },
      ]);
    });
    test("customers survive the rebuild unchanged, owned since their creation; the share becomes read-write", async () => {
      const rows = await h.db
        .selectFrom("customers")
        .select(["id", "name", "owner_id", "tags", "notes", "created_at", "updated_at", "version"])
        .orderBy("id")
        .execute();
      expect(rows).toEqual(before.customers);
      const since = await h.db.selectFrom("customers").select(["owner_since", "pool_id", "locked"]).orderBy("id").execute();
      expect(since).toEqual([
        { owner_since: 103, pool_id: null, locked: 0 },
        { owner_since: 104, pool_id: null, locked: 0 },
      ]);
      const shares = await h.db.selectFrom("record_shares").select(["entity_id", "user_id", "department_id", "access", "expires_at"]).execute();
      expect(shares).toEqual([{ entity_id: 30, user_id: 4, department_id: null, access: "write", expires_at: null }]);
    });
    test("a pool customer may have no owner; one company pool holds both departments, administered by the admin", async () => {
      await h.db.updateTable("customers").set({ owner_id: null }).where("id", "=", 30).execute();
      expect((await h.db.selectFrom("customers").select("owner_id").where("id", "=", 30).executeTakeFirstOrThrow()).owner_id).toBeNull();
      const pools = await h.db.selectFrom("pools").select(["id", "name", "is_default", "rules_enabled"]).execute();
      expect(pools).toMatchObject([{ name: "公司公海", is_default: 1, rules_enabled: 0 }]);
      const members = await h.db.selectFrom("pool_members").select("department_id").orderBy("department_id").execute();
      expect(members.map((m) => m.department_id)).toEqual([5, 9]);
      expect((await h.db.selectFrom("pool_admins").select("user_id").execute()).map((a) => a.user_id)).toEqual([1]);
    });
    test("new departments get fresh ids after the copied ones", async () => {
      const { id } = await h.db
        .insertInto("departments")
        .values({ name: "新部门", parent_id: null, path: "/x/", created_at: 1, updated_at: 1 })
        .returning("id")
        .executeTakeFirstOrThrow();
      expect(id).toBeGreaterThan(9);
    });
  });
}
