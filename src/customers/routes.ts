/** Customer (客户档案) routes: list, create with duplicate check, 360 view, versioned edit, sharing. */
import { z } from "zod";
import { audit, changes } from "../audit/log";
import { AppError, notFound } from "../core/errors";
import { inTx } from "../db/tx";
import { updateVersioned } from "../db/versioned";
import { assertCanAssign } from "../access/assign";
import { requireRole } from "../access/viewer";
import type { App } from "../http/plugin";
import { shareRecord } from "../access/shares";
import { CommonFilters } from "../access/filters";
import { Page, pageOf } from "../http/filters";
import { isValidCreditCode, normaliseCreditCode, normaliseName } from "./normalise";
import { normaliseSizeBand, SIZE_BANDS } from "./size-band";
import { checkDuplicates, findDuplicates, getVisibleCustomer, listCustomers } from "./store";

const Id = z.object({ id: z.coerce.number().int().positive() });
const opt = (max = 200) => z.string().trim().max(max).nullable().optional();
/** A size band in any accepted spelling (中型, Medium …), stored as its code (large / medium / small). */
const SizeBandField = z.string().max(50).nullable().optional()
  .transform((v, ctx) => {
    if (v === undefined) return undefined;
    const band = normaliseSizeBand(v);
    if (band === undefined) { ctx.addIssue({ code: "invalid_value", values: [...SIZE_BANDS], message: "sizeBand must be large, medium or small (大型 / 中型 / 小型)" }); return z.NEVER; }
    return band;
  });
const Fields = z.object({
  name: z.string().trim().min(1).max(200),
  externalId: opt(100), creditCode: opt(18), industry: opt(), region: opt(), sizeBand: SizeBandField, channel: opt(),
  ownerId: z.number().int().positive().optional(), creditRating: opt(20), prospectRating: opt(20), lifecycleStage: opt(50),
  priority: z.enum(["high", "medium", "low"]).nullable().optional(), tags: z.array(z.string().trim().min(1).max(40)).max(30).optional(),
  notes: opt(5000), nextFollowUpDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "use YYYY-MM-DD").nullable().optional(),
});

function columns(b: Partial<z.infer<typeof Fields>>) {
  return {
    name: b.name, name_norm: b.name === undefined ? undefined : normaliseName(b.name), external_id: b.externalId,
    credit_code: b.creditCode === undefined ? undefined : b.creditCode ? normaliseCreditCode(b.creditCode) : null,
    industry: b.industry, region: b.region, size_band: b.sizeBand, channel: b.channel, owner_id: b.ownerId,
    credit_rating: b.creditRating, prospect_rating: b.prospectRating, lifecycle_stage: b.lifecycleStage, priority: b.priority,
    tags: b.tags === undefined ? undefined : JSON.stringify(b.tags), notes: b.notes, next_follow_up_date: b.nextFollowUpDate,
  };
}

function checkCreditCode(code: string | null | undefined) {
  if (code && !isValidCreditCode(code)) throw new AppError("INVALID", "creditCode is not a valid 18-character unified social credit code (统一社会信用代码)", "creditCode");
}

export async function customerRoutes(app: App): Promise<void> {
  app.get("/customers", {
    schema: { tags: ["customers"], querystring: CommonFilters.extend(Page.shape).extend({ q: z.string().max(100).optional(), priority: z.string().optional(), sort: z.string().optional() }) },
  }, async (req) => {
    const rows = await listCustomers(app.db, req.viewer, req.query);
    return pageOf(rows, req.query.limit, req.query.cursor);
  });

  app.get("/customers/duplicates", {
    schema: { tags: ["customers"], querystring: z.object({ name: z.string().trim().max(200).default(""), creditCode: z.string().trim().max(18).optional() }) },
  }, async (req) => ({ items: await checkDuplicates(app.db, req.viewer, req.query.name, req.query.creditCode || null) }));

  app.post("/customers", { schema: { tags: ["customers"], body: Fields } }, async (req, reply) => {
    const viewer = req.viewer;
    const b = req.body;
    checkCreditCode(b.creditCode);
    const ownerId = b.ownerId ?? viewer.id;
    await assertCanAssign(app.db, viewer, ownerId);
    const now = app.now();
    const result = await inTx(app.db, async (tx) => {
      const duplicates = await findDuplicates(tx, b.name, b.creditCode ?? null);
      const sameCode = duplicates.find((d) => d.reason === "credit_code");
      if (sameCode) throw new AppError("DUPLICATE", `credit code ${b.creditCode} belongs to customer #${sameCode.id} ${sameCode.name}`, "creditCode", { duplicates }, { id: sameCode.id, name: sameCode.name });
      if (b.externalId && (await tx.selectFrom("customers").select("id").where("external_id", "=", b.externalId).executeTakeFirst()))
        throw new AppError("DUPLICATE", `externalId ${b.externalId} is taken`, "externalId");
      const { id } = await tx.insertInto("customers").values({
        ...columns(b), name: b.name, name_norm: normaliseName(b.name), owner_id: ownerId, tags: JSON.stringify(b.tags ?? []),
        duplicate_of: duplicates[0]?.id ?? null, created_at: now, updated_at: now,
      } as never).returning("id").executeTakeFirstOrThrow();
      await audit(tx, viewer.id, "customer", id, "create", { ...b, duplicateOf: duplicates[0]?.id }, now);
      return { id, duplicates };
    });
    return reply.code(201).send({ customer: await getVisibleCustomer(app.db, viewer, result.id), duplicates: result.duplicates });
  });

  app.get("/customers/:id", { schema: { tags: ["customers"], params: Id } }, async (req) => {
    const viewer = req.viewer;
    const c = await getVisibleCustomer(app.db, viewer, req.params.id);
    if (!c) throw notFound("customer");
    const [contacts, opportunities, activities, orders, tiers, duplicates] = await Promise.all([
      app.db.selectFrom("contacts").selectAll().where("customer_id", "=", c.id).orderBy("id").execute(),
      app.db.selectFrom("opportunities as o").innerJoin("stages as s", "s.id", "o.stage_id")
        .select(["o.id", "o.title", "o.amount_fen", "o.status", "o.expected_close_date", "o.owner_id", "o.pipeline_id", "s.name_zh", "s.name_en", "s.probability", "o.version"])
        .where("o.customer_id", "=", c.id).orderBy("o.created_at", "desc").limit(200).execute(),
      app.db.selectFrom("activities").selectAll().where("customer_id", "=", c.id).orderBy("created_at", "desc").limit(100).execute(),
      app.db.selectFrom("orders").selectAll().where("customer_id", "=", c.id).orderBy("ordered_at", "desc").limit(50).execute(),
      app.db.selectFrom("tier_assignments").select(["scheme", "tier", "score", "computed_at"]).where("customer_id", "=", c.id).orderBy("computed_at", "desc").limit(200).execute(),
      findDuplicates(app.db, c.name, c.creditCode, c.id),
    ]);
    return {
      ...c, duplicates,
      contacts: contacts.map((k) => ({ id: k.id, name: k.name, title: k.title, decisionRole: k.decision_role, phone: k.phone, email: k.email, notes: k.notes, version: k.version })),
      opportunities: opportunities.map((o) => ({ id: o.id, title: o.title, amountFen: o.amount_fen, status: o.status, expectedCloseDate: o.expected_close_date, ownerId: o.owner_id, pipelineId: o.pipeline_id, stageNameZh: o.name_zh, stageNameEn: o.name_en, probability: o.probability, version: o.version })),
      activities: activities.map((a) => ({ id: a.id, kind: a.kind, subject: a.subject, metPerson: a.met_person, metTitle: a.met_title, plannedAt: a.planned_at, doneAt: a.done_at, outcome: a.outcome, nextFollowUpAt: a.next_follow_up_at, ownerId: a.owner_id, opportunityId: a.opportunity_id })),
      orders: orders.map((o) => ({ id: o.id, orderedAt: o.ordered_at, amountFen: o.amount_fen, costFen: o.cost_fen, units: o.units, product: o.product })),
      tiers: tiers.map((t) => ({ scheme: t.scheme, tier: t.tier, score: t.score, computedAt: t.computed_at })),
    };
  });

  app.patch("/customers/:id", { schema: { tags: ["customers"], params: Id, body: Fields.partial().extend({ version: z.number().int() }) } }, async (req) => {
    const viewer = req.viewer;
    const { version, ...b } = req.body;
    if (!(await getVisibleCustomer(app.db, viewer, req.params.id))) throw notFound("customer");
    checkCreditCode(b.creditCode);
    if (b.ownerId) await assertCanAssign(app.db, viewer, b.ownerId);
    await inTx(app.db, async (tx) => {
      if (b.creditCode) {
        const dup = (await findDuplicates(tx, "\u0000", b.creditCode, req.params.id)).find((d) => d.reason === "credit_code");
        if (dup) throw new AppError("DUPLICATE", `credit code belongs to customer #${dup.id} ${dup.name}`, "creditCode", undefined, { id: dup.id, name: dup.name });
      }
      const patch = { ...columns(b), updated_at: app.now() };
      const before = await updateVersioned(tx, "customers", req.params.id, version, patch, "customer");
      await audit(tx, viewer.id, "customer", req.params.id, "update", changes(before, patch), app.now());
    });
    return getVisibleCustomer(app.db, viewer, req.params.id);
  });

  app.post("/customers/:id/shares", { schema: { tags: ["customers"], params: Id, body: z.object({ userId: z.number().int().positive() }) } }, async (req, reply) => {
    const viewer = req.viewer;
    const c = await getVisibleCustomer(app.db, viewer, req.params.id);
    if (!c) throw notFound("customer");
    await shareRecord(app.db, viewer, "customer", c, req.body.userId, app.now());
    return reply.code(201).send({ ok: true });
  });

  app.get("/audit", {
    schema: { tags: ["audit"], querystring: z.object({ entity: z.string().max(40), id: z.coerce.number().int().positive(), limit: z.coerce.number().int().max(500).default(100) }) },
  }, async (req) => {
    requireRole(req.viewer, "admin", "manager");
    const rows = await app.db.selectFrom("audit_log as a").leftJoin("users as u", "u.id", "a.actor_id")
      .select(["a.id", "a.actor_id", "u.name as actor_name", "a.action", "a.diff", "a.at"])
      .where("a.entity", "=", req.query.entity).where("a.entity_id", "=", req.query.id).orderBy("a.id", "desc").limit(req.query.limit).execute();
    return { items: rows.map((r) => ({ id: r.id, actorId: r.actor_id, actorName: r.actor_name, action: r.action, diff: JSON.parse(r.diff), at: r.at })) };
  });
}
