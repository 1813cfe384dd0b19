/** Organisation routes: the department tree, members and managers, data scopes per role and per user. */
import { z } from "zod";
import { DATA_SCOPES, defaultScope, requireRole, type Role } from "../access/viewer";
import { coversUser } from "../access/visible";
import { audit } from "../audit/log";
import { notFound } from "../core/errors";
import { inTx } from "../db/tx";
import type { App } from "../http/plugin";
import { createDepartment, deleteDepartment, listDepartments, placeUser, updateDepartment } from "./departments-store";

const Id = z.object({ id: z.coerce.number().int().positive() });
const Scope = z.enum(DATA_SCOPES as [string, ...string[]]).transform((s) => s as (typeof DATA_SCOPES)[number]);
const Dept = z.object({ name: z.string().trim().min(1).max(100), parentId: z.number().int().positive().nullable().optional(), managerIds: z.array(z.number().int().positive()).max(50).optional() });
const ROLES: Role[] = ["rep", "manager", "admin"];

export async function orgRoutes(app: App): Promise<void> {
  app.get("/departments", { schema: { tags: ["organisation"] } }, async () => ({ items: await listDepartments(app.db) }));

  app.post("/departments", { schema: { tags: ["organisation"], body: Dept } }, async (req, reply) => {
    requireRole(req.viewer, "admin");
    const now = app.now();
    const id = await inTx(app.db, async (tx) => {
      const id = await createDepartment(tx, req.body, now);
      await audit(tx, req.viewer.id, "department", id, "create", req.body, now);
      return id;
    });
    return reply.code(201).send((await listDepartments(app.db)).find((d) => d.id === id));
  });

  app.patch("/departments/:id", { schema: { tags: ["organisation"], params: Id, body: Dept.partial().extend({ version: z.number().int() }) } }, async (req) => {
    requireRole(req.viewer, "admin");
    const { version, ...b } = req.body;
    const now = app.now();
    await inTx(app.db, async (tx) => {
      await updateDepartment(tx, req.params.id, version, b, now);
      await audit(tx, req.viewer.id, "department", req.params.id, "update", b, now);
    });
    return (await listDepartments(app.db)).find((d) => d.id === req.params.id);
  });

  app.delete("/departments/:id", { schema: { tags: ["organisation"], params: Id } }, async (req) => {
    requireRole(req.viewer, "admin");
    await inTx(app.db, async (tx) => {
      await deleteDepartment(tx, req.params.id);
      await audit(tx, req.viewer.id, "department", req.params.id, "delete", {}, app.now());
    });
    return { ok: true };
  });

  /** Members with department, leader and scope; non-admins see the people their own scope covers. */
  app.get("/departments/members", { schema: { tags: ["organisation"], querystring: z.object({ department: z.coerce.number().int().positive().optional() }) } }, async (req) => {
    let q = app.db.selectFrom("users as u").leftJoin("departments as d", "d.id", "u.department_id").leftJoin("users as l", "l.id", "u.leader_id")
      .select(["u.id", "u.name", "u.email", "u.role", "u.active", "u.department_id", "d.name as department_name", "u.leader_id", "l.name as leader_name", "u.data_scope"])
      .where(coversUser(req.viewer, "u.id")).orderBy("u.id");
    if (req.query.department) q = q.where("u.department_id", "=", req.query.department);
    const roleScopes = await app.db.selectFrom("role_scopes").selectAll().execute();
    const rows = await q.execute();
    return {
      items: rows.map((u) => ({
        id: u.id, name: u.name, email: u.email, role: u.role, active: !!u.active, departmentId: u.department_id, departmentName: u.department_name,
        leaderId: u.leader_id, leaderName: u.leader_name, dataScope: u.data_scope,
        effectiveScope: u.data_scope ?? roleScopes.find((r) => r.role === u.role)?.scope ?? defaultScope(u.role),
      })),
    };
  });

  app.patch("/users/:id/org", {
    schema: { tags: ["organisation"], params: Id, body: z.object({ departmentId: z.number().int().positive().nullable().optional(), leaderId: z.number().int().positive().nullable().optional(), dataScope: Scope.nullable().optional() }) },
  }, async (req) => {
    requireRole(req.viewer, "admin");
    const b = req.body;
    const now = app.now();
    await inTx(app.db, async (tx) => {
      if (!(await tx.selectFrom("users").select("id").where("id", "=", req.params.id).executeTakeFirst())) throw notFound("user");
      if (b.departmentId !== undefined || b.leaderId !== undefined) {
        const cur = await tx.selectFrom("users").select(["department_id"]).where("id", "=", req.params.id).executeTakeFirstOrThrow();
        await placeUser(tx, req.params.id, b.departmentId === undefined ? cur.department_id : b.departmentId, b.leaderId);
      }
      if (b.dataScope !== undefined) await tx.updateTable("users").set({ data_scope: b.dataScope }).where("id", "=", req.params.id).execute();
      await audit(tx, req.viewer.id, "user", req.params.id, "organisation", b, now);
    });
    return { ok: true };
  });

  app.get("/data-scopes", { schema: { tags: ["organisation"] } }, async () => {
    const rows = await app.db.selectFrom("role_scopes").selectAll().execute();
    return { scopes: DATA_SCOPES, roles: ROLES.map((role) => ({ role, scope: rows.find((r) => r.role === role)?.scope ?? defaultScope(role), isDefault: !rows.some((r) => r.role === role) })) };
  });

  app.put("/data-scopes/:role", { schema: { tags: ["organisation"], params: z.object({ role: z.enum(["rep", "manager", "admin"]) }), body: z.object({ scope: Scope }) } }, async (req) => {
    requireRole(req.viewer, "admin");
    const now = app.now();
    await inTx(app.db, async (tx) => {
      await tx.insertInto("role_scopes").values({ role: req.params.role, scope: req.body.scope, updated_at: now })
        .onConflict((oc) => oc.column("role").doUpdateSet({ scope: req.body.scope, updated_at: now })).execute();
      await audit(tx, req.viewer.id, "data_scope", 0, "update", { role: req.params.role, scope: req.body.scope }, now);
    });
    return { role: req.params.role, scope: req.body.scope };
  });
}
