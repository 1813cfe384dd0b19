/** People and teams (MISSION K1): admins manage; everyone can list the people they work with. */
import { z } from "zod";
import { requireRole } from "../access/viewer";
import { AppError, notFound } from "../core/errors";
import type { App } from "../http/plugin";
import { hashPassword } from "./password";
import { passwordProblem } from "./password-policy";
import { createTeam, createUser, listTeams, listUsers, setLocale, updateUser, userIdentity } from "./store";

/** 400 naming the field when the password breaks the policy (length, common list, own e-mail or name). */
function checkPassword(password: string, who: { email?: string; name?: string }): void {
  const problem = passwordProblem(password, who);
  if (problem) throw new AppError("INVALID", problem, "password");
}

const Id = z.object({ id: z.coerce.number().int().positive() });
const Role = z.enum(["admin", "manager", "rep"]);

export async function userRoutes(app: App): Promise<void> {
  app.get("/users", { schema: { tags: ["people"] } }, async (req) => ({ items: await listUsers(app.db, req.viewer) }));

  app.post(
    "/users",
    {
      schema: {
        tags: ["people"],
        body: z.object({
          email: z.string().trim().toLowerCase().email(),
          name: z.string().trim().min(1).max(100),
          role: Role,
          teamId: z.number().int().positive().nullable().optional(),
          password: z.string().max(500),
        }),
      },
    },
    async (req, reply) => {
      requireRole(req.viewer, "admin");
      const { password, ...b } = req.body;
      checkPassword(password, b);
      const id = await createUser(app.db, req.viewer, { ...b, passwordHash: await hashPassword(password) }, app.now());
      return reply.code(201).send({ id, email: b.email, name: b.name, role: b.role, teamId: b.teamId ?? null, active: true });
    },
  );

  app.patch(
    "/users/:id",
    {
      schema: {
        tags: ["people"],
        params: Id,
        body: z.object({
          name: z.string().trim().min(1).optional(),
          role: Role.optional(),
          teamId: z.number().int().positive().nullable().optional(),
          active: z.boolean().optional(),
          password: z.string().max(500).optional(),
        }),
      },
    },
    async (req) => {
      requireRole(req.viewer, "admin");
      const { password, ...b } = req.body;
      if (password !== undefined) {
        const target = await userIdentity(app.db, req.params.id);
        if (!target) throw notFound("user");
        checkPassword(password, { email: target.email, name: b.name ?? target.name });
      }
      const passwordHash = password ? await hashPassword(password) : undefined;
      // A reset password ends the user's sessions and tokens (an admin resetting their own keeps this request's).
      const keepSignIn = req.params.id === req.viewer.id ? { sessionHash: req.sessionHash, tokenId: req.tokenId } : {};
      await updateUser(
        app.db,
        req.viewer,
        req.params.id,
        { ...b, passwordHash, keepSignIn },
        { ...b, password: password ? "(changed)" : undefined },
        app.now(),
      );
      return { ok: true };
    },
  );

  app.patch("/auth/me", { schema: { tags: ["auth"], body: z.object({ locale: z.enum(["zh-CN", "en"]) }) } }, async (req) => {
    await setLocale(app.db, req.viewer, req.body.locale, app.now());
    return { user: { ...req.viewer, locale: req.body.locale } };
  });

  app.get("/teams", { schema: { tags: ["people"] } }, async () => ({ items: await listTeams(app.db) }));
  app.post(
    "/teams",
    { schema: { tags: ["people"], body: z.object({ name: z.string().trim().min(1).max(100), managerId: z.number().int().positive().nullable().optional() }) } },
    async (req, reply) => {
      requireRole(req.viewer, "admin");
      const id = await createTeam(app.db, req.viewer, req.body, app.now());
      return reply.code(201).send({ id, name: req.body.name, managerId: req.body.managerId ?? null });
    },
  );
}
