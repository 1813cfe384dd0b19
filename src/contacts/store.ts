/** Contacts in the database, visible through their customer; each write with its audit row in one transaction. */
import { audit, changes } from "../audit/log";
import { fillPinyin } from "../search/pinyin-store";
import type { Viewer } from "../access/viewer";
import { AppError, notFound } from "../core/errors";
import { getVisibleCustomer } from "../customers/store";
import type { Db } from "../db/connect";
import type { Row } from "../db/schema";
import { type DbOrTx, inTx } from "../db/tx";
import { updateVersioned } from "../db/versioned";
import { customAudit, customConditions, dropCustom, saveCustom } from "../fields/values-store";

export const contactView = (k: Row<"contacts">) => ({
  id: k.id,
  customerId: k.customer_id,
  name: k.name,
  title: k.title,
  decisionRole: k.decision_role,
  phone: k.phone,
  email: k.email,
  notes: k.notes,
  externalId: k.external_id,
  version: k.version,
});
export type ContactView = ReturnType<typeof contactView>;

export interface ContactFields {
  name?: string;
  title?: string | null;
  decisionRole?: string | null;
  phone?: string | null;
  email?: string | null;
  notes?: string | null;
  externalId?: string | null;
  custom?: Record<string, unknown>;
}

/** The contact when the viewer may see its customer; 404 otherwise. */
export async function visibleContact(db: DbOrTx, viewer: Viewer, id: number): Promise<Row<"contacts">> {
  const k = await db.selectFrom("contacts").selectAll().where("id", "=", id).executeTakeFirst();
  if (!k || !(await getVisibleCustomer(db, viewer, k.customer_id))) throw notFound("contact");
  return k;
}

export async function listContacts(db: DbOrTx, viewer: Viewer, customerId: number, cf: Record<string, string> = {}): Promise<ContactView[]> {
  if (!(await getVisibleCustomer(db, viewer, customerId))) throw notFound("customer");
  let q = db.selectFrom("contacts").selectAll().where("customer_id", "=", customerId);
  for (const cond of await customConditions(db, "contact", "contacts.id", cf)) q = q.where(cond);
  return (await q.orderBy("id").execute()).map(contactView);
}

export async function createContact(db: Db, viewer: Viewer, b: ContactFields & { customerId: number; name: string }, now: number): Promise<number> {
  if (!(await getVisibleCustomer(db, viewer, b.customerId))) throw new AppError("INVALID", "customerId is not a customer you can see", "customerId");
  return inTx(db, async (tx) => {
    const { id } = await tx
      .insertInto("contacts")
      .values({
        customer_id: b.customerId,
        name: b.name,
        title: b.title ?? null,
        decision_role: b.decisionRole ?? null,
        phone: b.phone ?? null,
        email: b.email || null,
        notes: b.notes ?? null,
        external_id: b.externalId ?? null,
        created_at: now,
        updated_at: now,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await fillPinyin(tx, ["contacts"]); // the stored pinyin search matches by (src/search/pinyin-store.ts)
    await saveCustom(tx, "contact", id, b.custom, "create");
    await audit(tx, viewer.id, "contact", id, "create", { ...b }, now);
    return id;
  });
}

/** Version-checked edit (409 when stale); an empty email clears it. */
export async function updateContact(db: Db, viewer: Viewer, id: number, version: number, b: ContactFields, now: number): Promise<void> {
  await visibleContact(db, viewer, id);
  const patch = {
    name: b.name,
    title: b.title,
    decision_role: b.decisionRole,
    phone: b.phone,
    email: b.email === "" ? null : b.email,
    notes: b.notes,
    external_id: b.externalId,
    updated_at: now,
  };
  await inTx(db, async (tx) => {
    const before = await updateVersioned(tx, "contacts", id, version, patch, "contact");
    await fillPinyin(tx, ["contacts"]); // the stored pinyin search matches by (src/search/pinyin-store.ts)
    const custom = await saveCustom(tx, "contact", id, b.custom, "update");
    await audit(tx, viewer.id, "contact", id, "update", { ...changes(before, patch), ...customAudit(custom) }, now);
  });
}

/** Deletes a contact; activities that met them keep the activity without the link. */
export async function deleteContact(db: Db, viewer: Viewer, id: number, now: number): Promise<void> {
  const k = await visibleContact(db, viewer, id);
  await inTx(db, async (tx) => {
    await tx.deleteFrom("contacts").where("id", "=", k.id).execute();
    await dropCustom(tx, "contact", k.id);
    await tx.updateTable("activities").set({ contact_id: null }).where("contact_id", "=", k.id).execute();
    await audit(tx, viewer.id, "contact", k.id, "delete", contactView(k), now);
  });
}
