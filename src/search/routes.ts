/** GET /search?q= — the header's global search across customers, contacts, opportunities, activities and quotes. */
import { z } from "zod";
import type { App } from "../http/plugin";
import { globalSearch } from "./store";

export async function searchRoutes(app: App): Promise<void> {
  app.get(
    "/search",
    {
      schema: {
        tags: ["search"],
        description:
          "Records the viewer may open whose name, phone, e-mail, credit code, title, quote number or pinyin (initials or full, e.g. jdkj for 金豆科技) contains q.",
        querystring: z.object({ q: z.string().trim().min(1).max(100), limit: z.coerce.number().int().min(1).max(50).default(8) }),
      },
    },
    async (req) => ({ items: await globalSearch(app.db, req.viewer, req.query.q, req.query.limit) }),
  );
}
