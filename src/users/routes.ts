/** People and teams (MISSION K1): admins manage; everyone can list the people they work with. */
import { z } from "zod";
import { audit } from "../audit/log";
import { AppError, notFound } from "../core/errors";
import { requireRole } from "../access/viewer";
import type { App } from "../http/plugin";
import { hashPassword } from "./password";

const Id = z.object({ id: z.coerce.number().int().positive() });
const Role = z.enum(["admin", "manager", "rep"]);

export async function userRoutes(app: App): Promise<void> {
  app.get("/users", { schema: { tags: ["people"] } }, async (req) => {
    const viewer = req.viewer;
    let q = app.db.selectFrom("users as u").leftJoin("teams as t", "t.id", "u.team_id")
      .select(["u.id", "u.email", "u.name", "u.role", "u.team_id", "t.name as team_name", "u.active", "u.locale"]).orderBy("u.id");
    if (viewer.role !== "admin") q = viewer.teamId == null ? q.where("u.id", "=", viewer.id) : q.where("u.team_id", "=", viewer.teamId);
    const rows = await q.execute();
    return { items: rows.map((u) => ({ id: u.id, email: u.email, name: u.name, role: u.role, teamId: u.team_id, teamName: u.team_name, active: !!u.active, locale: u.locale })) };
  });

  app.post("/users", {
    schema: { tags: ["people"], body: z.object({ email: z.string().trim().toLowerCase().email(), name: z.string().trim().min(1).max(100), role: Role, teamId: z.number().int().positive().nullable().optional(), password: z.string().min(8, "password needs at least 8 characters") }) },
  }, async (req, reply) => {
    const viewer = req.viewer;
    requireRole(viewer, "admin");
    const b = req.body;
    if (await app.db.selectFrom("users").select("id").where("email", "=", b.email).executeTakeFirst()) throw new AppError("DUPLICATE", `${b.email} already has an account`, "email");
    const { id } = await app.db.insertInto("users").values({
      email: b.email, name: b.name, role: b.role, team_id: b.teamId ?? null, password_hash: await hashPassword(b.password), locale: "zh-CN", active: 1, created_at: app.now(),
    }).returning("id").executeTakeFirstOrThrow();
    await audit(app.db, viewer.id, "user", id, "create", { email: b.email, role: b.role, teamId: b.teamId }, app.now());
    return reply.code(201).send({ id, email: b.email, name: b.name, role: b.role, teamId: b.teamId ?? null, active: true });
  });

  app.patch("/users/:id", {
    schema: { tags: ["people"], params: Id, body: z.object({ name: z.string().trim().min(1).optional(), role: Role.optional(), teamId: z.number().int().positive().nullable().optional(), active: z.boolean().optional(), password: z.string().min(8).optional() }) },
  }, async (req) => {
    const viewer = req.viewer;
    requireRole(viewer, "admin");
    const b = req.body;
    const r = await app.db.updateTable("users").set({
      name: b.name, role: b.role, team_id: b.teamId, active: b.active === undefined ? undefined : b.active ? 1 : 0,
      password_hash: b.password ? await hashPassword(b.password) : undefined,
    }).where("id", "=", req.params.id).executeTakeFirst();
    if (Number(r.numUpdatedRows) === 0) throw notFound("user");
    if (b.active === false) await app.db.deleteFrom("sessions").where("user_id", "=", req.params.id).execute();
    await audit(app.db, viewer.id, "user", req.params.id, "update", { ...b, password: b.password ? "(changed)" : undefined }, app.now());
    return { ok: true };
  });

  app.patch("/auth/me", { schema: { tags: ["auth"], body: z.object({ locale: z.enum(["zh-CN", "en"]) }) } }, async (req) => {
    const viewer = req.viewer;
    await app.db.updateTable("users").set({ locale: req.body.locale }).where("id", "=", viewer.id).execute();
    return { user: { ...viewer, locale: req.body.locale } };
  });

  app.get("/teams", { schema: { tags: ["people"] } }, async () => ({
    items: (await app.db.selectFrom("teams").selectAll().orderBy("id").execute()).map((t) => ({ id: t.id, name: t.name, managerId: t.manager_id })),
  }));
  app.post("/teams", { schema: { tags: ["people"], body: z.object({ name: z.string().trim().min(1).max(100), managerId: z.number().int().positive().nullable().optional() }) } }, async (req, reply) => {
    const viewer = req.viewer;
    requireRole(viewer, "admin");
    if (await app.db.selectFrom("teams").select("id").where("name", "=", req.body.name).executeTakeFirst()) throw new AppError("DUPLICATE", "a team with that name exists", "name");
    const { id } = await app.db.insertInto("teams").values({ name: req.body.name, manager_id: req.body.managerId ?? null, created_at: app.now() }).returning("id").executeTakeFirstOrThrow();
    await audit(app.db, viewer.id, "team", id, "create", req.body, app.now());
    return reply.code(201).send({ id, name: req.body.name, managerId: req.body.managerId ?? null });
  });
}
