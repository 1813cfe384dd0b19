/** Customer pool (公海) routes: pools, their rules and members, pool customers, claim / release / assign / lock, history. */
import { z } from "zod";
import { requireRole } from "../access/viewer";
import { AppError } from "../core/errors";
import type { App } from "../http/plugin";
import { createPool, poolHistory, setPoolRules, updatePool } from "./admin-store";
import { assignCustomer, claimCustomer, releaseCustomer, setLocked } from "./moves-store";
import { listPools, poolCustomers, requirePoolAdmin, visiblePool, poolView } from "./store";
import { getVisibleCustomer } from "../customers/store";
import { notFound } from "../core/errors";

const Id = z.object({ id: z.coerce.number().int().positive() });
const cap = z.number().int().min(0).max(100_000).nullable().optional();
const Rule = z
  .object({
    kind: z.enum(["no_follow_up", "no_deal", "not_won"]),
    level: z
      .string()
      .regex(/^(priority:(high|medium|low)|[a-z_]+:[\w-]+)$/, "level looks like priority:high or abc:A")
      .nullable()
      .optional(),
    days: z.number().int().min(1).max(3650),
    warnDays: z.number().int().min(0).max(365).default(0),
  })
  .refine((r) => r.warnDays < r.days, { message: "warnDays must be fewer than days", path: ["warnDays"] });
const Rules = z.object({
  version: z.number().int().optional(),
  rulesEnabled: z.boolean().optional(),
  rules: z.array(Rule).max(50).optional(),
  dailyClaimCap: cap,
  cooldownDays: cap,
  holdCap: cap,
  holdCountsWon: z.boolean().optional(),
  lockCap: cap,
  exemptWon: z.boolean().optional(),
  exemptOpenDeals: z.boolean().optional(),
  maskContacts: z.boolean().optional(),
});
const Members = z.object({
  name: z.string().trim().min(1).max(100).optional(),
  memberDepartmentIds: z.array(z.number().int().positive()).max(500).optional(),
  memberUserIds: z.array(z.number().int().positive()).max(5000).optional(),
  adminIds: z.array(z.number().int().positive()).max(100).optional(),
});

export async function poolRoutes(app: App): Promise<void> {
  app.get("/pools", { schema: { tags: ["pools"] } }, async (req) => ({ items: await listPools(app.db, req.viewer) }));

  app.post("/pools", { schema: { tags: ["pools"], body: Members.extend({ name: z.string().trim().min(1).max(100) }) } }, async (req, reply) => {
    requireRole(req.viewer, "admin");
    const id = await createPool(app.db, req.viewer.id, req.body, app.now());
    return reply.code(201).send({ id });
  });

  app.patch("/pools/:id", { schema: { tags: ["pools"], params: Id, body: Members } }, async (req) => {
    requireRole(req.viewer, "admin");
    await visiblePool(app.db, req.viewer, req.params.id);
    await updatePool(app.db, req.viewer.id, req.params.id, req.body, app.now());
    return { ok: true };
  });

  app.get(
    "/pools/:id/customers",
    {
      schema: {
        tags: ["pools"],
        params: Id,
        querystring: z.object({
          q: z.string().max(100).optional(),
          limit: z.coerce.number().int().min(1).max(500).default(50),
          cursor: z
            .string()
            .regex(/^\d+:\d+$/, "cursor is opaque; pass back nextCursor")
            .optional(),
        }),
      },
    },
    async (req) => {
      const pool = await visiblePool(app.db, req.viewer, req.params.id);
      return { pool: poolView(pool), ...(await poolCustomers(app.db, pool.id, req.query)) };
    },
  );

  app.put("/pools/:id/rules", { schema: { tags: ["pools"], params: Id, body: Rules } }, async (req) => {
    const pool = await visiblePool(app.db, req.viewer, req.params.id);
    await requirePoolAdmin(app.db, req.viewer, pool.id);
    const b = req.body;
    if (b.version != null && b.version !== pool.version)
      throw new AppError(
        "VERSION_CONFLICT",
        `pool was changed by someone else (your version ${b.version}, current ${pool.version}); reload and try again`,
        "version",
        { current: pool.version },
      );
    await setPoolRules(app.db, req.viewer.id, pool, b, app.now());
    return (await listPools(app.db, req.viewer)).find((p) => p.id === pool.id);
  });

  app.post("/customers/:id/claim", { schema: { tags: ["pools"], params: Id } }, async (req) => {
    const r = await claimCustomer(app.db, req.viewer, req.params.id, app.now(), app.config.TZ_ORG);
    return { ok: true, ...r, customer: await getVisibleCustomer(app.db, req.viewer, req.params.id) };
  });
  app.post(
    "/customers/:id/release",
    { schema: { tags: ["pools"], params: Id, body: z.object({ reason: z.string().trim().min(1, "a reason is required").max(500) }) } },
    async (req) => {
      return { ok: true, ...(await releaseCustomer(app.db, req.viewer, req.params.id, req.body.reason, app.now())) };
    },
  );
  app.post("/customers/:id/assign", { schema: { tags: ["pools"], params: Id, body: z.object({ userId: z.number().int().positive() }) } }, async (req) => {
    return { ok: true, ...(await assignCustomer(app.db, req.viewer, req.params.id, req.body.userId, app.now())) };
  });
  app.post("/customers/:id/lock", { schema: { tags: ["pools"], params: Id, body: z.object({ locked: z.boolean() }) } }, async (req) => {
    await setLocked(app.db, req.viewer, req.params.id, req.body.locked, app.now());
    return { ok: true, locked: req.body.locked };
  });
  app.get("/customers/:id/pool-history", { schema: { tags: ["pools"], params: Id } }, async (req) => {
    if (!(await getVisibleCustomer(app.db, req.viewer, req.params.id))) throw notFound("customer");
    return { items: await poolHistory(app.db, req.params.id) };
  });
}
