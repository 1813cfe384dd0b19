/** Contacts with title (职务) and decision-chain role, visible through their customer. */
import { z } from "zod";
import type { App } from "../http/plugin";
import { contactView, createContact, deleteContact, listContacts, updateContact, visibleContact } from "./store";
import { customSchema } from "../fields/routes";
import { customFilterQuery, withCustom, withCustomOne } from "../fields/values-store";

export const DECISION_ROLES = ["decision_maker", "influencer", "user", "technical", "procurement", "coach"] as const;

const Id = z.object({ id: z.coerce.number().int().positive() });
const opt = (max = 200) => z.string().trim().max(max).nullable().optional();
const Fields = z.object({
  customerId: z.number().int().positive(),
  name: z.string().trim().min(1).max(100),
  title: opt(100),
  decisionRole: z.enum(DECISION_ROLES).nullable().optional(),
  phone: opt(50),
  email: z.string().trim().email().max(200).nullable().optional().or(z.literal("")),
  notes: opt(2000),
  externalId: opt(100),
  custom: customSchema("contact").optional(),
});

export async function contactRoutes(app: App): Promise<void> {
  app.get("/contacts", { schema: { tags: ["contacts"], querystring: z.object({ customer: z.coerce.number().int().positive() }) } }, async (req) => ({
    items: await withCustom(app.db, "contact", await listContacts(app.db, req.viewer, req.query.customer, customFilterQuery(req.url))),
    nextCursor: null,
  }));

  app.post("/contacts", { schema: { tags: ["contacts"], body: Fields } }, async (req, reply) => {
    const id = await createContact(app.db, req.viewer, req.body, app.now());
    return reply.code(201).send(await withCustomOne(app.db, "contact", contactView(await visibleContact(app.db, req.viewer, id))));
  });

  app.patch(
    "/contacts/:id",
    { schema: { tags: ["contacts"], params: Id, body: Fields.omit({ customerId: true }).partial().extend({ version: z.number().int() }) } },
    async (req) => {
      const { version, ...b } = req.body;
      await updateContact(app.db, req.viewer, req.params.id, version, b, app.now());
      return withCustomOne(app.db, "contact", contactView(await visibleContact(app.db, req.viewer, req.params.id)));
    },
  );

  app.delete("/contacts/:id", { schema: { tags: ["contacts"], params: Id } }, async (req) => {
    await deleteContact(app.db, req.viewer, req.params.id, app.now());
    return { ok: true };
  });
}
