/** Forecast routes (F1–F4): the forecast, weekly snapshots and submissions, accuracy, the Friday view, the win model. */
import { z } from "zod";
import { audit } from "../audit/log";
import { periodOf } from "../core/dates";
import { AppError, invalid, notFound } from "../core/errors";
import { inTx } from "../db/tx";
import { requireRole } from "../access/viewer";
import { visible } from "../access/visible";
import type { App } from "../http/plugin";
import { CommonFilters } from "../access/filters";
import { columns } from "./features";
import { latestModel, trainAndScore } from "./model-store";
import { accuracyReport, forecastReport, fridayView, periodParam } from "./reports";
import { forecastFor, snapshotRows, takeSnapshot } from "./store";

const PeriodQ = z.object({ period: z.string().max(10).optional() });
const Fen = z.number().int().nonnegative();

export async function forecastRoutes(app: App): Promise<void> {
  const tz = () => app.config.TZ_ORG;

  app.get("/forecast", {
    schema: { tags: ["forecast"], querystring: CommonFilters.extend(PeriodQ.shape).extend({ kind: z.enum(["month", "quarter"]).default("quarter"), probability: z.enum(["stage", "predicted"]).default("stage") }) },
  }, async (req) => forecastReport(app.db, req.viewer, periodParam(req.query.period, req.query.kind, app.now(), tz()), tz(), req.query));

  app.get("/forecast/snapshots", {
    schema: { tags: ["forecast"], querystring: PeriodQ.extend({ scope: z.enum(["user", "team", "company"]).optional(), scopeId: z.coerce.number().int().positive().optional() }) },
  }, async (req) => {
    const p = periodParam(req.query.period, "quarter", app.now(), tz());
    return { period: p.key, items: await snapshotRows(app.db, req.viewer, [p.key], req.query) };
  });

  app.post("/forecast/snapshots", { schema: { tags: ["forecast"] } }, async (req, reply) => {
    requireRole(req.viewer, "admin");
    return reply.code(201).send(await takeSnapshot(app.db, app.now(), tz()));
  });

  app.get("/forecast/submissions", { schema: { tags: ["forecast"], querystring: PeriodQ.extend({ week: z.string().regex(/^\d{4}-W\d{2}$/).optional() }) } }, async (req) => {
    const viewer = req.viewer;
    const now = app.now();
    const p = periodParam(req.query.period, "quarter", now, tz());
    const week = req.query.week ?? periodOf("week", now, tz()).key;
    const [{ rollup, owners }, subs] = await Promise.all([
      forecastFor(app.db, viewer, p, tz()),
      app.db.selectFrom("forecast_submissions as fs").selectAll("fs").where("fs.period", "=", p.key).where("fs.week", "=", week).where(visible(viewer, "fs.user_id")).execute(),
    ]);
    const items = owners.map((o) => ({
      userId: o.id, name: o.name, teamId: o.teamId,
      system: rollup.reps.find((r) => r.scopeId === o.id) ?? null,
      submission: subs.find((s) => s.user_id === o.id) ?? null,
    }));
    return { period: p.key, week, items, company: rollup.company, teams: rollup.teams };
  });

  app.post("/forecast/submissions", {
    schema: { tags: ["forecast"], body: z.object({ period: z.string().max(10), commitFen: Fen, bestCaseFen: Fen, note: z.string().max(2000).nullable().optional() }) },
  }, async (req, reply) => {
    const viewer = req.viewer;
    const now = app.now();
    const b = req.body;
    const current = [periodOf("month", now, tz()).key, periodOf("quarter", now, tz()).key];
    if (!current.includes(b.period)) throw invalid("period", `submit for the current month or quarter (${current.join(" or ")})`);
    if (b.bestCaseFen < b.commitFen) throw invalid("bestCaseFen", "best case cannot be below commit");
    const week = periodOf("week", now, tz()).key;
    const row = await inTx(app.db, async (tx) => {
      await tx.deleteFrom("forecast_submissions").where("user_id", "=", viewer.id).where("period", "=", b.period).where("week", "=", week).execute();
      const r = await tx.insertInto("forecast_submissions").values({
        user_id: viewer.id, period: b.period, week, commit_fen: b.commitFen, best_case_fen: b.bestCaseFen, note: b.note ?? null, submitted_at: now,
        adjusted_by: null, adjusted_commit_fen: null, adjusted_best_case_fen: null, adjust_note: null,
      }).returningAll().executeTakeFirstOrThrow();
      await audit(tx, viewer.id, "forecast_submission", r.id, "submit", b, now);
      return r;
    });
    return reply.code(201).send(row);
  });

  app.post("/forecast/submissions/:id/adjust", {
    schema: { tags: ["forecast"], params: z.object({ id: z.coerce.number().int().positive() }),
      body: z.object({ commitFen: Fen, bestCaseFen: Fen, note: z.string().trim().min(1, "say why you adjust").max(2000) }) },
  }, async (req) => {
    const viewer = req.viewer;
    requireRole(viewer, "admin", "manager");
    const now = app.now();
    return inTx(app.db, async (tx) => {
      const s = await tx.selectFrom("forecast_submissions as fs").selectAll("fs").where("fs.id", "=", req.params.id).where(visible(viewer, "fs.user_id")).executeTakeFirst();
      if (!s) throw notFound("forecast submission");
      if (s.user_id === viewer.id && viewer.role !== "admin") throw new AppError("FORBIDDEN", "a manager adjusts the team's submissions, not their own");
      const r = await tx.updateTable("forecast_submissions").set({ adjusted_by: viewer.id, adjusted_commit_fen: req.body.commitFen, adjusted_best_case_fen: req.body.bestCaseFen, adjust_note: req.body.note })
        .where("id", "=", s.id).returningAll().executeTakeFirstOrThrow();
      await audit(tx, viewer.id, "forecast_submission", s.id, "adjust", { commit: [s.adjusted_commit_fen ?? s.commit_fen, req.body.commitFen], bestCase: [s.adjusted_best_case_fen ?? s.best_case_fen, req.body.bestCaseFen], note: req.body.note }, now);
      return r;
    });
  });

  app.get("/reports/forecast/accuracy", {
    schema: { tags: ["reports"], querystring: z.object({ kind: z.enum(["month", "quarter"]).default("quarter"), periods: z.coerce.number().int().min(1).max(24).default(4) }) },
  }, async (req) => accuracyReport(app.db, req.viewer, req.query.kind, req.query.periods, app.now(), tz()));

  app.get("/reports/forecast/friday", {
    schema: { tags: ["reports"], querystring: PeriodQ.extend({ changes: z.coerce.number().int().min(1).max(100).default(10), quietDays: z.coerce.number().int().min(1).max(365).default(14) }) },
  }, async (req) => fridayView(app.db, req.viewer, periodParam(req.query.period, "quarter", app.now(), tz()), app.now(), tz(), req.query));

  app.get("/forecast/model", { schema: { tags: ["forecast"] } }, async () => {
    const m = await latestModel(app.db);
    if (!m) throw notFound("win model (train one first)");
    const cols = columns(m.encoder);
    return { id: m.id, trainedAt: m.trainedAt, options: m.options, evaluation: m.evaluation, intercept: m.intercept,
      weights: cols.map((c, j) => ({ feature: c.name, value: c.value ?? null, weight: m.weights[j] })) };
  });

  app.post("/forecast/model/train", { schema: { tags: ["forecast"] } }, async (req, reply) => {
    const viewer = req.viewer;
    requireRole(viewer, "admin", "manager");
    const r = await trainAndScore(app.db, app.now(), viewer.id);
    return reply.code(201).send({ modelId: r.modelId, trainedOn: r.trainedOn, scored: r.scored, evaluation: r.model.evaluation });
  });

  app.get("/forecast/predictions", {
    schema: { tags: ["forecast"], querystring: CommonFilters.extend({ opportunity: z.coerce.number().int().positive().optional(), limit: z.coerce.number().int().min(1).max(1000).default(100) }) },
  }, async (req) => {
    const viewer = req.viewer;
    let q = app.db.selectFrom("win_predictions as wp").innerJoin("opportunities as o", "o.id", "wp.opportunity_id").innerJoin("stages as s", "s.id", "o.stage_id")
      .select(["o.id", "o.title", "o.owner_id", "o.amount_fen", "s.probability as stage_probability", "o.probability_override", "wp.probability", "wp.factors", "wp.scored_at", "wp.model_id"])
      .where(visible(viewer, "o.owner_id", "o.id", "opportunity"));
    if (req.query.opportunity) q = q.where("o.id", "=", req.query.opportunity);
    if (req.query.owner) q = q.where("o.owner_id", "=", req.query.owner);
    const rows = await q.orderBy("o.amount_fen", "desc").limit(req.query.limit).execute();
    return { items: rows.map((r) => ({ ...r, predicted_probability: r.probability, factors: JSON.parse(r.factors) })) };
  });
}
