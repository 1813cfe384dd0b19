/** Activities (拜访计划: planned vs actual, person met and title) and the follow-up list (跟进机制). */
import { z } from "zod";
import { Page } from "../http/filters";
import type { App } from "../http/plugin";
import { overduePage } from "./overdue-store";
import { createActivity, followUps, getVisibleActivity, listActivities, updateActivity } from "./store";
import { customSchema } from "../fields/routes";
import { customFilterQuery, withCustom, withCustomOne } from "../fields/values-store";

export const ACTIVITY_KINDS = ["visit", "call", "email", "meeting", "demo", "quote", "tender"] as const;

const Id = z.object({ id: z.coerce.number().int().positive() });
const instant = z
  .string()
  .datetime({ offset: true, message: "use an ISO 8601 time, e.g. 2026-06-15T10:00:00+08:00" })
  .transform((s) => Date.parse(s));
const Fields = z.object({
  kind: z.enum(ACTIVITY_KINDS),
  customerId: z.number().int().positive(),
  contactId: z.number().int().positive().nullable().optional(),
  opportunityId: z.number().int().positive().nullable().optional(),
  subject: z.string().trim().max(300).nullable().optional(),
  metPerson: z.string().trim().max(100).nullable().optional(),
  metTitle: z.string().trim().max(100).nullable().optional(),
  plannedAt: instant.nullable().optional(),
  doneAt: instant.nullable().optional(),
  outcome: z.string().max(5000).nullable().optional(),
  nextFollowUpAt: instant.nullable().optional(),
  custom: customSchema("activity").optional(),
});

export async function activityRoutes(app: App): Promise<void> {
  app.get(
    "/activities",
    {
      schema: {
        tags: ["activities"],
        querystring: Page.extend({
          customer: z.coerce.number().int().positive().optional(),
          opportunity: z.coerce.number().int().positive().optional(),
          owner: z.coerce.number().int().positive().optional(),
          kind: z.enum(ACTIVITY_KINDS).optional(),
          from: z.string().date().optional(),
          to: z.string().date().optional(),
        }),
      },
    },
    async (req) => {
      const page = await listActivities(app.db, req.viewer, { ...req.query, cf: customFilterQuery(req.url) }, app.config.TZ_ORG);
      return { ...page, items: await withCustom(app.db, "activity", page.items) };
    },
  );

  app.post("/activities", { schema: { tags: ["activities"], body: Fields } }, async (req, reply) => {
    const id = await createActivity(app.db, req.viewer, req.body, app.now(), app.config.TZ_ORG);
    return reply.code(201).send(await withCustomOne(app.db, "activity", await getVisibleActivity(app.db, req.viewer, id)));
  });

  app.patch(
    "/activities/:id",
    { schema: { tags: ["activities"], params: Id, body: Fields.omit({ customerId: true, kind: true }).partial().extend({ version: z.number().int() }) } },
    async (req) => {
      const { version, ...b } = req.body;
      await updateActivity(app.db, req.viewer, req.params.id, version, b, app.now(), app.config.TZ_ORG);
      return withCustomOne(app.db, "activity", await getVisibleActivity(app.db, req.viewer, req.params.id));
    },
  );

  /** A rep's to-dos: overdue and due follow-ups, visits planned today, the current stage's actions, stalled deals. */
  app.get("/followups", { schema: { tags: ["activities"], querystring: z.object({ owner: z.coerce.number().int().positive().optional() }) } }, async (req) =>
    followUps(app.db, req.viewer, req.query.owner, app.now(), app.config.TZ_ORG),
  );

  /** Overdue follow-ups, paged by cursor, with the true total (the briefing's tile and its list). */
  app.get(
    "/followups/overdue",
    { schema: { tags: ["activities"], querystring: Page.extend({ owner: z.coerce.number().int().positive().optional() }) } },
    async (req) => overduePage(app.db, req.viewer, req.query, app.now(), app.config.TZ_ORG),
  );
}
