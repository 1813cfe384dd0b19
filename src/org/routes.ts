/** Organisation routes: the department tree, members and managers, data scopes per role and per user. */
import { z } from "zod";
import { DATA_SCOPES, requireRole } from "../access/viewer";
import { audit } from "../audit/log";
import { inTx } from "../db/tx";
import type { App } from "../http/plugin";
import { createDepartment, deleteDepartment, listDepartments, updateDepartment } from "./departments-store";
import { listMembers, listRoleScopes, setRoleScope, setUserOrg } from "./store";

const Id = z.object({ id: z.coerce.number().int().positive() });
const Scope = z.enum(DATA_SCOPES as [string, ...string[]]).transform((s) => s as (typeof DATA_SCOPES)[number]);
const Dept = z.object({
  name: z.string().trim().min(1).max(100),
  parentId: z.number().int().positive().nullable().optional(),
  managerIds: z.array(z.number().int().positive()).max(50).optional(),
});

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
  app.get(
    "/departments/members",
    { schema: { tags: ["organisation"], querystring: z.object({ department: z.coerce.number().int().positive().optional() }) } },
    async (req) => ({
      items: await listMembers(app.db, req.viewer, req.query.department),
    }),
  );

  app.patch(
    "/users/:id/org",
    {
      schema: {
        tags: ["organisation"],
        params: Id,
        body: z.object({
          departmentId: z.number().int().positive().nullable().optional(),
          leaderId: z.number().int().positive().nullable().optional(),
          dataScope: Scope.nullable().optional(),
        }),
      },
    },
    async (req) => {
      requireRole(req.viewer, "admin");
      await setUserOrg(app.db, req.viewer.id, req.params.id, req.body, app.now());
      return { ok: true };
    },
  );

  app.get("/data-scopes", { schema: { tags: ["organisation"] } }, async () => listRoleScopes(app.db));

  app.put(
    "/data-scopes/:role",
    { schema: { tags: ["organisation"], params: z.object({ role: z.enum(["rep", "manager", "admin"]) }), body: z.object({ scope: Scope }) } },
    async (req) => {
      requireRole(req.viewer, "admin");
      await setRoleScope(app.db, req.viewer.id, req.params.role, req.body.scope, app.now());
      return { role: req.params.role, scope: req.body.scope };
    },
  );
}
