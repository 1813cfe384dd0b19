/** GET /briefing: the 销售简报 home in one request (today's visits, overdue follow-ups, forgotten customers, pool countdowns, this month's closings, targets, funnel). */
import { z } from "zod";
import type { App } from "../http/plugin";
import { briefingFor } from "./reports";

export const BriefingQuery = z.object({
  owner: z.coerce.number().int().positive().optional(),
  pipeline: z.coerce.number().int().positive().optional(),
  /** a customer is forgotten after this many days without an activity done */
  days: z.coerce.number().int().min(1).max(365).default(30),
});

export async function briefingRoutes(app: App): Promise<void> {
  app.get(
    "/briefing",
    { schema: { tags: ["activities"], summary: "销售简报: the morning view of a rep or a manager", querystring: BriefingQuery } },
    async (req) => briefingFor({ db: app.db, viewer: req.viewer, now: app.now(), tz: app.config.TZ_ORG }, req.query),
  );
}
