/** Value reports (retention and cohorts, lifetime value) and satisfaction entries (CSAT / NPS) per customer. */
import { z } from "zod";
import { invalid, notFound } from "../core/errors";
import type { App } from "../http/plugin";
import { reportCacheFor } from "../http/report-cache";
import { cacheKey, ReportQuery, reportInput } from "../tiering/routes";
import { visibleCustomer } from "../tiering/store";
import { scoredCustomer } from "./clv-model";
import { clvReport, clvReportWithScores, retentionReport } from "./reports";
import { CSAT_RANGE, NPS_RANGE } from "./satisfaction";
import { addSatisfaction, customerOrders, listSatisfaction } from "./store";
import { customerSimpleClv } from "./clv";
import { DAY_MS } from "../core/dates";
import { parseHorizon } from "./horizon";

const Id = z.object({ id: z.coerce.number().int().positive() });
const Entry = z.object({
  kind: z.enum(["csat", "nps"]),
  score: z.number().int(),
  note: z.string().max(2000).nullable().optional(),
  at: z.number().int().optional(),
});

/** The lifetime-value horizon as people give it: 12m (months), 26w (weeks), 90d (days); default from the settings. */
const Horizon = z.object({
  horizon: z.string().trim().max(20).optional().describe("how far ahead the lifetime value looks: 12m, 26w or 90d (default: the setting, in months)"),
});

/** The settings with the query's horizon in force (a bad one is a 400 on `horizon`). */
function withHorizon<T extends { settings: { clv: { horizonMonths: number } } }>(input: T, horizon: string | undefined): T {
  if (horizon === undefined || horizon === "") return input;
  const months = parseHorizon(horizon);
  if (months === null || months > 120) throw invalid("horizon", `not a horizon: "${horizon}" (use e.g. 12m, 26w or 90d, at most 10 years)`);
  return { ...input, settings: { ...input.settings, clv: { ...input.settings.clv, horizonMonths: months } } };
}

export async function valueRoutes(app: App): Promise<void> {
  for (const [path, build] of [
    ["/reports/retention", retentionReport],
    ["/reports/clv", clvReport],
  ] as const)
    app.get(path, { schema: { tags: ["reports"], querystring: ReportQuery.extend(Horizon.shape) } }, async (req) => {
      const { horizon, ...q } = req.query;
      // Reports read the replica of REPORTS_DATABASE_URL when there is one (app.reportsDb), else the main database.
      const input = withHorizon({ ...(await reportInput(app, req.viewer, q)), db: app.reportsDb, tz: app.config.TZ_ORG }, horizon);
      return reportCacheFor(app.reportsDb).get(app.reportsDb, cacheKey(path, input), () => build(input) as Promise<unknown>);
    });

  /**
   * One customer's lifetime value: the model is fitted on the whole customer base (whoever asks), then applied
   * to this customer's own history; the fit is reused while the data is unchanged.
   */
  app.get(
    "/customers/:id/clv",
    { schema: { tags: ["customers"], params: Id, querystring: ReportQuery.pick({ asOf: true, months: true }).extend(Horizon.shape) } },
    async (req) => {
      const viewer = req.viewer;
      if (!(await visibleCustomer(app.db, viewer, req.params.id))) throw notFound("customer");
      const everyone = { id: 0, role: "admin" as const, teamId: null, name: "model", email: "", locale: viewer.locale };
      const { horizon, ...q } = req.query;
      const input = withHorizon({ ...(await reportInput(app, everyone, { ...q, limit: 1 })), tz: app.config.TZ_ORG }, horizon);
      const { report: base, scores } = await reportCacheFor(app.db).get(app.db, cacheKey("/customers/clv-model", input), () => clvReportWithScores(input));
      const i = scores ? scores.customerId.indexOf(req.params.id) : -1;
      const mine = scores && i >= 0 ? scoredCustomer(scores, i) : null;
      return {
        customerId: req.params.id,
        window: base.window,
        // this customer's own order value and frequency (the company's lifespan); the company average beside it
        simple: customerSimpleClv(
          await customerOrders(app.db, req.params.id, input.w.window),
          (input.w.window.to - input.w.window.from) / (365.25 * DAY_MS),
          base.simple.lifespanYears,
          input.settings.clv.margin,
          base.simple.margin,
        ),
        companySimple: base.simple,
        predictive: base.predictive && {
          calibrationEnd: base.predictive.calibrationEnd,
          horizonMonths: base.predictive.horizonMonths,
          monthlyDiscount: base.predictive.monthlyDiscount,
          bgnbd: base.predictive.bgnbd.params,
          gammaGamma: base.predictive.gammaGamma.params,
          gammaYuan: base.predictive.gammaYuan,
          averageClvFen: base.predictive.averageClvFen,
          converged: base.predictive.bgnbd.converged && base.predictive.gammaGamma.converged,
          fitNote: base.predictive.note,
          customer: mine,
          rank: mine ? i + 1 : null,
          of: base.predictive.customers,
        },
        note: "note" in base ? base.note : mine ? null : "no purchase history before the as-of date",
      };
    },
  );

  app.get("/customers/:id/satisfaction", { schema: { tags: ["customers"], params: Id } }, async (req) => {
    if (!(await visibleCustomer(app.db, req.viewer, req.params.id))) throw notFound("customer");
    return { items: await listSatisfaction(app.db, req.params.id) };
  });
  app.post("/customers/:id/satisfaction", { schema: { tags: ["customers"], params: Id, body: Entry } }, async (req, reply) => {
    const viewer = req.viewer;
    if (!(await visibleCustomer(app.db, viewer, req.params.id))) throw notFound("customer");
    const [lo, hi] = req.body.kind === "csat" ? CSAT_RANGE : NPS_RANGE;
    if (req.body.score < lo || req.body.score > hi) throw invalid("score", `${req.body.kind.toUpperCase()} scores run from ${lo} to ${hi}`);
    const row = await addSatisfaction(app.db, viewer, req.params.id, req.body, app.now());
    return reply.code(201).send(row);
  });
}
