/** HTTP routes of planning under /api/v1/planning: balance (E1), targets with attainment and proposals (E2), target-group scenarios (E3). */
import type { FastifyRequest } from "fastify";
import { z } from "zod";
import { isoDate } from "../http/input-guard";
import { AppError, notFound } from "../core/errors";
import { parsePeriod } from "../core/dates";
import { requireRole } from "../access/viewer";
import type { App } from "../http/plugin";
import { CommonFilters } from "../access/filters";
import { attainmentFor, balanceFor, type PlanCtx, proposalFor } from "./reports";
import { createScenario, createTarget, deleteScenario, deleteTarget, listScenarios, updateScenario, updateTarget } from "./plan-store";
import { getScenario, listTargets, scenarioView } from "./store";
import { scenarioTable } from "./scenario";

const Id = z.object({ id: z.coerce.number().int().positive() });
const date = isoDate("a real date YYYY-MM-DD");
const periodKey = z.string().regex(/^\d{4}(-Q[1-4]|-(0[1-9]|1[0-2]))?$/, "period must be a month (2026-11), quarter (2026-Q4) or year (2026)");
const Scope = z.enum(["user", "team", "company"]);

export const BalanceQuery = CommonFilters.extend({
  target: z.string().min(1).max(40),
  unit: z.enum(["amount", "units"]).default("amount"),
  averageContract: z.string().min(1).max(40),
  probability: z.string().min(1).max(20).default("first-stage"),
  period: z.string().max(10).optional(),
  from: date.optional(),
  to: date.optional(),
});
const TargetBody = z.object({
  scope: Scope,
  scopeId: z.number().int().positive().nullable().default(null),
  period: periodKey,
  amount_fen: z.number().int().min(0).nullable().default(null),
  units: z.number().int().min(0).nullable().default(null),
});
const TargetPatch = z.object({
  version: z.number().int(),
  amount_fen: z.number().int().min(0).nullable().optional(),
  units: z.number().int().min(0).nullable().optional(),
});
const Step = z.object({ label: z.string().trim().min(1).max(60), ratio: z.number().min(0).max(1) });
const ScenarioBody = z.object({
  name: z.string().trim().min(1).max(100),
  population: z.number().min(0),
  price_fen: z.number().int().min(0),
  steps: z.array(Step).min(1).max(30),
});

export async function planningRoutes(app: App) {
  const ctx = (req: FastifyRequest, filters: CommonFilters = {}): PlanCtx => ({
    db: app.db,
    viewer: req.viewer,
    filters,
    now: app.now(),
    tz: app.config.TZ_ORG,
  });
  const tags = ["planning"];

  app.get(
    "/planning/balance",
    { schema: { tags, summary: "Funnel balance: contracts and target customers needed, per stage and rep (E1)", querystring: BalanceQuery } },
    async (req) => balanceFor(ctx(req, req.query), req.query),
  );

  app.get(
    "/planning/targets",
    {
      schema: { tags, querystring: z.object({ scope: Scope.optional(), scopeId: z.coerce.number().int().optional(), period: z.string().max(10).optional() }) },
    },
    async (req) => ({ items: await listTargets(app.db, req.viewer, req.query) }),
  );
  app.get(
    "/planning/targets/attainment",
    {
      schema: {
        tags,
        summary: "Targets of a period with won to date (E2)",
        querystring: z.object({ period: periodKey, scope: Scope.optional(), scopeId: z.coerce.number().int().optional() }),
      },
    },
    async (req) => attainmentFor(ctx(req), req.query),
  );
  app.get(
    "/planning/targets/proposal",
    {
      schema: {
        tags,
        summary: "A target proposed from the trend of previous periods (E2)",
        querystring: z.object({
          period: periodKey,
          scope: Scope,
          scopeId: z.coerce.number().int().positive().optional(),
          history: z.coerce.number().int().min(1).max(24).default(4),
          growth: z.coerce.number().min(-0.9).max(10).default(0),
        }),
      },
    },
    async (req) => proposalFor(ctx(req), req.query),
  );

  app.post("/planning/targets", { schema: { tags, body: TargetBody } }, async (req, reply) => {
    const b = req.body;
    if (b.scope === "company" ? b.scopeId != null : b.scopeId == null)
      throw new AppError("INVALID", "scopeId is required for user and team targets, and empty for company", "scopeId");
    if (!parsePeriod(b.period, app.config.TZ_ORG)) throw new AppError("INVALID", "bad period", "period");
    return reply.code(201).send(await createTarget(app.db, req.viewer, b, app.now()));
  });

  app.patch("/planning/targets/:id", { schema: { tags, params: Id, body: TargetPatch } }, async (req) =>
    updateTarget(app.db, req.viewer, req.params.id, req.body.version, req.body, app.now()),
  );

  app.delete("/planning/targets/:id", { schema: { tags, params: Id, querystring: z.object({ version: z.coerce.number().int() }) } }, async (req, reply) => {
    await deleteTarget(app.db, req.viewer, req.params.id, req.query.version, app.now());
    return reply.code(204).send();
  });

  // Target-group funnel scenarios (E3): everyone reads; managers and admins write.
  app.get("/planning/scenarios", { schema: { tags } }, async () => ({ items: await listScenarios(app.db) }));
  app.post(
    "/planning/scenarios/preview",
    { schema: { tags, summary: "The table of a scenario without saving it", body: ScenarioBody.omit({ name: true }) } },
    async (req) => scenarioTable(req.body.population, req.body.price_fen, req.body.steps),
  );
  app.get("/planning/scenarios/:id", { schema: { tags, params: Id } }, async (req) => {
    const s = await getScenario(app.db, req.params.id);
    if (!s) throw notFound("scenario");
    return scenarioView(s);
  });
  app.post("/planning/scenarios", { schema: { tags, body: ScenarioBody } }, async (req, reply) => {
    requireRole(req.viewer, "admin", "manager");
    return reply.code(201).send(await createScenario(app.db, req.viewer, req.body, app.now()));
  });
  app.put("/planning/scenarios/:id", { schema: { tags, params: Id, body: ScenarioBody.extend({ version: z.number().int() }) } }, async (req) => {
    requireRole(req.viewer, "admin", "manager");
    const { version, ...b } = req.body;
    return updateScenario(app.db, req.viewer, req.params.id, version, b, app.now());
  });
  app.delete("/planning/scenarios/:id", { schema: { tags, params: Id, querystring: z.object({ version: z.coerce.number().int() }) } }, async (req, reply) => {
    requireRole(req.viewer, "admin", "manager");
    await deleteScenario(app.db, req.viewer, req.params.id, req.query.version, app.now());
    return reply.code(204).send();
  });
}
