/** Activities (拜访计划: planned vs actual, person met and title) and the follow-up list (跟进机制). */
import { activitiesChanged } from "../readmodels/maintain";
import { z } from "zod";
import { audit, changes } from "../audit/log";
import { AppError, notFound } from "../core/errors";
import { dateStart, DAY_MS, localDate } from "../core/dates";
import type { Row } from "../db/schema";
import { inTx } from "../db/tx";
import { updateVersioned } from "../db/versioned";
import type { Viewer } from "../access/viewer";
import { visible } from "../access/visible";
import type { App } from "../http/plugin";
import { Page, pageOf } from "../http/filters";
import { getVisibleCustomer } from "../customers/store";
import { listOpportunities } from "../opportunities/store";

export const ACTIVITY_KINDS = ["visit", "call", "email", "meeting", "demo", "quote", "tender"] as const;

const Id = z.object({ id: z.coerce.number().int().positive() });
const instant = z.string().datetime({ offset: true, message: "use an ISO 8601 time, e.g. 2026-06-15T10:00:00+08:00" }).transform((s) => Date.parse(s));
const Fields = z.object({
  kind: z.enum(ACTIVITY_KINDS), customerId: z.number().int().positive(), contactId: z.number().int().positive().nullable().optional(),
  opportunityId: z.number().int().positive().nullable().optional(), subject: z.string().trim().max(300).nullable().optional(),
  metPerson: z.string().trim().max(100).nullable().optional(), metTitle: z.string().trim().max(100).nullable().optional(),
  plannedAt: instant.nullable().optional(), doneAt: instant.nullable().optional(), outcome: z.string().max(5000).nullable().optional(),
  nextFollowUpAt: instant.nullable().optional(),
});

export const activityView = (a: Row<"activities"> & { customer_name?: string; owner_name?: string | null }) => ({
  id: a.id, kind: a.kind, customerId: a.customer_id, customerName: a.customer_name ?? null, contactId: a.contact_id, opportunityId: a.opportunity_id,
  ownerId: a.owner_id, ownerName: a.owner_name ?? null, subject: a.subject, metPerson: a.met_person, metTitle: a.met_title, plannedAt: a.planned_at,
  doneAt: a.done_at, outcome: a.outcome, nextFollowUpAt: a.next_follow_up_at, createdAt: a.created_at, version: a.version,
});

export async function activityRoutes(app: App): Promise<void> {
  const base = (viewer: Viewer) => app.db.selectFrom("activities as a").innerJoin("customers as c", "c.id", "a.customer_id")
    .leftJoin("users as u", "u.id", "a.owner_id").selectAll("a").select(["c.name as customer_name", "u.name as owner_name"])
    .where((eb) => eb.or([visible(viewer, "a.owner_id"), visible(viewer, "c.owner_id", "c.id", "customer")]));

  app.get("/activities", {
    schema: { tags: ["activities"], querystring: Page.extend({
      customer: z.coerce.number().int().positive().optional(), opportunity: z.coerce.number().int().positive().optional(),
      owner: z.coerce.number().int().positive().optional(), kind: z.enum(ACTIVITY_KINDS).optional(),
      from: z.string().date().optional(), to: z.string().date().optional(),
    }) },
  }, async (req) => {
    const f = req.query;
    const tz = app.config.TZ_ORG;
    let q = base(req.viewer);
    if (f.customer) q = q.where("a.customer_id", "=", f.customer);
    if (f.opportunity) q = q.where("a.opportunity_id", "=", f.opportunity);
    if (f.owner) q = q.where("a.owner_id", "=", f.owner);
    if (f.kind) q = q.where("a.kind", "=", f.kind);
    if (f.from) q = q.where((eb) => eb(eb.fn.coalesce("a.done_at", "a.planned_at"), ">=", dateStart(f.from!, tz)));
    if (f.to) q = q.where((eb) => eb(eb.fn.coalesce("a.done_at", "a.planned_at"), "<", dateStart(f.to!, tz) + DAY_MS));
    const rows = await q.orderBy("a.created_at", "desc").orderBy("a.id", "desc").limit(f.limit + 1).offset(Number(f.cursor ?? 0)).execute();
    return pageOf(rows.map(activityView), f.limit, f.cursor);
  });

  app.post("/activities", { schema: { tags: ["activities"], body: Fields } }, async (req, reply) => {
    const viewer = req.viewer;
    const b = req.body;
    if (!(await getVisibleCustomer(app.db, viewer, b.customerId))) throw new AppError("INVALID", "customerId is not a customer you can see", "customerId");
    if (b.contactId) {
      const k = await app.db.selectFrom("contacts").select("customer_id").where("id", "=", b.contactId).executeTakeFirst();
      if (!k || k.customer_id !== b.customerId) throw new AppError("INVALID", "contactId is not a contact of this customer", "contactId");
    }
    if (b.opportunityId) {
      const o = await app.db.selectFrom("opportunities").select("customer_id").where("id", "=", b.opportunityId).executeTakeFirst();
      if (!o || o.customer_id !== b.customerId) throw new AppError("INVALID", "opportunityId is not an opportunity of this customer", "opportunityId");
    }
    if (!b.plannedAt && !b.doneAt) throw new AppError("INVALID", "give plannedAt (a visit plan) or doneAt (what happened)", "plannedAt");
    const now = app.now();
    const id = await inTx(app.db, async (tx) => {
      const { id } = await tx.insertInto("activities").values({
        external_id: null, kind: b.kind, customer_id: b.customerId, contact_id: b.contactId ?? null, opportunity_id: b.opportunityId ?? null,
        owner_id: viewer.id, subject: b.subject ?? null, met_person: b.metPerson ?? null, met_title: b.metTitle ?? null,
        planned_at: b.plannedAt ?? null, done_at: b.doneAt ?? null, outcome: b.outcome ?? null, next_follow_up_at: b.nextFollowUpAt ?? null,
        created_at: now, updated_at: now,
      }).returning("id").executeTakeFirstOrThrow();
      if (b.nextFollowUpAt)
        await tx.updateTable("customers").set({ next_follow_up_date: localDate(b.nextFollowUpAt, app.config.TZ_ORG) }).where("id", "=", b.customerId).execute();
      await activitiesChanged(tx, [b.opportunityId]);
      await audit(tx, viewer.id, "activity", id, "create", b, now);
      return id;
    });
    const row = await base(viewer).where("a.id", "=", id).executeTakeFirstOrThrow();
    return reply.code(201).send(activityView(row));
  });

  app.patch("/activities/:id", { schema: { tags: ["activities"], params: Id, body: Fields.omit({ customerId: true, kind: true }).partial().extend({ version: z.number().int() }) } }, async (req) => {
    const viewer = req.viewer;
    if (!(await base(viewer).where("a.id", "=", req.params.id).executeTakeFirst())) throw notFound("activity");
    const { version, ...b } = req.body;
    const patch = {
      contact_id: b.contactId, opportunity_id: b.opportunityId, subject: b.subject, met_person: b.metPerson, met_title: b.metTitle,
      planned_at: b.plannedAt, done_at: b.doneAt, outcome: b.outcome, next_follow_up_at: b.nextFollowUpAt, updated_at: app.now(),
    };
    await inTx(app.db, async (tx) => {
      const before = await updateVersioned(tx, "activities", req.params.id, version, patch, "activity");
      await activitiesChanged(tx, [before.opportunity_id, patch.opportunity_id]);
      await audit(tx, viewer.id, "activity", req.params.id, "update", changes(before, patch), app.now());
    });
    return activityView(await base(viewer).where("a.id", "=", req.params.id).executeTakeFirstOrThrow());
  });

  /** A rep's to-dos: overdue and due follow-ups, visits planned today, the current stage's actions, stalled deals. */
  app.get("/followups", { schema: { tags: ["activities"], querystring: z.object({ owner: z.coerce.number().int().positive().optional() }) } }, async (req) => {
    const viewer = req.viewer;
    const now = app.now();
    const tz = app.config.TZ_ORG;
    const todayStart = dateStart(localDate(now, tz), tz);
    const mine = (q: ReturnType<typeof base>) => (req.query.owner ? q.where("a.owner_id", "=", req.query.owner) : viewer.role === "rep" ? q.where("a.owner_id", "=", viewer.id) : q);
    const [overdue, today, upcoming] = await Promise.all([
      mine(base(viewer)).where("a.next_follow_up_at", "<", todayStart).where("a.next_follow_up_at", "is not", null)
        .where((eb) => eb.not(eb.exists(eb.selectFrom("activities as later").select("later.id").whereRef("later.customer_id", "=", "a.customer_id").whereRef("later.created_at", ">", "a.created_at"))))
        .orderBy("a.next_follow_up_at").limit(200).execute(),
      mine(base(viewer)).where((eb) => eb.or([
        eb.and([eb("a.planned_at", ">=", todayStart), eb("a.planned_at", "<", todayStart + DAY_MS), eb("a.done_at", "is", null)]),
        eb.and([eb("a.next_follow_up_at", ">=", todayStart), eb("a.next_follow_up_at", "<", todayStart + DAY_MS)]),
      ])).orderBy("a.planned_at").limit(200).execute(),
      mine(base(viewer)).where("a.next_follow_up_at", ">=", todayStart + DAY_MS).where("a.next_follow_up_at", "<", todayStart + 7 * DAY_MS).orderBy("a.next_follow_up_at").limit(200).execute(),
    ]);
    const open = await listOpportunities(app.db, viewer, { status: "open", owner: req.query.owner ?? (viewer.role === "rep" ? viewer.id : undefined), sort: "expected_close", limit: 500 }, now);
    const stageIds = [...new Set(open.map((o) => o.stageId))];
    const actions = stageIds.length ? await app.db.selectFrom("stage_actions").selectAll().where("stage_id", "in", stageIds).orderBy("position").execute() : [];
    return {
      overdue: overdue.map(activityView), today: today.map(activityView), upcoming: upcoming.map(activityView),
      stageActions: open.slice(0, 50).map((o) => ({
        opportunityId: o.id, title: o.title, customerName: o.customerName, stageNameZh: o.stageNameZh, stageNameEn: o.stageNameEn,
        actions: actions.filter((a) => a.stage_id === o.stageId).map((a) => ({ textZh: a.text_zh, textEn: a.text_en })),
      })).filter((s) => s.actions.length),
      stalled: open.filter((o) => o.stalled).slice(0, 100),
    };
  });
}
