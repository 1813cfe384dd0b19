/** Forecast routes (F1–F4): the forecast, weekly snapshots and submissions, accuracy, the Friday view, the win model. */
import { z } from "zod";
import { periodOf } from "../core/dates";
import { invalid, notFound } from "../core/errors";
import { requireRole, type Viewer } from "../access/viewer";
import type { App } from "../http/plugin";
import { CommonFilters } from "../access/filters";
import { reportCacheFor, routeCacheKey } from "../http/report-cache";
import type { Db } from "../db/connect";
import { inReportTx } from "../db/report-tx";
import { columns } from "./features";
import { latestModel, scoreIfStale, trainAndScore } from "./model-store";
import { fridayViewOffLoop } from "../workers/friday-view";
import { accuracyReport, forecastReport, periodParam } from "./reports";
import { forecastFor, snapshotRows, takeSnapshot } from "./store";
import { adjustSubmission, listPredictions, listSubmissions, submitForecast } from "./submission-store";

const PeriodQ = z.object({ period: z.string().max(10).optional() });
const Fen = z.number().int().nonnegative();

export async function forecastRoutes(app: App): Promise<void> {
  const tz = () => app.config.TZ_ORG;
  /** Friday view and accuracy answers from the data-stamp report cache, keyed by the viewer's scope and the query. */
  const cached = <T>(path: string, req: { viewer: Viewer; query: unknown }, compute: (db: Db) => Promise<T>): Promise<T> =>
    reportCacheFor(app.db).get(app.db, routeCacheKey(path, req.viewer, req.query, app.now(), tz()), () =>
      inReportTx(app.db, app.config.REPORT_WORK_MEM, (tx) => compute(tx as Db)),
    );

  app.get(
    "/forecast",
    {
      schema: {
        tags: ["forecast"],
        querystring: CommonFilters.extend(PeriodQ.shape).extend({
          kind: z.enum(["month", "quarter"]).default("quarter"),
          probability: z.enum(["stage", "predicted"]).default("stage"),
        }),
      },
    },
    async (req) => forecastReport(app.db, req.viewer, periodParam(req.query.period, req.query.kind, app.now(), tz()), tz(), req.query),
  );

  app.get(
    "/forecast/snapshots",
    {
      schema: {
        tags: ["forecast"],
        querystring: PeriodQ.extend({ scope: z.enum(["user", "team", "company"]).optional(), scopeId: z.coerce.number().int().positive().optional() }),
      },
    },
    async (req) => {
      const p = periodParam(req.query.period, "quarter", app.now(), tz());
      return { period: p.key, items: await snapshotRows(app.db, req.viewer, [p.key], req.query) };
    },
  );

  app.post("/forecast/snapshots", { schema: { tags: ["forecast"] } }, async (req, reply) => {
    requireRole(req.viewer, "admin");
    return reply.code(201).send(await takeSnapshot(app.db, app.now(), tz()));
  });

  app.get(
    "/forecast/submissions",
    {
      schema: {
        tags: ["forecast"],
        querystring: PeriodQ.extend({
          week: z
            .string()
            .regex(/^\d{4}-W\d{2}$/)
            .optional(),
        }),
      },
    },
    async (req) => {
      const viewer = req.viewer;
      const now = app.now();
      const p = periodParam(req.query.period, "quarter", now, tz());
      const week = req.query.week ?? periodOf("week", now, tz()).key;
      const [{ rollup, owners }, subs] = await Promise.all([forecastFor(app.db, viewer, p, tz()), listSubmissions(app.db, viewer, p.key, week)]);
      const items = owners.map((o) => ({
        userId: o.id,
        name: o.name,
        departmentId: o.departmentId,
        system: rollup.reps.find((r) => r.scopeId === o.id) ?? null,
        submission: subs.find((s) => s.user_id === o.id) ?? null,
      }));
      return { period: p.key, week, items, company: rollup.company, teams: rollup.teams };
    },
  );

  app.post(
    "/forecast/submissions",
    {
      schema: {
        tags: ["forecast"],
        body: z.object({ period: z.string().max(10), commitFen: Fen, bestCaseFen: Fen, note: z.string().max(2000).nullable().optional() }),
      },
    },
    async (req, reply) => {
      const viewer = req.viewer;
      const now = app.now();
      const b = req.body;
      const current = [periodOf("month", now, tz()).key, periodOf("quarter", now, tz()).key];
      if (!current.includes(b.period)) throw invalid("period", `submit for the current month or quarter (${current.join(" or ")})`);
      if (b.bestCaseFen < b.commitFen) throw invalid("bestCaseFen", "best case cannot be below commit");
      const week = periodOf("week", now, tz()).key;
      const row = await submitForecast(app.db, viewer, b, week, now);
      return reply.code(201).send(row);
    },
  );

  app.post(
    "/forecast/submissions/:id/adjust",
    {
      schema: {
        tags: ["forecast"],
        params: z.object({ id: z.coerce.number().int().positive() }),
        body: z.object({ commitFen: Fen, bestCaseFen: Fen, note: z.string().trim().min(1, "say why you adjust").max(2000) }),
      },
    },
    async (req) => {
      const viewer = req.viewer;
      requireRole(viewer, "admin", "manager");
      return adjustSubmission(app.db, viewer, req.params.id, req.body, app.now());
    },
  );

  app.get(
    "/reports/forecast/accuracy",
    {
      schema: {
        tags: ["reports"],
        querystring: z.object({ kind: z.enum(["month", "quarter"]).default("quarter"), periods: z.coerce.number().int().min(1).max(24).default(4) }),
      },
    },
    async (req) => cached("/reports/forecast/accuracy", req, (db) => accuracyReport(db, req.viewer, req.query.kind, req.query.periods, app.now(), tz())),
  );

  app.get(
    "/reports/forecast/friday",
    {
      schema: {
        tags: ["reports"],
        querystring: PeriodQ.extend({
          changes: z.coerce.number().int().min(1).max(100).default(10),
          quietDays: z.coerce.number().int().min(1).max(365).default(14),
        }),
      },
    },
    async (req) => {
      const now = app.now();
      const period = periodParam(req.query.period, "quarter", now, tz());
      const input = { viewer: req.viewer, period, now, tz: tz(), opts: req.query, workMem: app.config.REPORT_WORK_MEM };
      return reportCacheFor(app.db).get(app.db, routeCacheKey("/reports/forecast/friday", req.viewer, req.query, now, tz()), () =>
        fridayViewOffLoop(app.db, input),
      );
    },
  );

  app.get("/forecast/model", { schema: { tags: ["forecast"] } }, async () => {
    const m = await latestModel(app.db);
    if (!m) throw notFound("win model (train one first)");
    const cols = columns(m.encoder);
    return {
      id: m.id,
      trainedAt: m.trainedAt,
      options: m.options,
      evaluation: m.evaluation,
      intercept: m.intercept,
      weights: cols.map((c, j) => ({ feature: c.name, value: c.value ?? null, weight: m.weights[j] })),
    };
  });

  app.post("/forecast/model/train", { schema: { tags: ["forecast"] } }, async (req, reply) => {
    const viewer = req.viewer;
    requireRole(viewer, "admin", "manager");
    const r = await trainAndScore(app.db, app.now(), viewer.id);
    return reply.code(201).send({ modelId: r.modelId, trainedOn: r.trainedOn, scored: r.scored, evaluation: r.model.evaluation });
  });

  app.get(
    "/forecast/predictions",
    {
      schema: {
        tags: ["forecast"],
        querystring: CommonFilters.extend({
          opportunity: z.coerce.number().int().positive().optional(),
          limit: z.coerce.number().int().min(1).max(1000).default(100),
        }),
      },
    },
    async (req) => {
      // the opportunity page asks for one deal: a deal created or moved since the last scoring is scored now
      if (req.query.opportunity) await scoreIfStale(app.db, req.viewer, [req.query.opportunity], app.now());
      return { items: await listPredictions(app.db, req.viewer, req.query) };
    },
  );
}
