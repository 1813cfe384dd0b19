/**
 * HTTP routes of the funnel reports (D1–D6) under /api/v1/reports; every report honours the common filters and visibility.
 * Answers come from the data-stamp report cache (src/http/report-cache.ts), keyed by the viewer's scope and the query.
 */
import type { FastifyRequest } from "fastify";
import { z } from "zod";
import type { App } from "../http/plugin";
import { CommonFilters } from "../access/filters";
import { isoDate } from "../http/input-guard";
import { conversionFor, type Ctx, cycleFor, healthFor, snapshotFor, sourcesFor, stalledFor, velocityFor } from "./reports";
import { withCut } from "../fields/cut-store";
import { reportCacheFor, routeCacheKey } from "../http/report-cache";
import type { Db } from "../db/connect";
import { inReportTx } from "../db/report-tx";

const date = isoDate("a real date YYYY-MM-DD");
const RangeQ = z.object({
  period: z.string().max(10).optional(),
  from: date.optional(),
  to: date.optional(),
});
const drill = z.string().max(80).optional();
const lever = z.coerce.number().min(-0.95).max(10).optional();

export const SnapshotQuery = CommonFilters.extend({
  asOf: date.optional(),
  drill,
  cut: z.string().max(60).optional().describe("custom.<key>: the report per option of a customer select field (docs/custom-fields.md)"),
});
export const ConversionQuery = CommonFilters.extend(RangeQ.shape).extend({ view: z.enum(["cohort", "flow"]).default("cohort"), drill });
export const CycleQuery = CommonFilters.extend(RangeQ.shape).extend({ months: z.coerce.number().int().min(1).max(60).optional() });
export const StalledQuery = CommonFilters.extend({ asOf: date.optional(), limit: z.coerce.number().int().min(1).max(5000).default(200) });
export const VelocityQuery = CommonFilters.extend(RangeQ.shape).extend({ winRate: lever, opportunities: lever, dealSize: lever, cycle: lever });
export const SourcesQuery = CommonFilters.extend(RangeQ.shape).extend({ drill });
export const HealthQuery = CommonFilters.extend(RangeQ.shape);

export async function funnelRoutes(app: App) {
  const ctx = (db: Db, req: FastifyRequest, filters: CommonFilters): Ctx => ({
    db,
    scope: { viewer: req.viewer, filters },
    now: app.now(),
    tz: app.config.TZ_ORG,
  });
  const tags = ["reports"];
  /**
   * The answer for this viewer and query while the data stamp holds (one computation at a time per key), computed in
   * one read-only report transaction (PostgreSQL: work_mem raised locally, so distinct counts and sorts stay in memory).
   */
  const cached = <T>(req: FastifyRequest, compute: (db: Db) => Promise<T>): Promise<T> =>
    reportCacheFor(app.db).get(app.db, routeCacheKey(req.routeOptions.url ?? req.url, req.viewer, req.query, app.now(), app.config.TZ_ORG), () =>
      inReportTx(app.db, app.config.REPORT_WORK_MEM, (tx) => compute(tx as Db)),
    );
  app.get(
    "/reports/funnel",
    { schema: { tags, summary: "Snapshot funnel: open opportunities per stage, now or as of a date (D1)", querystring: SnapshotQuery } },
    async (req) => {
      const { cut, ...q } = req.query;
      return cached(req, (db) => withCut(db, cut, q, (f) => snapshotFor(ctx(db, req, f), f)));
    },
  );
  app.get(
    "/reports/conversion",
    { schema: { tags, summary: "Conversion funnel of a period, cohort or flow view, with the bottleneck (D2)", querystring: ConversionQuery } },
    async (req) => cached(req, (db) => conversionFor(ctx(db, req, req.query), req.query)),
  );
  app.get("/reports/cycle-time", { schema: { tags, summary: "Days per stage and creation to won, per month (D3)", querystring: CycleQuery } }, async (req) =>
    cached(req, (db) => cycleFor(ctx(db, req, req.query), req.query)),
  );
  app.get(
    "/reports/stalled",
    { schema: { tags, summary: "Open opportunities past their stage's stall threshold (D3)", querystring: StalledQuery } },
    async (req) => cached(req, (db) => stalledFor(ctx(db, req, req.query), req.query)),
  );
  app.get(
    "/reports/velocity",
    { schema: { tags, summary: "Pipeline velocity and the four levers as a what-if (D4)", querystring: VelocityQuery } },
    async (req) => cached(req, (db) => velocityFor(ctx(db, req, req.query), req.query)),
  );
  app.get(
    "/reports/sources",
    { schema: { tags, summary: "Volume, conversion, revenue and cycle per opportunity source (D5)", querystring: SourcesQuery } },
    async (req) => cached(req, (db) => sourcesFor(ctx(db, req, req.query), req.query)),
  );
  app.get(
    "/reports/funnel-health",
    { schema: { tags, summary: "The four monitoring indicators against the previous period (D6)", querystring: HealthQuery } },
    async (req) => cached(req, (db) => healthFor(ctx(db, req, req.query), req.query)),
  );
}
