/** Tiering reports (Pareto, pyramid, grades, RFM, KAISM, key accounts, priority), tier history and tiering settings. */
import { z } from "zod";
import { isoDate } from "../http/input-guard";
import { invalid, notFound } from "../core/errors";
import { requireRole, type Viewer } from "../access/viewer";
import { scopeKey } from "../access/visible";
import type { App } from "../http/plugin";
import { CommonFilters } from "../access/filters";
import { reportCacheFor } from "../http/report-cache";
import { SIGNING_BUCKETS } from "./key-accounts";
import * as reports from "./reports";
import { TieringSettingsSchema } from "./settings-model";
import * as store from "./store";
import { resolveWindow } from "./window";
import { withCut } from "../fields/cut-store";
import { type TieringReportName, tieringReport } from "../workers/tiering-reports";

const date = isoDate("a real date YYYY-MM-DD");
export const ReportQuery = CommonFilters.extend({
  asOf: date.optional(),
  from: date.optional(),
  to: date.optional(),
  months: z.coerce.number().int().min(1).max(120).optional(),
  limit: z.coerce.number().int().min(1).max(100_000).default(200),
  cut: z.string().max(60).optional().describe("custom.<key>: the report per option of a customer select field (docs/custom-fields.md)"),
});
export type ReportQuery = z.infer<typeof ReportQuery>;
/** The key-account matrix, optionally listing only one signing bucket or cell's customers (drill-down). */
const KeyAccountsQuery = ReportQuery.extend({
  signing: z.enum(SIGNING_BUCKETS).optional(),
  stage: z.enum(["market", "prospect", "target", "signed"]).optional(),
  band: z.enum(["high", "medium", "low"]).optional(),
});
const Id = z.object({ id: z.coerce.number().int().positive() });

/** The shared inputs of every report: scope of the viewer and filters, settings, window. */
export async function reportInput(app: App, viewer: Viewer, q: ReportQuery): Promise<reports.ReportInput> {
  if (q.from && q.to && q.from > q.to) throw invalid("from", "from must not be after to");
  const settings = await reports.loadSettings(app.db);
  const { asOf, from, to, months, limit, ...filters } = q;
  return {
    db: app.db,
    scope: { viewer, filters },
    settings,
    w: resolveWindow({ asOf, from, to, months }, app.now(), app.config.TZ_ORG, settings.windowMonths),
    limit,
  };
}

/** Who asks (scope), with which filters and settings, over which resolved window: equal keys, equal answers. */
export function cacheKey(path: string, i: reports.ReportInput): string {
  const v = i.scope.viewer;
  return JSON.stringify([path, scopeKey(v), i.scope.filters, i.settings, i.w, i.limit]);
}

export async function tieringRoutes(app: App): Promise<void> {
  const tags = ["reports"];
  // Each report runs in the compute pool (src/workers/tiering-reports.ts): its per-customer JavaScript stays off the event loop.
  const report = (path: string, name: TieringReportName) =>
    app.get(path, { schema: { tags, querystring: ReportQuery } }, async (req) => {
      const { cut, ...query } = req.query;
      return withCut(app.db, cut, query, async (q) => {
        const input = await reportInput(app, req.viewer, q);
        return reportCacheFor(app.db).get(app.db, cacheKey(path, input), () => tieringReport(app.db, name, input) as Promise<object>);
      });
    });
  report("/reports/pareto", "pareto");
  report("/reports/pyramid", "pyramid");
  report("/reports/grades", "grades");
  report("/reports/rfm", "rfm");
  report("/reports/kaism", "kaism");
  app.get("/reports/key-accounts", { schema: { tags, querystring: KeyAccountsQuery } }, async (req) => {
    const { signing, stage, band, ...q } = req.query;
    const input = await reportInput(app, req.viewer, q);
    const pick = { signing, stage, band };
    return reportCacheFor(app.db).get(app.db, cacheKey(`/reports/key-accounts ${JSON.stringify(pick)}`, input), () =>
      tieringReport(app.db, "key-accounts", input, pick),
    );
  });
  report("/reports/priority", "priority");

  app.get("/customers/:id/tiers", { schema: { tags: ["customers"], params: Id } }, async (req) => {
    const c = await store.visibleCustomer(app.db, req.viewer, req.params.id);
    if (!c) throw notFound("customer");
    const history = await store.tierHistory(app.db, c.id);
    const current: Record<string, { tier: string; score: number | null; computed_at: number }> = {};
    for (const h of history) if (!current[h.scheme]) current[h.scheme] = { tier: h.tier, score: h.score, computed_at: h.computed_at };
    const s = await reports.loadSettings(app.db);
    const prio = (c.priority ?? "") as keyof typeof s.priority.revisitDays;
    return { customerId: c.id, priority: c.priority, revisitDays: s.priority.revisitDays[prio] ?? null, current, history };
  });

  app.put(
    "/customers/:id/kaism-scores",
    {
      schema: {
        tags: ["customers"],
        params: Id,
        body: z.record(
          z
            .string()
            .regex(/^[\w-]+$/)
            .max(40),
          z.number().min(0).max(100).nullable(),
        ),
      },
    },
    async (req) => {
      const viewer = req.viewer;
      const c = await store.visibleCustomer(app.db, viewer, req.params.id);
      if (!c) throw notFound("customer");
      const s = await reports.loadSettings(app.db);
      const known = new Set([...s.kaism.attractiveness, ...s.kaism.strength].map((k) => k.key));
      for (const k of Object.keys(req.body)) if (!known.has(k)) throw invalid(k, `unknown KAISM criterion "${k}"; known: ${[...known].join(", ")}`);
      await store.saveKaismScores(app.db, viewer, c.id, req.body, app.now());
      return { customerId: c.id, scores: (await store.kaismManualScores(app.db, { viewer, filters: {} })).get(c.id) ?? {} };
    },
  );

  app.get("/settings/tiering", { schema: { tags: ["settings"] } }, async () => reports.loadSettings(app.db));
  app.put("/settings/tiering", { schema: { tags: ["settings"], body: TieringSettingsSchema.partial() } }, async (req) => {
    const viewer = req.viewer;
    requireRole(viewer, "admin");
    // A broken stored section is replaced by this save (from its default), and the repair is logged.
    const stored = await reports.loadSettings(app.db, (p) =>
      req.log.warn({ section: p.section, problem: p.message }, "replacing invalid stored tiering settings"),
    );
    const next = { ...stored, ...req.body };
    const parsed = TieringSettingsSchema.safeParse(next);
    if (!parsed.success) throw invalid(parsed.error.issues[0].path.join("."), parsed.error.issues[0].message);
    await store.saveTieringSettings(app.db, viewer, parsed.data, Object.keys(req.body), app.now());
    return parsed.data;
  });
}
