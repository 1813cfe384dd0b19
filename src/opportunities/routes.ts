/** Opportunity (销售机会) routes: list, board, create, edit, checklist ticks and stage/status transitions. */
import { z } from "zod";
import { CommonFilters } from "../access/filters";
import { ShareBody, shareRecord } from "../access/shares";
import { isIsoDate } from "../core/dates";
import { notFound } from "../core/errors";
import { Page } from "../http/filters";
import type { App } from "../http/plugin";
import { getPipeline } from "../pipelines/store";
import { checkCriterion, createOpportunity, eventsOf, opportunityDetail, uncheckCriterion, updateOpportunity } from "./record-store";
import { boardTotals, getVisibleOpportunity, listOpportunities, opportunityTotals, pageOpportunities } from "./store";
import { forecastDrillConditions } from "../forecast/drill";
import { periodParam } from "../forecast/reports";
import { transition } from "./transition";
import { customSchema } from "../fields/routes";
import { customFilterQuery, withCustom, withCustomOne } from "../fields/values-store";

export const SOURCES = ["cold_visit", "follow_up", "penetration", "cultivation", "inbound"] as const;
export const CATEGORIES = ["commit", "best_case", "pipeline", "omitted"] as const;

export const Id = z.object({ id: z.coerce.number().int().positive() });
const date = z.string().refine(isIsoDate, "use a real date as YYYY-MM-DD");
const Editable = z.object({
  title: z.string().trim().min(1).max(200),
  amountFen: z.number().int().min(0).max(1e15),
  units: z.number().int().min(0).max(1e9).optional(),
  product: z.string().trim().max(200).nullable().optional(),
  expectedCloseDate: date.nullable().optional(),
  source: z.enum(SOURCES).nullable().optional(),
  forecastCategory: z.enum(CATEGORIES).optional(),
  probabilityOverride: z.number().int().min(0).max(100).nullable().optional(),
  ownerId: z.number().int().positive().optional(),
  externalId: z.string().trim().max(100).nullable().optional(),
  custom: customSchema("opportunity").optional(),
});
const ListQuery = CommonFilters.extend(Page.shape).extend({
  stage: z.coerce.number().int().positive().optional(),
  status: z.enum(["open", "won", "lost"]).optional(),
  q: z.string().max(100).optional(),
  customer: z.coerce.number().int().positive().optional(),
  sort: z.string().max(30).optional(),
  closeFrom: date.optional(),
  closeTo: date.optional(),
  ids: z
    .string()
    .regex(/^\d+(,\d+)*$/)
    .transform((s) => s.split(",").map(Number))
    .optional(),
  /** the forecast drill-down (src/forecast/drill.ts): a month or quarter, a forecast category, a department line (0 = none) */
  period: z.string().max(10).optional(),
  category: z.enum(CATEGORIES).optional(),
  department: z.coerce.number().int().min(0).optional(),
  probability: z.enum(["stage", "predicted"]).default("stage"),
});

/** The body of POST /opportunities/:id/transition (also read by its fast path, move-fast-routes.ts). */
export const TransitionBody = z.object({
  version: z.number().int(),
  action: z.enum(["advance", "back", "stay", "won", "lost", "reopen"]),
  toStageId: z.number().int().positive().optional(),
  reason: z.string().trim().max(1000).optional(),
  lostReason: z.string().max(40).optional(),
  override: z.boolean().optional(),
  contract: z
    .object({
      number: z.string().trim().min(1).max(60),
      signedAt: date,
      amountFen: z.number().int().positive(),
      firstPaymentFen: z.number().int().positive(),
      receivedAt: date,
      balanceDueDate: date.nullable().optional(),
    })
    .optional(),
});

export async function opportunityRoutes(app: App): Promise<void> {
  const listFilter = (req: { query: z.infer<typeof ListQuery>; url: string; viewer: Parameters<typeof forecastDrillConditions>[0] }) => {
    const { period, category, department, ...rest } = req.query;
    const tz = app.config.TZ_ORG;
    const p = period === undefined ? undefined : periodParam(period, "quarter", app.now(), tz);
    return {
      ...rest,
      cf: customFilterQuery(req.url),
      where: forecastDrillConditions(req.viewer, { period: p, status: rest.status, category, department }, tz),
    };
  };
  app.get("/opportunities", { schema: { tags: ["opportunities"], querystring: ListQuery } }, async (req) => {
    const page = await pageOpportunities(app.db, req.viewer, listFilter(req), app.now());
    return { ...page, items: await withCustom(app.db, "opportunity", page.items) };
  });

  app.get("/opportunities/totals", { schema: { tags: ["opportunities"], querystring: ListQuery } }, async (req) =>
    opportunityTotals(app.db, req.viewer, listFilter(req), req.query.probability),
  );

  app.get(
    "/board",
    {
      schema: {
        tags: ["opportunities"],
        querystring: CommonFilters.extend({ pipeline: z.coerce.number().int().positive(), limit: z.coerce.number().int().min(1).max(20000).default(5000) }),
      },
    },
    async (req) => {
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
    },
  );

  app.post(
    "/opportunities",
    { schema: { tags: ["opportunities"], body: Editable.extend({ customerId: z.number().int().positive(), pipelineId: z.number().int().positive() }) } },
    async (req, reply) => {
      const now = app.now();
      const id = await createOpportunity(app.db, req.viewer, req.body, now);
      return reply.code(201).send(await withCustomOne(app.db, "opportunity", await getVisibleOpportunity(app.db, req.viewer, id, now)));
    },
  );

  app.get("/opportunities/:id", { schema: { tags: ["opportunities"], params: Id } }, async (req) =>
    withCustomOne(app.db, "opportunity", await opportunityDetail(app.db, req.viewer, req.params.id, app.now())),
  );

  app.get("/opportunities/:id/events", { schema: { tags: ["opportunities"], params: Id } }, async (req) => {
    if (!(await getVisibleOpportunity(app.db, req.viewer, req.params.id, app.now()))) throw notFound("opportunity");
    return { items: await eventsOf(app.db, req.params.id) };
  });

  app.patch(
    "/opportunities/:id",
    { schema: { tags: ["opportunities"], params: Id, body: Editable.partial().extend({ version: z.number().int() }) } },
    async (req) => {
      const { version, ...b } = req.body;
      await updateOpportunity(app.db, req.viewer, req.params.id, version, b, app.now());
      return withCustomOne(app.db, "opportunity", await getVisibleOpportunity(app.db, req.viewer, req.params.id, app.now()));
    },
  );

  const CheckParams = z.object({ id: z.coerce.number().int().positive(), criterionId: z.coerce.number().int().positive() });
  app.put(
    "/opportunities/:id/checks/:criterionId",
    { schema: { tags: ["opportunities"], params: CheckParams, body: z.object({ note: z.string().max(2000).nullable().optional() }).optional() } },
    async (req) => {
      await checkCriterion(app.db, req.viewer, req.params.id, req.params.criterionId, req.body?.note ?? null, app.now());
      return { ok: true };
    },
  );
  app.delete("/opportunities/:id/checks/:criterionId", { schema: { tags: ["opportunities"], params: CheckParams } }, async (req) => {
    await uncheckCriterion(app.db, req.viewer, req.params.id, req.params.criterionId, app.now());
    return { ok: true };
  });

  app.post(
    "/opportunities/:id/transition",
    {
      schema: {
        tags: ["opportunities"],
        params: Id,
        body: TransitionBody,
      },
    },
    async (req) => {
      const { version, ...rest } = req.body;
      return transition(app.db, req.viewer, req.params.id, version, rest, app.now(), app.config.TZ_ORG);
    },
  );

  app.post("/opportunities/:id/shares", { schema: { tags: ["opportunities"], params: Id, body: ShareBody } }, async (req, reply) => {
    const viewer = req.viewer;
    const o = await getVisibleOpportunity(app.db, viewer, req.params.id, app.now());
    if (!o) throw notFound("opportunity");
    await shareRecord(app.db, viewer, "opportunity", o, req.body, app.now());
    return reply.code(201).send({ ok: true });
  });
}
