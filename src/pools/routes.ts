/** Customer pool (公海) routes: pools, their rules and members, pool customers, claim / release / assign / lock, history. */
import { z } from "zod";
import { requireRole } from "../access/viewer";
import { audit } from "../audit/log";
import { AppError } from "../core/errors";
import { inTx } from "../db/tx";
import type { App } from "../http/plugin";
import { assignCustomer, claimCustomer, releaseCustomer, setLocked } from "./moves-store";
import { listPools, poolCustomers, requirePoolAdmin, visiblePool, poolView } from "./store";
import { getVisibleCustomer } from "../customers/store";
import { notFound } from "../core/errors";

const Id = z.object({ id: z.coerce.number().int().positive() });
const cap = z.number().int().min(0).max(100_000).nullable().optional();
const Rule = z.object({
  kind: z.enum(["no_follow_up", "no_deal", "not_won"]),
  level: z.string().regex(/^(priority:(high|medium|low)|[a-z_]+:[\w-]+)$/, "level looks like priority:high or abc:A").nullable().optional(),
  days: z.number().int().min(1).max(3650),
  warnDays: z.number().int().min(0).max(365).default(0),
}).refine((r) => r.warnDays < r.days, { message: "warnDays must be fewer than days", path: ["warnDays"] });
const Rules = z.object({
  version: z.number().int().optional(),
  rulesEnabled: z.boolean().optional(), rules: z.array(Rule).max(50).optional(),
  dailyClaimCap: cap, cooldownDays: cap, holdCap: cap, holdCountsWon: z.boolean().optional(), lockCap: cap,
  exemptWon: z.boolean().optional(), exemptOpenDeals: z.boolean().optional(), maskContacts: z.boolean().optional(),
});
const Members = z.object({
  name: z.string().trim().min(1).max(100).optional(),
  memberDepartmentIds: z.array(z.number().int().positive()).max(500).optional(),
  memberUserIds: z.array(z.number().int().positive()).max(5000).optional(),
  adminIds: z.array(z.number().int().positive()).max(100).optional(),
});

const b01 = (v: boolean | undefined) => (v === undefined ? undefined : v ? 1 : 0);

export async function poolRoutes(app: App): Promise<void> {
  app.get("/pools", { schema: { tags: ["pools"] } }, async (req) => ({ items: await listPools(app.db, req.viewer) }));

  app.post("/pools", { schema: { tags: ["pools"], body: Members.extend({ name: z.string().trim().min(1).max(100) }) } }, async (req, reply) => {
    requireRole(req.viewer, "admin");
    const now = app.now();
    const id = await inTx(app.db, async (tx) => {
      if (await tx.selectFrom("pools").select("id").where("name", "=", req.body.name).executeTakeFirst()) throw new AppError("DUPLICATE", "a pool with that name exists", "name");
      const { id } = await tx.insertInto("pools").values({ name: req.body.name, daily_claim_cap: null, cooldown_days: null, hold_cap: null, lock_cap: null, created_at: now, updated_at: now }).returning("id").executeTakeFirstOrThrow();
      await setMembers(tx, id, req.body);
      await audit(tx, req.viewer.id, "pool", id, "create", req.body, now);
      return id;
    });
    return reply.code(201).send({ id });
  });

  app.patch("/pools/:id", { schema: { tags: ["pools"], params: Id, body: Members } }, async (req) => {
    requireRole(req.viewer, "admin");
    await visiblePool(app.db, req.viewer, req.params.id);
    await inTx(app.db, async (tx) => {
      if (req.body.name) await tx.updateTable("pools").set({ name: req.body.name, updated_at: app.now() }).where("id", "=", req.params.id).execute();
      await setMembers(tx, req.params.id, req.body);
      await audit(tx, req.viewer.id, "pool", req.params.id, "update", req.body, app.now());
    });
    return { ok: true };
  });

  app.get("/pools/:id/customers", {
    schema: { tags: ["pools"], params: Id, querystring: z.object({ q: z.string().max(100).optional(), limit: z.coerce.number().int().min(1).max(500).default(50), cursor: z.string().regex(/^\d+:\d+$/, "cursor is opaque; pass back nextCursor").optional() }) },
  }, async (req) => {
    const pool = await visiblePool(app.db, req.viewer, req.params.id);
    return { pool: poolView(pool), ...(await poolCustomers(app.db, pool.id, req.query)) };
  });

  app.put("/pools/:id/rules", { schema: { tags: ["pools"], params: Id, body: Rules } }, async (req) => {
    const pool = await visiblePool(app.db, req.viewer, req.params.id);
    await requirePoolAdmin(app.db, req.viewer, pool.id);
    const b = req.body;
    if (b.version != null && b.version !== pool.version) throw new AppError("VERSION_CONFLICT", `pool was changed by someone else (your version ${b.version}, current ${pool.version}); reload and try again`, "version", { current: pool.version });
    const now = app.now();
    await inTx(app.db, async (tx) => {
      await tx.updateTable("pools").set({
        rules_enabled: b01(b.rulesEnabled), daily_claim_cap: b.dailyClaimCap, cooldown_days: b.cooldownDays, hold_cap: b.holdCap,
        hold_counts_won: b01(b.holdCountsWon), lock_cap: b.lockCap, exempt_won: b01(b.exemptWon), exempt_open_deals: b01(b.exemptOpenDeals),
        mask_contacts: b01(b.maskContacts), updated_at: now, version: pool.version + 1,
      }).where("id", "=", pool.id).execute();
      if (b.rules) {
        await tx.deleteFrom("pool_rules").where("pool_id", "=", pool.id).execute();
        let position = 0;
        for (const r of b.rules) await tx.insertInto("pool_rules").values({ pool_id: pool.id, kind: r.kind, level: r.level ?? null, days: r.days, warn_days: r.warnDays, position: position++ }).execute();
      }
      await audit(tx, req.viewer.id, "pool", pool.id, "rules", b, now);
    });
    return (await listPools(app.db, req.viewer)).find((p) => p.id === pool.id);
  });

  app.post("/customers/:id/claim", { schema: { tags: ["pools"], params: Id } }, async (req) => {
    const r = await claimCustomer(app.db, req.viewer, req.params.id, app.now(), app.config.TZ_ORG);
    return { ok: true, ...r, customer: await getVisibleCustomer(app.db, req.viewer, req.params.id) };
  });
  app.post("/customers/:id/release", { schema: { tags: ["pools"], params: Id, body: z.object({ reason: z.string().trim().min(1, "a reason is required").max(500) }) } }, async (req) => {
    return { ok: true, ...(await releaseCustomer(app.db, req.viewer, req.params.id, req.body.reason, app.now())) };
  });
  app.post("/customers/:id/assign", { schema: { tags: ["pools"], params: Id, body: z.object({ userId: z.number().int().positive() }) } }, async (req) => {
    return { ok: true, ...(await assignCustomer(app.db, req.viewer, req.params.id, req.body.userId, app.now())) };
  });
  app.post("/customers/:id/lock", { schema: { tags: ["pools"], params: Id, body: z.object({ locked: z.boolean() }) } }, async (req) => {
    await setLocked(app.db, req.viewer, req.params.id, req.body.locked, app.now());
    return { ok: true, locked: req.body.locked };
  });
  app.get("/customers/:id/pool-history", { schema: { tags: ["pools"], params: Id } }, async (req) => {
    if (!(await getVisibleCustomer(app.db, req.viewer, req.params.id))) throw notFound("customer");
    const rows = await app.db.selectFrom("pool_events as e").leftJoin("users as f", "f.id", "e.from_user_id").leftJoin("users as t", "t.id", "e.to_user_id").leftJoin("users as a", "a.id", "e.actor_id")
      .select(["e.id", "e.kind", "e.pool_id", "e.from_user_id", "f.name as from_name", "e.to_user_id", "t.name as to_name", "e.actor_id", "a.name as actor_name", "e.rule", "e.reason", "e.batch_id", "e.at"])
      .where("e.customer_id", "=", req.params.id).orderBy("e.at", "desc").orderBy("e.id", "desc").limit(200).execute();
    return { items: rows.map((r) => ({ id: r.id, kind: r.kind, poolId: r.pool_id, fromUserId: r.from_user_id, fromName: r.from_name, toUserId: r.to_user_id, toName: r.to_name, actorId: r.actor_id, actorName: r.actor_name, rule: r.rule, reason: r.reason, batchId: r.batch_id, at: r.at })) };
  });
}

async function setMembers(tx: import("../db/tx").Tx, poolId: number, b: z.infer<typeof Members>): Promise<void> {
  const check = async (table: "users" | "departments", ids: number[] | undefined, field: string) => {
    if (!ids?.length) return;
    const found = await tx.selectFrom(table).select("id").where("id", "in", ids).execute();
    const lost = ids.filter((id) => !found.some((f) => f.id === id));
    if (lost.length) throw new AppError("INVALID", `${field}: #${lost.join(", #")} not found`, field);
  };
  await check("departments", b.memberDepartmentIds, "memberDepartmentIds");
  await check("users", b.memberUserIds, "memberUserIds");
  await check("users", b.adminIds, "adminIds");
  if (b.memberDepartmentIds) {
    await tx.deleteFrom("pool_members").where("pool_id", "=", poolId).where("department_id", "is not", null).execute();
    for (const d of new Set(b.memberDepartmentIds)) await tx.insertInto("pool_members").values({ pool_id: poolId, user_id: null, department_id: d }).execute();
  }
  if (b.memberUserIds) {
    await tx.deleteFrom("pool_members").where("pool_id", "=", poolId).where("user_id", "is not", null).execute();
    for (const u of new Set(b.memberUserIds)) await tx.insertInto("pool_members").values({ pool_id: poolId, user_id: u, department_id: null }).execute();
  }
  if (b.adminIds) {
    await tx.deleteFrom("pool_admins").where("pool_id", "=", poolId).execute();
    for (const u of new Set(b.adminIds)) await tx.insertInto("pool_admins").values({ pool_id: poolId, user_id: u }).execute();
  }
}
