/** Lead-to-cash report routes: receivables ageing, commission base, signed customers (the lists of both a keyset page at a time). Quotes and contracts have their own files. */
import { z } from "zod";
import { scopeKey } from "../access/visible";
import { decodeCursor, encodeCursor } from "../db/keyset";
import type { Viewer } from "../access/viewer";
import { reportCacheFor } from "../http/report-cache";
import type { App } from "../http/plugin";
import { contractRoutes } from "./contract-routes";
import { quoteRoutes } from "./quote-routes";
import { wonPolicyRoutes } from "./won-policy-routes";
import { receivableSort } from "./receivables-store";
import { todayIn } from "./store";
import { commissionReport, receivablesReport, signedCustomersReport } from "./reports";

const Scope = z.object({ owner: z.coerce.number().int().positive().optional(), team: z.coerce.number().int().positive().optional() });

const SIGNED_SORT = "signed-customers";
const SignedQuery = Scope.extend({
  limit: z.coerce.number().int().min(1).max(5000).default(200),
  cursor: z.string().max(400).optional(),
  sign: z.enum(["contracted", "signed", "qualified"]).default("contracted"),
});

const ReceivablesQuery = Scope.extend({
  by: z.enum(["customer", "owner"]).default("customer"),
  limit: z.coerce.number().int().min(1).max(5000).default(200),
  cursor: z.string().max(400).optional(),
});

export async function cashRoutes(app: App): Promise<void> {
  // Reused while the data stamp holds (src/http/report-cache.ts; every contract and payment write leaves an audit row) and the day lasts.
  const cached = <T>(path: string, viewer: Viewer, query: object, compute: () => Promise<T>) =>
    reportCacheFor(app.db).get(app.db, JSON.stringify([path, scopeKey(viewer), query, todayIn(app.now(), app.config.TZ_ORG)]), compute);

  await quoteRoutes(app);
  await contractRoutes(app);
  await wonPolicyRoutes(app);

  // the total line over every open instalment, and one page of the lines, largest outstanding first
  app.get("/reports/receivables", { schema: { tags: ["reports"], querystring: ReceivablesQuery } }, async (req) => {
    const { limit, cursor, ...f } = req.query;
    const sort = receivableSort(f.by);
    const after = cursor == null ? undefined : decodeCursor(cursor, sort);
    const r = await cached("receivables", req.viewer, req.query, () =>
      receivablesReport(app.db, req.viewer, f, app.now(), app.config.TZ_ORG, { limit, after }),
    );
    const { nextAfter, ...rest } = r;
    return { ...rest, nextCursor: nextAfter == null ? null : encodeCursor(sort, nextAfter.value, nextAfter.id) };
  });

  app.get(
    "/reports/commission",
    {
      schema: { tags: ["reports"], querystring: Scope.extend({ period: z.string().max(10), rateBp: z.coerce.number().int().min(0).max(10_000).default(0) }) },
    },
    async (req) =>
      cached("commission", req.viewer, req.query, () => commissionReport(app.db, req.viewer, req.query.period, req.query.rateBp, app.config.TZ_ORG, req.query)),
  );

  // the counts over every customer, and one page of the customers (those `sign` covers) in order of their first contract
  app.get("/reports/signed-customers", { schema: { tags: ["reports"], querystring: SignedQuery } }, async (req) => {
    const { limit, cursor, sign, ...scope } = req.query;
    const after = cursor == null ? undefined : decodeCursor(cursor, SIGNED_SORT).id;
    const r = await cached("signed-customers", req.viewer, req.query, () =>
      signedCustomersReport(app.db, req.viewer, app.now(), app.config.TZ_ORG, scope, { limit, after, sign }),
    );
    const { nextAfter, ...rest } = r;
    return { ...rest, nextCursor: nextAfter == null ? null : encodeCursor(SIGNED_SORT, null, nextAfter) };
  });
}
