/**
 * Route × scope matrix over a 4-level department tree (matrix-fixture.ts): for each viewer (本人, 本人及下属, 本部门,
 * 本部门及下属部门, 全部, anonymous, another department's manager) and each owner's customer and opportunity, every
 * read answers exactly the expected set and every write lands only where the scope allows. Expected sets come from
 * the tree written out by hand (SEES), not from the access code. Forecast, planning, people and every report:
 * scope-matrix-reports.test.ts.
 */
import { expect, test } from "vitest";
import { forEachApp, TEST_NOW } from "../http/testing";
import { buildMatrix, type Matrix, OWNERS, SEES, VIEWER, type Who } from "./matrix-fixture";

forEachApp("route × scope matrix", (t) => {
  let m: Matrix;
  let people: Matrix["people"], cust: Matrix["cust"], opps: Matrix["opps"], pipeline: number;
  const call: Matrix["call"] = (...a) => m.call(...a);

  test("set up the tree, the people and one customer and opportunity per person", async () => {
    m = await buildMatrix(t());
    ({ people, cust, opps, pipeline } = m);
    expect(Object.keys(cust)).toHaveLength(OWNERS.length);
  });

  const mine = (ids: number[], table: Record<Who, number>) => OWNERS.filter((w) => ids.includes(table[w]));

  for (const [label, sees] of Object.entries(SEES)) {
    test(`${label}: lists, search, export, audit and the funnel show exactly the scope`, async () => {
      const v = VIEWER[label];
      const customers = await call(v, "GET", "/api/v1/customers?limit=5000&q=矩阵客户");
      expect(
        mine(
          customers.body.items.map((c: { id: number }) => c.id),
          cust,
        ),
      ).toEqual(sees);
      const oppsList = await call(v, "GET", `/api/v1/opportunities?limit=5000&pipeline=${pipeline}`);
      expect(
        mine(
          oppsList.body.items.map((o: { id: number }) => o.id),
          opps,
        ),
      ).toEqual(sees);
      const csv = await call(v, "GET", "/api/v1/export/customers?format=csv");
      expect(
        OWNERS.filter(
          (w) =>
            csv.text.includes(`矩阵客户-${w},`) ||
            csv.text.includes(`矩阵客户-${w}"`) ||
            csv.text.includes(`矩阵客户-${w}\r`) ||
            csv.text.includes(`矩阵客户-${w}\n`),
        ),
      ).toEqual(sees);
      const audit = await call(v, "GET", "/api/v1/audit-log?entity=customer&limit=500");
      expect(
        mine(
          audit.body.items.map((a: { entityId: number }) => a.entityId),
          cust,
        ),
      ).toEqual(sees);
      const funnel = await call(v, "GET", `/api/v1/reports/funnel?pipeline=${pipeline}`);
      expect(funnel.status).toBe(200);
      expect(JSON.stringify(funnel.body)).toContain(`"amountFen":${sees.length * 10_000}`);
    });

    test(`${label}: each record answers 200 or 404 as the scope says, and writes land only inside it`, async () => {
      const v = VIEWER[label];
      for (const owner of OWNERS) {
        const inScope = sees.includes(owner);
        expect([owner, (await call(v, "GET", `/api/v1/customers/${cust[owner]}`)).status]).toEqual([owner, inScope ? 200 : 404]);
        expect([owner, (await call(v, "GET", `/api/v1/opportunities/${opps[owner]}`)).status]).toEqual([owner, inScope ? 200 : 404]);
        const version = (await t().db.selectFrom("customers").select("version").where("id", "=", cust[owner]).executeTakeFirstOrThrow()).version;
        const patch = await call(v, "PATCH", `/api/v1/customers/${cust[owner]}`, { notes: `by ${label}`, version });
        expect([owner, patch.status]).toEqual([owner, inScope ? 200 : 404]);
        const notes = (await t().db.selectFrom("customers").select("notes").where("id", "=", cust[owner]).executeTakeFirstOrThrow()).notes;
        if (!inScope) expect(notes).not.toBe(`by ${label}`);
        const share = await call(v, "POST", `/api/v1/customers/${cust[owner]}/shares`, { userId: people.rS.id, access: "read" });
        if (!inScope) expect([owner, share.status]).toEqual([owner, 404]);
        if (!inScope) {
          expect([owner, (await call(v, "POST", `/api/v1/customers/${cust[owner]}/release`, { reason: "x" })).status]).toEqual([owner, 404]);
          expect([owner, (await call(v, "POST", `/api/v1/customers/${cust[owner]}/claim`)).status]).toEqual([owner, 404]);
          expect([owner, (await call(v, "POST", `/api/v1/customers/${cust[owner]}/lock`, { locked: true })).status]).toEqual([owner, 404]);
          expect([
            owner,
            (await call(v, "POST", "/api/v1/customers/transfer", { ids: [cust[owner]], toUserId: people[v === "admin" ? "r1" : v].id })).status,
          ]).toEqual([owner, 404]);
          const row = await t().db.selectFrom("customers").select(["owner_id", "locked"]).where("id", "=", cust[owner]).executeTakeFirstOrThrow();
          expect([owner, row]).toEqual([owner, { owner_id: people[owner].id, locked: 0 }]);
        }
      }
      // Shares made above by out-of-scope viewers must not exist.
      const shares = await t()
        .db.selectFrom("record_shares")
        .select(["entity_id", "created_by"])
        .where("created_by", "=", v === "admin" ? -1 : people[v].id)
        .execute();
      for (const s of shares) expect(sees.map((w) => cust[w])).toContain(s.entity_id);
      await t().db.deleteFrom("record_shares").execute();
    });
  }

  test("anonymous: every route answers 401 and nothing changes", async () => {
    for (const [method, url] of [
      ["GET", "/api/v1/customers"],
      ["GET", `/api/v1/customers/${cust.r1}`],
      ["GET", "/api/v1/pools"],
      ["GET", "/api/v1/departments"],
      ["GET", "/api/v1/audit-log"],
      ["GET", "/api/v1/tokens"],
      ["POST", `/api/v1/customers/${cust.r1}/release`],
      ["POST", `/api/v1/customers/${cust.r1}/claim`],
      ["POST", "/api/v1/customers/transfer"],
    ] as const)
      expect([url, (await call(null, method, url, method === "POST" ? { reason: "x", ids: [cust.r1], toUserId: people.r2.id } : undefined)).status]).toEqual([
        url,
        401,
      ]);
    expect((await t().db.selectFrom("customers").select("owner_id").where("id", "=", cust.r1).executeTakeFirstOrThrow()).owner_id).toBe(people.r1.id);
  });

  test("an opportunity shared read-only: seen, but its fields and its line items answer 403 and stay; shared read-write both save", async () => {
    const admin = "admin" as const;
    const row = () => t().db.selectFrom("opportunities").select(["version", "title"]).where("id", "=", opps.r1).executeTakeFirstOrThrow();
    expect((await call(admin, "POST", `/api/v1/opportunities/${opps.r1}/shares`, { userId: people.rS.id, access: "read" })).status).toBe(201);
    expect((await call("rS", "GET", `/api/v1/opportunities/${opps.r1}`)).status).toBe(200);
    const before = await row();
    const patch = await call("rS", "PATCH", `/api/v1/opportunities/${opps.r1}`, { title: "只读改名", version: before.version });
    expect([patch.status, patch.body.error?.code]).toEqual([403, "FORBIDDEN"]);
    const lines = await call("rS", "PUT", `/api/v1/opportunities/${opps.r1}/lines`, { version: before.version, lines: [] });
    expect([lines.status, lines.body.error?.code]).toEqual([403, "FORBIDDEN"]);
    expect(await row()).toEqual(before);
    await call(admin, "POST", `/api/v1/opportunities/${opps.r1}/shares`, { userId: people.rS.id, access: "write" });
    expect((await call("rS", "PATCH", `/api/v1/opportunities/${opps.r1}`, { title: "可写改名", version: before.version })).status).toBe(200);
    expect((await row()).title).toBe("可写改名");
    await t().db.deleteFrom("record_shares").execute();
  });

  test("a read share admits one record read-only to another department's rep; a read-write share lets them edit; expiry ends it", async () => {
    const admin = "admin" as const;
    expect((await call(admin, "POST", `/api/v1/customers/${cust.r1}/shares`, { userId: people.rS.id, access: "read" })).status).toBe(201);
    expect((await call("rS", "GET", `/api/v1/customers/${cust.r1}`)).status).toBe(200);
    const v = (await t().db.selectFrom("customers").select("version").where("id", "=", cust.r1).executeTakeFirstOrThrow()).version;
    expect((await call("rS", "PATCH", `/api/v1/customers/${cust.r1}`, { notes: "rS", version: v })).status).toBe(403);
    expect((await call("rS", "POST", `/api/v1/customers/${cust.r1}/release`, { reason: "x" })).status).toBe(404);
    await call(admin, "POST", `/api/v1/customers/${cust.r1}/shares`, { userId: people.rS.id, access: "write", expiresAt: TEST_NOW + 3_600_000 });
    expect((await call("rS", "PATCH", `/api/v1/customers/${cust.r1}`, { notes: "rS", version: v })).status).toBe(200);
    t().clock.now = TEST_NOW + 2 * 3_600_000;
    try {
      expect((await call("rS", "GET", `/api/v1/customers/${cust.r1}`)).status).toBe(404);
    } finally {
      t().clock.now = TEST_NOW;
    }
    await call(admin, "POST", `/api/v1/customers/${cust.rP}/shares`, {
      departmentId: (await t().db.selectFrom("users").select("department_id").where("id", "=", people.rS.id).executeTakeFirstOrThrow()).department_id,
      access: "read",
    });
    expect((await call("mS", "GET", `/api/v1/customers/${cust.rP}`)).status).toBe(200);
    expect((await call("rE", "GET", `/api/v1/customers/${cust.rP}`)).status).toBe(404);
  });

  test("a role's scope set by an admin applies at once: reps widened to 本部门 see their department", async () => {
    expect((await call("admin", "PUT", "/api/v1/data-scopes/rep", { scope: "dept" })).status).toBe(200);
    try {
      const list = await call("r1", "GET", "/api/v1/customers?limit=5000&q=矩阵客户");
      expect(
        mine(
          list.body.items.map((c: { id: number }) => c.id),
          cust,
        ),
      ).toEqual(["mSH", "lead", "r1", "r2"]);
      expect((await call("r1", "PUT", "/api/v1/data-scopes/rep", { scope: "all" })).status).toBe(403);
    } finally {
      await call("admin", "PUT", "/api/v1/data-scopes/rep", { scope: "self" });
    }
  });

  test("tokens: a read-only token reads but cannot write; a revoked or expired token is refused", async () => {
    const made = await call("r1", "POST", "/api/v1/auth/tokens", { name: "只读脚本", scope: "read", expiresInDays: 1 });
    expect(made.status).toBe(200);
    const ro = made.body.token as string;
    const get = await t().app.inject({ method: "GET", url: `/api/v1/customers/${cust.r1}`, headers: { authorization: `Bearer ${ro}` } });
    expect(get.statusCode).toBe(200);
    const post = await t().app.inject({
      method: "POST",
      url: `/api/v1/customers/${cust.r1}/release`,
      headers: { authorization: `Bearer ${ro}` },
      payload: { reason: "x" },
    });
    expect(post.statusCode).toBe(403);
    expect(JSON.parse(post.body).error.code).toBe("TOKEN_READ_ONLY");
    const list = await call("r1", "GET", "/api/v1/tokens");
    const row = list.body.items.find((x: { name: string }) => x.name === "只读脚本");
    expect(row).toMatchObject({ scope: "read", status: "active" });
    expect((await call("r2", "DELETE", `/api/v1/tokens/${row.id}`)).status).toBe(404);
    t().clock.now = TEST_NOW + 2 * 86_400_000;
    try {
      expect((await t().app.inject({ method: "GET", url: "/api/v1/customers", headers: { authorization: `Bearer ${ro}` } })).statusCode).toBe(401);
    } finally {
      t().clock.now = TEST_NOW;
    }
    expect((await call("r1", "DELETE", `/api/v1/tokens/${row.id}`)).status).toBe(200);
    expect((await t().app.inject({ method: "GET", url: "/api/v1/customers", headers: { authorization: `Bearer ${ro}` } })).statusCode).toBe(401);
  });
});
