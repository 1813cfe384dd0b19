/** The notifications centre: GET /notifications (raises the derived notices first), unread count, mark read. */
import { z } from "zod";
import type { App } from "../http/plugin";
import { raiseDerived } from "./feed-store";
import { listNotifications, markRead, unreadCount } from "./store";

export async function notificationRoutes(app: App): Promise<void> {
  const tags = ["notifications"];
  app.get(
    "/notifications",
    {
      schema: {
        tags,
        querystring: z.object({
          unread: z.enum(["1", "0", "true", "false"]).optional(),
          limit: z.coerce.number().int().min(1).max(200).default(30),
          before: z.coerce.number().int().positive().optional(),
        }),
      },
    },
    async (req) => {
      const viewer = req.viewer;
      await raiseDerived(app.db, viewer, app.now(), app.config.TZ_ORG);
      const unread = req.query.unread === "1" || req.query.unread === "true";
      const page = await listNotifications(app.db, viewer.id, { unread, limit: req.query.limit, before: req.query.before });
      return { ...page, unread: await unreadCount(app.db, viewer.id) };
    },
  );
  app.post(
    "/notifications/read",
    {
      schema: { tags, body: z.object({ ids: z.array(z.number().int().positive()).max(500).optional(), all: z.boolean().optional() }) },
    },
    async (req) => {
      const viewer = req.viewer;
      const changed = await markRead(app.db, viewer.id, req.body.all ? "all" : (req.body.ids ?? []), app.now());
      return { changed, unread: await unreadCount(app.db, viewer.id) };
    },
  );
}
