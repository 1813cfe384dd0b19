/**
 * Merging a duplicate contact into the survivor, in one transaction with its audit rows: picked fields, every row of
 * every table with a contact_id column moved, the source's external ids kept as aliases, the source deleted.
 * Both contacts must be on customers the viewer may edit (404 invisible, 403 read-only).
 */
import type { Viewer } from "../access/viewer";
import { editable, visible } from "../access/visible";
import { AppError } from "../core/errors";
import type { Db } from "../db/connect";
import { inTx } from "../db/tx";
import { updateVersioned } from "../db/versioned";
import { CONTACT_MERGE_FIELDS, aliasesAfterMerge, survivorPatch } from "../customers/merge";
import { auditMerge, keepAliases, type MergeBody, mergePair, moveCustomValues, moveReferences } from "../customers/merge-store";
import { fillPinyin } from "../search/pinyin-store";

export async function mergeContacts(
  db: Db,
  viewer: Viewer,
  sourceId: number,
  b: MergeBody,
  now: number,
): Promise<{ id: number; moved: Record<string, number> }> {
  return inTx(db, async (tx) => {
    const read = (id: number) =>
      tx
        .selectFrom("contacts as k")
        .innerJoin("customers as c", "c.id", "k.customer_id")
        .selectAll("k")
        .where("k.id", "=", id)
        .where(visible(viewer, "c.owner_id", "c.id", "customer"))
        .executeTakeFirst();
    const canEditCustomer = async (customerId: number) =>
      !!(await tx
        .selectFrom("customers as c")
        .select("c.id")
        .where("c.id", "=", customerId)
        .where(editable(viewer, "c.owner_id", "c.id", "customer"))
        .executeTakeFirst());
    const { source, target } = await mergePair(read, (k) => canEditCustomer(k.customer_id), "contact", sourceId, b);
    const patch = survivorPatch(CONTACT_MERGE_FIELDS, b.keep ?? {}, source, target);
    if (patch.customer_id != null && !(await canEditCustomer(Number(patch.customer_id))))
      throw new AppError("FORBIDDEN", "the source contact's customer is shared with you read-only", "keep.customerId");

    const moved = await moveReferences(tx, "contact_id", source.id, target.id);
    const custom = await moveCustomValues(tx, "contact", source.id, target.id);
    if (custom) moved.custom_values = custom;
    const survivorExt = "external_id" in patch ? (patch.external_id as string | null) : target.external_id;
    await keepAliases(
      tx,
      "contacts",
      aliasesAfterMerge(source.external_id, target.external_id, survivorExt, `jindou:contacts:${source.id}`),
      source.id,
      target.id,
      now,
    );
    await tx.deleteFrom("contacts").where("id", "=", source.id).execute();
    await updateVersioned(tx, "contacts", target.id, target.version, { ...patch, updated_at: now }, "contact");
    await fillPinyin(tx, ["contacts"]);
    return auditMerge(tx, viewer, "contact", { source, target, patch, keep: b.keep, moved }, now);
  });
}
