/** Transfer routes: customers (with deals, contacts, activities, quotes) and opportunities, in bulk, all or nothing. */
import { z } from "zod";
import type { App } from "../http/plugin";
import { transferCustomers, transferOpportunities } from "./transfer-store";

const Ids = z.array(z.number().int().positive()).min(1).max(1000);

export async function transferRoutes(app: App): Promise<void> {
  app.post(
    "/customers/transfer",
    {
      schema: {
        tags: ["transfers"],
        body: z.object({
          ids: Ids,
          toUserId: z.number().int().positive(),
          withOpportunities: z.boolean().default(true),
          withContacts: z.boolean().default(true),
          withActivities: z.boolean().default(true),
          withQuotes: z.boolean().default(true),
        }),
      },
    },
    async (req) => transferCustomers(app.db, req.viewer, req.body, app.now()),
  );
  app.post(
    "/opportunities/transfer",
    {
      schema: { tags: ["transfers"], body: z.object({ ids: Ids, toUserId: z.number().int().positive(), withActivities: z.boolean().default(true) }) },
    },
    async (req) => transferOpportunities(app.db, req.viewer, req.body, app.now()),
  );
}
