/** Opportunity (销售机会) routes: list, board, create, edit, checklist ticks and stage/status transitions. */
import { opportunitiesChanged } from "../readmodels/maintain";
import { z } from "zod";
import { audit, changes } from "../audit/log";
import { AppError, notFound } from "../core/errors";
import { isIsoDate } from "../core/dates";
import { inTx } from "../db/tx";
import { updateVersioned } from "../db/versioned";
import { assertCanAssign } from "../access/assign";
import type { App } from "../http/plugin";
import { shareRecord } from "../access/shares";
import { CommonFilters } from "../access/filters";
import { Page, pageOf } from "../http/filters";
import { getVisibleCustomer } from "../customers/store";
import { getPipeline } from "../pipelines/store";
import { boardTotals, getVisibleOpportunity, listOpportunities } from "./store";
import { transition } from "./transition";

export const SOURCES = ["cold_visit", "follow_up", "penetration", "cultivation", "inbound"] as const;
export const CATEGORIES = ["commit", "best_case", "pipeline", "omitted"] as const;

const Id = z.object({ id: z.coerce.number().int().positive() });
const date = z.string().refine(isIsoDate, "use a real date as YYYY-MM-DD");
const Editable = z.object({
  title: z.string().trim().min(1).max(200), amountFen: z.number().int().min(0).max(1e15), units: z.number().int().min(0).max(1e9).optional(),
  product: z.string().trim().max(200).nullable().optional(), expectedCloseDate: date.nullable().optional(),
  source: z.enum(SOURCES).nullable().optional(), forecastCategory: z.enum(CATEGORIES).optional(),
  probabilityOverride: z.number().int().min(0).max(100).nullable().optional(), ownerId: z.number().int().positive().optional(),
  externalId: z.string().trim().max(100).nullable().optional(),
});
const ListQuery = CommonFilters.extend(Page.shape).extend({
  stage: z.coerce.number().int().positive().optional(), status: z.enum(["open", "won", "lost"]).optional(), q: z.string().max(100).optional(),
  customer: z.coerce.number().int().positive().optional(), sort: z.string().max(30).optional(),
  closeFrom: date.optional(), closeTo: date.optional(),
  ids: z.string().regex(/^\d+(,\d+)*$/).transform((s) => s.split(",").map(Number)).optional(),
});

export async function opportunityRoutes(app: App): Promise<void> {
  app.get("/opportunities", { schema: { tags: ["opportunities"], querystring: ListQuery } }, async (req) =>
    pageOf(await listOpportunities(app.db, req.viewer, req.query, app.now()), req.query.limit, req.query.cursor));

  app.get("/board", { schema: { tags: ["opportunities"], querystring: CommonFilters.extend({ pipeline: z.coerce.number().int().positive(), limit: z.coerce.number().int().min(1).max(20000).default(5000) }) } }, async (req) => {
    const viewer = req.viewer;
    const pipeline = await getPipeline(app.db, req.query.pipeline);
    const [totals, cards] = await Promise.all([
      boardTotals(app.db, viewer, req.query),
      listOpportunities(app.db, viewer, { ...req.query, status: "open", sort: "-amount", limit: req.query.limit }, app.now()),
    ]);
    const total = (stageId: number) => totals.filter((t) => t.stage_id === stageId);
    return {
      pipeline,
      columns: pipeline.stages.map((stage) => {
        const t = total(stage.id);
        return {
          stage,
          count: t.reduce((a, r) => a + Number(r.n), 0),
          amountFen: t.reduce((a, r) => a + Number(r.amount ?? 0), 0),
          weightedFen: Math.round(t.reduce((a, r) => a + Number(r.weighted ?? 0), 0)),
          cards: stage.kind === "open" ? cards.filter((c) => c.stageId === stage.id) : [],
        };
      }),
    };
  });

  app.post("/opportunities", { schema: { tags: ["opportunities"], body: Editable.extend({ customerId: z.number().int().positive(), pipelineId: z.number().int().positive() }) } }, async (req, reply) => {
    const viewer = req.viewer;
    const b = req.body;
    if (!(await getVisibleCustomer(app.db, viewer, b.customerId))) throw new AppError("INVALID", "customerId is not a customer you can see", "customerId");
    const pipeline = await app.db.selectFrom("pipelines").select(["id", "kind"]).where("id", "=", b.pipelineId).executeTakeFirst();
    if (!pipeline || pipeline.kind !== "deal") throw new AppError("INVALID", "pipelineId is not a deal pipeline", "pipelineId");
    const first = await app.db.selectFrom("stages").select("id").where("pipeline_id", "=", b.pipelineId).where("kind", "=", "open").orderBy("position").limit(1).executeTakeFirstOrThrow();
    const ownerId = b.ownerId ?? viewer.id;
    await assertCanAssign(app.db, viewer, ownerId);
    const now = app.now();
    const id = await inTx(app.db, async (tx) => {
      if (b.externalId && (await tx.selectFrom("opportunities").select("id").where("external_id", "=", b.externalId).executeTakeFirst()))
        throw new AppError("DUPLICATE", `externalId ${b.externalId} is taken`, "externalId");
      const { id } = await tx.insertInto("opportunities").values({
        external_id: b.externalId ?? null, pipeline_id: b.pipelineId, stage_id: first.id, customer_id: b.customerId, owner_id: ownerId,
        title: b.title, amount_fen: b.amountFen, units: b.units ?? 0, product: b.product ?? null, expected_close_date: b.expectedCloseDate ?? null,
        source: b.source ?? null, forecast_category: b.forecastCategory ?? "pipeline", probability_override: b.probabilityOverride ?? null,
        status: "open", lost_reason: null, closed_at: null, stage_entered_at: now, created_at: now, updated_at: now,
      }).returning("id").executeTakeFirstOrThrow();
      await tx.insertInto("stage_events").values({ opportunity_id: id, from_stage_id: null, to_stage_id: first.id, kind: "create", reason: null, override: 0, actor_id: viewer.id, at: now }).execute();
      await opportunitiesChanged(tx, [id]);
      await audit(tx, viewer.id, "opportunity", id, "create", b, now);
      return id;
    });
    return reply.code(201).send(await getVisibleOpportunity(app.db, viewer, id, now));
  });

  app.get("/opportunities/:id", { schema: { tags: ["opportunities"], params: Id } }, async (req) => {
    const viewer = req.viewer;
    const o = await getVisibleOpportunity(app.db, viewer, req.params.id, app.now());
    if (!o) throw notFound("opportunity");
    const [pipeline, checks, events, activities] = await Promise.all([
      getPipeline(app.db, o.pipelineId),
      app.db.selectFrom("criterion_checks as k").leftJoin("users as u", "u.id", "k.checked_by")
        .select(["k.criterion_id", "k.checked_by", "u.name", "k.checked_at", "k.note"]).where("k.opportunity_id", "=", o.id).execute(),
      eventsOf(o.id),
      app.db.selectFrom("activities").selectAll().where("opportunity_id", "=", o.id).orderBy("created_at", "desc").limit(100).execute(),
    ]);
    return {
      ...o, pipeline,
      checks: checks.map((k) => ({ criterionId: k.criterion_id, checkedBy: k.checked_by, checkedByName: k.name, checkedAt: k.checked_at, note: k.note })),
      events,
      activities: activities.map((a) => ({ id: a.id, kind: a.kind, subject: a.subject, metPerson: a.met_person, metTitle: a.met_title, plannedAt: a.planned_at, doneAt: a.done_at, outcome: a.outcome, nextFollowUpAt: a.next_follow_up_at })),
    };
  });

  const eventsOf = async (id: number) =>
    (await app.db.selectFrom("stage_events as e").leftJoin("users as u", "u.id", "e.actor_id")
      .select(["e.id", "e.from_stage_id", "e.to_stage_id", "e.kind", "e.reason", "e.override", "e.actor_id", "u.name", "e.at"])
      .where("e.opportunity_id", "=", id).orderBy("e.at").orderBy("e.id").execute())
      .map((e) => ({ id: e.id, fromStageId: e.from_stage_id, toStageId: e.to_stage_id, kind: e.kind, reason: e.reason, override: !!e.override, actorId: e.actor_id, actorName: e.name, at: e.at }));

  app.get("/opportunities/:id/events", { schema: { tags: ["opportunities"], params: Id } }, async (req) => {
    if (!(await getVisibleOpportunity(app.db, req.viewer, req.params.id, app.now()))) throw notFound("opportunity");
    return { items: await eventsOf(req.params.id) };
  });

  app.patch("/opportunities/:id", { schema: { tags: ["opportunities"], params: Id, body: Editable.partial().extend({ version: z.number().int() }) } }, async (req) => {
    const viewer = req.viewer;
    const { version, ...b } = req.body;
    if (!(await getVisibleOpportunity(app.db, viewer, req.params.id, app.now()))) throw notFound("opportunity");
    if (b.ownerId) await assertCanAssign(app.db, viewer, b.ownerId);
    const patch = {
      title: b.title, amount_fen: b.amountFen, units: b.units, product: b.product, expected_close_date: b.expectedCloseDate, source: b.source,
      forecast_category: b.forecastCategory, probability_override: b.probabilityOverride, owner_id: b.ownerId, external_id: b.externalId, updated_at: app.now(),
    };
    await inTx(app.db, async (tx) => {
      const before = await updateVersioned(tx, "opportunities", req.params.id, version, patch, "opportunity");
      await opportunitiesChanged(tx, [req.params.id]);
      await audit(tx, viewer.id, "opportunity", req.params.id, "update", changes(before, patch), app.now());
    });
    return getVisibleOpportunity(app.db, viewer, req.params.id, app.now());
  });

  const CheckParams = z.object({ id: z.coerce.number().int().positive(), criterionId: z.coerce.number().int().positive() });
  app.put("/opportunities/:id/checks/:criterionId", { schema: { tags: ["opportunities"], params: CheckParams, body: z.object({ note: z.string().max(2000).nullable().optional() }).optional() } }, async (req) => {
    const viewer = req.viewer;
    const o = await getVisibleOpportunity(app.db, viewer, req.params.id, app.now());
    if (!o) throw notFound("opportunity");
    const criterion = await app.db.selectFrom("stage_criteria").select(["id", "stage_id"]).where("id", "=", req.params.criterionId).executeTakeFirst();
    if (!criterion || criterion.stage_id !== o.stageId) throw new AppError("INVALID", "criterionId is not on the opportunity's current stage", "criterionId");
    const note = req.body?.note ?? null;
    await inTx(app.db, async (tx) => {
      await tx.deleteFrom("criterion_checks").where("opportunity_id", "=", o.id).where("criterion_id", "=", criterion.id).execute();
      await tx.insertInto("criterion_checks").values({ opportunity_id: o.id, criterion_id: criterion.id, checked_by: viewer.id, checked_at: app.now(), note }).execute();
      await audit(tx, viewer.id, "opportunity", o.id, "check", { criterionId: criterion.id, note }, app.now());
    });
    return { ok: true };
  });
  app.delete("/opportunities/:id/checks/:criterionId", { schema: { tags: ["opportunities"], params: CheckParams } }, async (req) => {
    const viewer = req.viewer;
    const o = await getVisibleOpportunity(app.db, viewer, req.params.id, app.now());
    if (!o) throw notFound("opportunity");
    await inTx(app.db, async (tx) => {
      await tx.deleteFrom("criterion_checks").where("opportunity_id", "=", o.id).where("criterion_id", "=", req.params.criterionId).execute();
      await audit(tx, viewer.id, "opportunity", o.id, "uncheck", { criterionId: req.params.criterionId }, app.now());
    });
    return { ok: true };
  });

  app.post("/opportunities/:id/transition", {
    schema: { tags: ["opportunities"], params: Id, body: z.object({
      version: z.number().int(), action: z.enum(["advance", "back", "stay", "won", "lost", "reopen"]),
      toStageId: z.number().int().positive().optional(), reason: z.string().trim().max(1000).optional(), lostReason: z.string().max(40).optional(),
      override: z.boolean().optional(),
      contract: z.object({ number: z.string().trim().min(1).max(60), signedAt: date, amountFen: z.number().int().positive(), firstPaymentFen: z.number().int().positive(), receivedAt: date, balanceDueDate: date.nullable().optional() }).optional(),
    }) },
  }, async (req) => {
    const { version, ...rest } = req.body;
    return transition(app.db, req.viewer, req.params.id, version, rest, app.now(), app.config.TZ_ORG);
  });

  app.post("/opportunities/:id/shares", { schema: { tags: ["opportunities"], params: Id, body: z.object({ userId: z.number().int().positive() }) } }, async (req, reply) => {
    const viewer = req.viewer;
    const o = await getVisibleOpportunity(app.db, viewer, req.params.id, app.now());
    if (!o) throw notFound("opportunity");
    await shareRecord(app.db, viewer, "opportunity", o, req.body.userId, app.now());
    return reply.code(201).send({ ok: true });
  });
}
