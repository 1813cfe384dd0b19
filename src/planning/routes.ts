/** HTTP routes of planning under /api/v1/planning: balance (E1), targets with attainment and proposals (E2), target-group scenarios (E3). */
import type { FastifyRequest } from "fastify";
import { z } from "zod";
import { isoDate } from "../http/input-guard";
import { audit, changes } from "../audit/log";
import { AppError, forbidden, notFound } from "../core/errors";
import { parsePeriod } from "../core/dates";
import { type DbOrTx, inTx } from "../db/tx";
import { updateVersioned } from "../db/versioned";
import { requireRole, type Viewer } from "../access/viewer";
import type { App } from "../http/plugin";
import { CommonFilters } from "../access/filters";
import { attainmentFor, balanceFor, type PlanCtx, proposalFor } from "./reports";
import { getScenario, listTargets, scenarioView, targetView } from "./store";
import { scenarioTable } from "./scenario";

const Id = z.object({ id: z.coerce.number().int().positive() });
const date = isoDate("a real date YYYY-MM-DD");
const periodKey = z.string().regex(/^\d{4}(-Q[1-4]|-(0[1-9]|1[0-2]))?$/, "period must be a month (2026-11), quarter (2026-Q4) or year (2026)");
const Scope = z.enum(["user", "team", "company"]);

export const BalanceQuery = CommonFilters.extend({
  target: z.string().min(1).max(40), unit: z.enum(["amount", "units"]).default("amount"), averageContract: z.string().min(1).max(40),
  probability: z.string().min(1).max(20).default("first-stage"), period: z.string().max(10).optional(), from: date.optional(), to: date.optional(),
});
const TargetBody = z.object({
  scope: Scope, scopeId: z.number().int().positive().nullable().default(null), period: periodKey,
  amount_fen: z.number().int().min(0).nullable().default(null), units: z.number().int().min(0).nullable().default(null),
});
const TargetPatch = z.object({ version: z.number().int(), amount_fen: z.number().int().min(0).nullable().optional(), units: z.number().int().min(0).nullable().optional() });
const Step = z.object({ label: z.string().trim().min(1).max(60), ratio: z.number().min(0).max(1) });
const ScenarioBody = z.object({ name: z.string().trim().min(1).max(100), population: z.number().min(0), price_fen: z.number().int().min(0), steps: z.array(Step).min(1).max(30) });

/** Who may write a target: admins any; managers their team's and their team's people's. */
async function assertCanWriteTarget(db: DbOrTx, viewer: Viewer, scope: "user" | "team" | "company", scopeId: number | null) {
  requireRole(viewer, "admin", "manager");
  if (viewer.role === "admin") return;
  if (scope === "team" && scopeId != null && scopeId === viewer.teamId) return;
  if (scope === "user" && scopeId != null) {
    const u = await db.selectFrom("users").select("team_id").where("id", "=", scopeId).executeTakeFirst();
    if (u && (scopeId === viewer.id || (u.team_id != null && u.team_id === viewer.teamId))) return;
  }
  throw forbidden("a manager sets targets for their own team and its people only");
}

export async function planningRoutes(app: App) {
  const ctx = (req: FastifyRequest, filters: CommonFilters = {}): PlanCtx =>
    ({ db: app.db, viewer: req.viewer, filters, now: app.now(), tz: app.config.TZ_ORG });
  const tags = ["planning"];

  app.get("/planning/balance", { schema: { tags, summary: "Funnel balance: contracts and target customers needed, per stage and rep (E1)", querystring: BalanceQuery } },
    async (req) => balanceFor(ctx(req, req.query), req.query));

  app.get("/planning/targets", { schema: { tags, querystring: z.object({ scope: Scope.optional(), scopeId: z.coerce.number().int().optional(), period: z.string().max(10).optional() }) } },
    async (req) => ({ items: await listTargets(app.db, req.viewer, req.query) }));
  app.get("/planning/targets/attainment", { schema: { tags, summary: "Targets of a period with won to date (E2)", querystring: z.object({ period: periodKey, scope: Scope.optional(), scopeId: z.coerce.number().int().optional() }) } },
    async (req) => attainmentFor(ctx(req), req.query));
  app.get("/planning/targets/proposal", {
    schema: { tags, summary: "A target proposed from the trend of previous periods (E2)", querystring: z.object({
      period: periodKey, scope: Scope, scopeId: z.coerce.number().int().positive().optional(),
      history: z.coerce.number().int().min(1).max(24).default(4), growth: z.coerce.number().min(-0.9).max(10).default(0),
    }) },
  }, async (req) => proposalFor(ctx(req), req.query));

  app.post("/planning/targets", { schema: { tags, body: TargetBody } }, async (req, reply) => {
    const viewer = req.viewer;
    const b = req.body;
    if (b.scope === "company" ? b.scopeId != null : b.scopeId == null) throw new AppError("INVALID", "scopeId is required for user and team targets, and empty for company", "scopeId");
    if (!parsePeriod(b.period, app.config.TZ_ORG)) throw new AppError("INVALID", "bad period", "period");
    await assertCanWriteTarget(app.db, viewer, b.scope, b.scopeId);
    const now = app.now();
    const row = await inTx(app.db, async (tx) => {
      let dup = tx.selectFrom("targets").select("id").where("scope", "=", b.scope).where("period", "=", b.period);
      dup = b.scopeId == null ? dup.where("scope_id", "is", null) : dup.where("scope_id", "=", b.scopeId);
      if (await dup.executeTakeFirst()) throw new AppError("DUPLICATE", `a ${b.scope} target for ${b.period} exists; update it instead`, "period");
      const r = await tx.insertInto("targets").values({ scope: b.scope, scope_id: b.scopeId, period: b.period, amount_fen: b.amount_fen, units: b.units, updated_at: now })
        .returningAll().executeTakeFirstOrThrow();
      await audit(tx, viewer.id, "target", r.id, "create", b, now);
      return r;
    });
    return reply.code(201).send(targetView(row));
  });

  app.patch("/planning/targets/:id", { schema: { tags, params: Id, body: TargetPatch } }, async (req) => {
    const viewer = req.viewer;
    const now = app.now();
    return inTx(app.db, async (tx) => {
      const cur = await tx.selectFrom("targets").selectAll().where("id", "=", req.params.id).executeTakeFirst();
      if (!cur) throw notFound("target");
      await assertCanWriteTarget(tx, viewer, cur.scope, cur.scope_id);
      const patch = { amount_fen: req.body.amount_fen, units: req.body.units };
      await updateVersioned(tx, "targets", cur.id, req.body.version, { ...patch, updated_at: now }, "target");
      await audit(tx, viewer.id, "target", cur.id, "update", changes(cur, patch), now);
      return targetView((await tx.selectFrom("targets").selectAll().where("id", "=", cur.id).executeTakeFirstOrThrow()));
    });
  });

  app.delete("/planning/targets/:id", { schema: { tags, params: Id, querystring: z.object({ version: z.coerce.number().int() }) } }, async (req, reply) => {
    const viewer = req.viewer;
    await inTx(app.db, async (tx) => {
      const cur = await tx.selectFrom("targets").selectAll().where("id", "=", req.params.id).executeTakeFirst();
      if (!cur) throw notFound("target");
      await assertCanWriteTarget(tx, viewer, cur.scope, cur.scope_id);
      if (cur.version !== req.query.version) throw new AppError("VERSION_CONFLICT", `target was changed by someone else (your version ${req.query.version}, current ${cur.version}); reload and try again`, "version", { current: cur.version });
      await tx.deleteFrom("targets").where("id", "=", cur.id).where("version", "=", req.query.version).execute();
      await audit(tx, viewer.id, "target", cur.id, "delete", targetView(cur), app.now());
    });
    return reply.code(204).send();
  });

  // Target-group funnel scenarios (E3): everyone reads; managers and admins write.
  app.get("/planning/scenarios", { schema: { tags } }, async () =>
    ({ items: (await app.db.selectFrom("funnel_scenarios").selectAll().orderBy("name").execute()).map(scenarioView) }));
  app.post("/planning/scenarios/preview", { schema: { tags, summary: "The table of a scenario without saving it", body: ScenarioBody.omit({ name: true }) } },
    async (req) => scenarioTable(req.body.population, req.body.price_fen, req.body.steps));
  app.get("/planning/scenarios/:id", { schema: { tags, params: Id } }, async (req) => {
    const s = await getScenario(app.db, req.params.id);
    if (!s) throw notFound("scenario");
    return scenarioView(s);
  });
  app.post("/planning/scenarios", { schema: { tags, body: ScenarioBody } }, async (req, reply) => {
    const viewer = req.viewer;
    requireRole(viewer, "admin", "manager");
    const now = app.now();
    const row = await inTx(app.db, async (tx) => {
      if (await tx.selectFrom("funnel_scenarios").select("id").where("name", "=", req.body.name).executeTakeFirst())
        throw new AppError("DUPLICATE", `a scenario named "${req.body.name}" exists`, "name");
      const r = await tx.insertInto("funnel_scenarios").values({
        name: req.body.name, population: req.body.population, price_fen: req.body.price_fen, steps: JSON.stringify(req.body.steps),
        created_by: viewer.id, created_at: now, updated_at: now,
      }).returningAll().executeTakeFirstOrThrow();
      await audit(tx, viewer.id, "funnel_scenario", r.id, "create", req.body, now);
      return r;
    });
    return reply.code(201).send(scenarioView(row));
  });
  app.put("/planning/scenarios/:id", { schema: { tags, params: Id, body: ScenarioBody.extend({ version: z.number().int() }) } }, async (req) => {
    const viewer = req.viewer;
    requireRole(viewer, "admin", "manager");
    const now = app.now();
    const { version, ...b } = req.body;
    return inTx(app.db, async (tx) => {
      const clash = await tx.selectFrom("funnel_scenarios").select("id").where("name", "=", b.name).where("id", "<>", req.params.id).executeTakeFirst();
      if (clash) throw new AppError("DUPLICATE", `a scenario named "${b.name}" exists`, "name");
      const patch = { name: b.name, population: b.population, price_fen: b.price_fen, steps: JSON.stringify(b.steps) };
      const before = await updateVersioned(tx, "funnel_scenarios", req.params.id, version, { ...patch, updated_at: now }, "scenario");
      await audit(tx, viewer.id, "funnel_scenario", req.params.id, "update", changes(before, patch), now);
      return scenarioView((await getScenario(tx, req.params.id))!);
    });
  });
  app.delete("/planning/scenarios/:id", { schema: { tags, params: Id, querystring: z.object({ version: z.coerce.number().int() }) } }, async (req, reply) => {
    const viewer = req.viewer;
    requireRole(viewer, "admin", "manager");
    await inTx(app.db, async (tx) => {
      const cur = await getScenario(tx, req.params.id);
      if (!cur) throw notFound("scenario");
      if (cur.version !== req.query.version) throw new AppError("VERSION_CONFLICT", `scenario was changed by someone else (your version ${req.query.version}, current ${cur.version}); reload and try again`, "version", { current: cur.version });
      await tx.deleteFrom("funnel_scenarios").where("id", "=", cur.id).execute();
      await audit(tx, viewer.id, "funnel_scenario", cur.id, "delete", { name: cur.name }, app.now());
    });
    return reply.code(204).send();
  });
}
