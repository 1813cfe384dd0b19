/** Duplicates and merging (customers, contacts): suspected pairs, and POST …/{id}/merge { intoId, keep, version, intoVersion }. */
import { z } from "zod";
import type { App } from "../http/plugin";
import { mergeContacts } from "../contacts/merge-store";
import { contactView, visibleContact } from "../contacts/store";
import { contactPairs, customerPairs } from "./duplicate-pairs-store";
import { CONTACT_MERGE_FIELDS, CUSTOMER_MERGE_FIELDS } from "./merge";
import { mergeCustomers } from "./merge-store";
import { getVisibleCustomer } from "./store";

const Id = z.object({ id: z.coerce.number().int().positive() });
const Limit = z.object({ limit: z.coerce.number().int().min(1).max(200).default(50) });
const side = z.enum(["source", "target"]);
const mergeBody = (fields: Record<string, string>) =>
  z.object({
    intoId: z.number().int().positive().describe("the survivor"),
    keep: z
      .record(z.string(), side)
      .optional()
      .describe(`per field, whose value the survivor keeps (default target); fields: ${Object.keys(fields).join(", ")}`),
    version: z.number().int().optional().describe("the merged record's version (409 when stale)"),
    intoVersion: z.number().int().optional().describe("the survivor's version (409 when stale)"),
  });

export async function mergeRoutes(app: App): Promise<void> {
  app.get(
    "/customers/duplicate-pairs",
    {
      schema: {
        tags: ["customers"],
        description: "Suspected duplicate customers the viewer can see: same normalised name, same credit code, or marked at creation.",
        querystring: Limit,
      },
    },
    async (req) => ({ items: await customerPairs(app.db, req.viewer, req.query.limit), fields: Object.keys(CUSTOMER_MERGE_FIELDS) }),
  );

  app.post(
    "/customers/:id/merge",
    {
      schema: {
        tags: ["customers"],
        description: "Merges customer {id} into intoId: every child record moves, the external ids stay as aliases, {id} is deleted.",
        params: Id,
        body: mergeBody(CUSTOMER_MERGE_FIELDS),
      },
    },
    async (req) => {
      const r = await mergeCustomers(app.db, req.viewer, req.params.id, req.body, app.now());
      return { customer: await getVisibleCustomer(app.db, req.viewer, r.id), moved: r.moved };
    },
  );

  app.get(
    "/contacts/duplicate-pairs",
    {
      schema: {
        tags: ["contacts"],
        description: "Suspected duplicate contacts: same phone, same e-mail, or the same name at one customer.",
        querystring: Limit,
      },
    },
    async (req) => ({ items: await contactPairs(app.db, req.viewer, req.query.limit), fields: Object.keys(CONTACT_MERGE_FIELDS) }),
  );

  app.post(
    "/contacts/:id/merge",
    {
      schema: {
        tags: ["contacts"],
        description: "Merges contact {id} into intoId: its activities move, the external ids stay as aliases, {id} is deleted.",
        params: Id,
        body: mergeBody(CONTACT_MERGE_FIELDS),
      },
    },
    async (req) => {
      const r = await mergeContacts(app.db, req.viewer, req.params.id, req.body, app.now());
      return { contact: contactView(await visibleContact(app.db, req.viewer, r.id)), moved: r.moved };
    },
  );
}
