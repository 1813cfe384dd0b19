/** Contacts with title (职务) and decision-chain role, visible through their customer. */
import { z } from "zod";
import { audit, changes } from "../audit/log";
import { AppError, notFound } from "../core/errors";
import { inTx } from "../db/tx";
import { updateVersioned } from "../db/versioned";
import type { App } from "../http/plugin";
import type { Viewer } from "../access/viewer";
import { getVisibleCustomer } from "../customers/store";
import type { Db } from "../db/connect";

export const DECISION_ROLES = ["decision_maker", "influencer", "user", "technical", "procurement", "coach"] as const;

const Id = z.object({ id: z.coerce.number().int().positive() });
const opt = (max = 200) => z.string().trim().max(max).nullable().optional();
const Fields = z.object({
  customerId: z.number().int().positive(), name: z.string().trim().min(1).max(100), title: opt(100),
  decisionRole: z.enum(DECISION_ROLES).nullable().optional(), phone: opt(50), email: z.string().trim().email().max(200).nullable().optional().or(z.literal("")),
  notes: opt(2000), externalId: opt(100),
});

const view = (k: { id: number; customer_id: number; name: string; title: string | null; decision_role: string | null; phone: string | null; email: string | null; notes: string | null; external_id: string | null; version: number }) => ({
  id: k.id, customerId: k.customer_id, name: k.name, title: k.title, decisionRole: k.decision_role, phone: k.phone, email: k.email,
  notes: k.notes, externalId: k.external_id, version: k.version,
});

async function visibleContact(db: Db, viewer: Viewer, id: number) {
  const k = await db.selectFrom("contacts").selectAll().where("id", "=", id).executeTakeFirst();
  if (!k || !(await getVisibleCustomer(db, viewer, k.customer_id))) throw notFound("contact");
  return k;
}

export async function contactRoutes(app: App): Promise<void> {
  app.get("/contacts", { schema: { tags: ["contacts"], querystring: z.object({ customer: z.coerce.number().int().positive() }) } }, async (req) => {
    if (!(await getVisibleCustomer(app.db, req.viewer, req.query.customer))) throw notFound("customer");
    const rows = await app.db.selectFrom("contacts").selectAll().where("customer_id", "=", req.query.customer).orderBy("id").execute();
    return { items: rows.map(view), nextCursor: null };
  });

  app.post("/contacts", { schema: { tags: ["contacts"], body: Fields } }, async (req, reply) => {
    const viewer = req.viewer;
    const b = req.body;
    if (!(await getVisibleCustomer(app.db, viewer, b.customerId))) throw new AppError("INVALID", "customerId is not a customer you can see", "customerId");
    const now = app.now();
    const id = await inTx(app.db, async (tx) => {
      const { id } = await tx.insertInto("contacts").values({
        customer_id: b.customerId, name: b.name, title: b.title ?? null, decision_role: b.decisionRole ?? null, phone: b.phone ?? null,
        email: b.email || null, notes: b.notes ?? null, external_id: b.externalId ?? null, created_at: now, updated_at: now,
      }).returning("id").executeTakeFirstOrThrow();
      await audit(tx, viewer.id, "contact", id, "create", b, now);
      return id;
    });
    return reply.code(201).send(view(await visibleContact(app.db, viewer, id)));
  });

  app.patch("/contacts/:id", { schema: { tags: ["contacts"], params: Id, body: Fields.omit({ customerId: true }).partial().extend({ version: z.number().int() }) } }, async (req) => {
    const viewer = req.viewer;
    await visibleContact(app.db, viewer, req.params.id);
    const { version, ...b } = req.body;
    const patch = { name: b.name, title: b.title, decision_role: b.decisionRole, phone: b.phone, email: b.email === "" ? null : b.email, notes: b.notes, external_id: b.externalId, updated_at: app.now() };
    await inTx(app.db, async (tx) => {
      const before = await updateVersioned(tx, "contacts", req.params.id, version, patch, "contact");
      await audit(tx, viewer.id, "contact", req.params.id, "update", changes(before, patch), app.now());
    });
    return view(await visibleContact(app.db, viewer, req.params.id));
  });

  app.delete("/contacts/:id", { schema: { tags: ["contacts"], params: Id } }, async (req) => {
    const viewer = req.viewer;
    const k = await visibleContact(app.db, viewer, req.params.id);
    await inTx(app.db, async (tx) => {
      await tx.deleteFrom("contacts").where("id", "=", k.id).execute();
      await tx.updateTable("activities").set({ contact_id: null }).where("contact_id", "=", k.id).execute();
      await audit(tx, viewer.id, "contact", k.id, "delete", view(k), app.now());
    });
    return { ok: true };
  });
}
