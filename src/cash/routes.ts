/** Lead-to-cash report routes: receivables ageing, commission base, signed customers. Quotes and contracts have their own files. */
import { z } from "zod";
import { scopeKey } from "../access/visible";
import type { Viewer } from "../access/viewer";
import { reportCacheFor } from "../http/report-cache";
import type { App } from "../http/plugin";
import { contractRoutes } from "./contract-routes";
import { quoteRoutes } from "./quote-routes";
import { wonPolicyRoutes } from "./won-policy-routes";
import { todayIn } from "./store";
import { commissionReport, receivablesReport, signedCustomersReport } from "./reports";

const Scope = z.object({ owner: z.coerce.number().int().positive().optional(), team: z.coerce.number().int().positive().optional() });

export async function cashRoutes(app: App): Promise<void> {
  // Reused while the data stamp holds (src/http/report-cache.ts; every contract and payment write leaves an audit row) and the day lasts.
  const cached = <T>(path: string, viewer: Viewer, query: object, compute: () => Promise<T>) =>
    reportCacheFor(app.db).get(app.db, JSON.stringify([path, scopeKey(viewer), query, todayIn(app.now(), app.config.TZ_ORG)]), compute);

  await quoteRoutes(app);
  await contractRoutes(app);
  await wonPolicyRoutes(app);

  app.get(
    "/reports/receivables",
    { schema: { tags: ["reports"], querystring: Scope.extend({ by: z.enum(["customer", "owner"]).default("customer") }) } },
    async (req) => cached("receivables", req.viewer, req.query, () => receivablesReport(app.db, req.viewer, req.query, app.now(), app.config.TZ_ORG)),
  );

  app.get(
    "/reports/commission",
    {
      schema: { tags: ["reports"], querystring: Scope.extend({ period: z.string().max(10), rateBp: z.coerce.number().int().min(0).max(10_000).default(0) }) },
    },
    async (req) =>
      cached("commission", req.viewer, req.query, () => commissionReport(app.db, req.viewer, req.query.period, req.query.rateBp, app.config.TZ_ORG, req.query)),
  );

  app.get("/reports/signed-customers", { schema: { tags: ["reports"], querystring: Scope } }, async (req) =>
    cached("signed-customers", req.viewer, req.query, () => signedCustomersReport(app.db, req.viewer, app.now(), app.config.TZ_ORG, req.query)),
  );
}
