/**
 * Merging a duplicate customer into the survivor, in one transaction with its audit rows: the survivor takes the
 * fields picked from the source; every row of every table with a customer_id column (read from the live schema, so
 * a table added later moves too) is moved; shares, notifications' links and duplicate marks follow; the source's
 * external ids become aliases (a re-import finds the survivor); the read models of both are re-derived; the source
 * is deleted. Invisible → 404, read-only → 403, into itself → 400 naming intoId, stale version → 409.
 */
import { sql } from "kysely";
import { assertCanAssign } from "../access/assign";
import type { Viewer } from "../access/viewer";
import { editable, visible } from "../access/visible";
import { audit } from "../audit/log";
import { AppError, invalid, notFound } from "../core/errors";
import type { Db } from "../db/connect";
import { type MoveRules, moveReferencingRows } from "../db/referencing-tables";
import { inTx, type Tx } from "../db/tx";
import { updateVersioned } from "../db/versioned";
import { contractCustomersChanged, ordersChanged, opportunitiesChanged } from "../readmodels/maintain";
import { fillPinyin } from "../search/pinyin-store";
import { aliasesAfterMerge, CUSTOMER_MERGE_FIELDS, type Keep, survivorPatch } from "./merge";
import { normaliseName } from "./normalise";

export interface MergeBody {
  intoId: number;
  keep?: Keep;
  version?: number;
  intoVersion?: number;
}

/** What moving customer_id / contact_id rows must respect (src/db/referencing-tables.ts): unique keys, read models. */
const MOVE_RULES: Record<"customer_id" | "contact_id", MoveRules> = {
  customer_id: {
    colliding: { kaism_scores: ["criterion"], pool_warnings: ["owner_id", "due_date"] },
    derived: ["customer_first_deals", "customer_months", "signed_customers"],
  },
  contact_id: {},
};

/** Moves every row pointing at `fromId` through `column` to `toId`, in every table that has the column; returns { table: rows }. */
export function moveReferences(tx: Tx, column: "customer_id" | "contact_id", fromId: number, toId: number): Promise<Record<string, number>> {
  return moveReferencingRows(tx, column, fromId, toId, MOVE_RULES[column]);
}

/** Shares of the source record move to the target, unless the same person or department already has one there. */
export async function moveShares(tx: Tx, entity: "customer" | "opportunity", fromId: number, toId: number): Promise<void> {
  await sql`delete from record_shares where entity = ${entity} and entity_id = ${fromId} and exists (select 1 from record_shares k
    where k.entity = ${entity} and k.entity_id = ${toId} and (k.user_id = record_shares.user_id or k.department_id = record_shares.department_id))`.execute(tx);
  await sql`update record_shares set entity_id = ${toId} where entity = ${entity} and entity_id = ${fromId}`.execute(tx);
}

/**
 * Custom field values (custom_values, keyed by entity and record_id) follow the record: the survivor keeps its own
 * value of a field and takes the source's values of fields it has none of.
 */
export async function moveCustomValues(tx: Tx, entity: "customer" | "contact", fromId: number, toId: number): Promise<number> {
  await sql`delete from custom_values where entity = ${entity} and record_id = ${fromId}
    and field_id in (select k.field_id from custom_values k where k.entity = ${entity} and k.record_id = ${toId})`.execute(tx);
  const r = await sql`update custom_values set record_id = ${toId} where entity = ${entity} and record_id = ${fromId}`.execute(tx);
  return Number(r.numAffectedRows ?? 0);
}

/** The source's external ids (and the target's, when replaced) now name the survivor; aliases of the source follow. */
export async function keepAliases(tx: Tx, table: "customers" | "contacts", aliases: string[], fromId: number, toId: number, now: number): Promise<void> {
  await tx.updateTable("external_id_aliases").set({ target_id: toId }).where("entity", "=", table).where("target_id", "=", fromId).execute();
  if (!aliases.length) return;
  await tx.deleteFrom("external_id_aliases").where("entity", "=", table).where("alias", "in", aliases).execute();
  await tx
    .insertInto("external_id_aliases")
    .values(aliases.map((alias) => ({ entity: table, alias, target_id: toId, created_at: now })))
    .execute();
}

/** Checks the pair a merge names: distinct, both visible (404) and editable (403), versions current when given (409). */
export async function mergePair<T extends { id: number; version: number }>(
  read: (id: number) => Promise<T | undefined>,
  canEdit: (row: T) => Promise<boolean>,
  entity: string,
  sourceId: number,
  b: MergeBody,
): Promise<{ source: T; target: T }> {
  if (b.intoId === sourceId) throw invalid("intoId", `a ${entity} cannot be merged into itself`, { rule: "merge_self" });
  const source = await read(sourceId);
  if (!source) throw notFound(entity);
  const target = await read(b.intoId);
  if (!target) throw new AppError("NOT_FOUND", `intoId: ${entity} ${b.intoId} not found`, "intoId", undefined, { entity });
  for (const [row, field] of [
    [source, "id"],
    [target, "intoId"],
  ] as const)
    if (!(await canEdit(row))) throw new AppError("FORBIDDEN", `${entity} ${row.id} is shared with you read-only`, field);
  if (b.version != null && b.version !== source.version)
    throw new AppError(
      "VERSION_CONFLICT",
      `${entity} ${sourceId} was changed (your version ${b.version}, current ${source.version})`,
      "version",
      { current: source.version },
      { entity, expected: b.version, current: source.version },
    );
  if (b.intoVersion != null && b.intoVersion !== target.version)
    throw new AppError(
      "VERSION_CONFLICT",
      `${entity} ${b.intoId} was changed (your version ${b.intoVersion}, current ${target.version})`,
      "intoVersion",
      { current: target.version },
      { entity, expected: b.intoVersion, current: target.version },
    );
  return { source, target };
}

/** The merge's two audit rows (on the survivor: fields kept from the source, changes, rows moved; on the source: its last record); answers the survivor's id and what moved. */
export async function auditMerge<T extends { id: number }>(
  tx: Tx,
  viewer: Viewer,
  entity: "customer" | "contact",
  m: { source: T; target: T; patch: Record<string, unknown>; keep?: Keep; moved: Record<string, number> },
  now: number,
): Promise<{ id: number; moved: Record<string, number> }> {
  const { source, target, patch, moved } = m;
  const kept = Object.fromEntries(
    Object.entries(m.keep ?? {})
      .filter(([, s]) => s === "source")
      .map(([f]) => [f, "source"]),
  );
  const changes = Object.fromEntries(Object.entries(patch).map(([k, v]) => [k, [target[k as keyof T] ?? null, v]]));
  await audit(tx, viewer.id, entity, target.id, "merge", { from: source.id, kept, changes, moved }, now);
  await audit(tx, viewer.id, entity, source.id, "merged_into", { into: target.id, record: source }, now);
  return { id: target.id, moved };
}

/** Merges customer `sourceId` into `b.intoId`; returns what moved. */
export async function mergeCustomers(
  db: Db,
  viewer: Viewer,
  sourceId: number,
  b: MergeBody,
  now: number,
): Promise<{ id: number; moved: Record<string, number> }> {
  return inTx(db, async (tx) => {
    const read = (id: number) =>
      tx
        .selectFrom("customers as c")
        .selectAll("c")
        .where("c.id", "=", id)
        .where(visible(viewer, "c.owner_id", "c.id", "customer"))
        .executeTakeFirst();
    const canEdit = async (c: { id: number }) =>
      !!(await tx
        .selectFrom("customers as c")
        .select("c.id")
        .where("c.id", "=", c.id)
        .where(editable(viewer, "c.owner_id", "c.id", "customer"))
        .executeTakeFirst());
    const { source, target } = await mergePair(read, canEdit, "customer", sourceId, b);
    const patch = survivorPatch(CUSTOMER_MERGE_FIELDS, b.keep ?? {}, source, target);
    if (typeof patch.name === "string") patch.name_norm = normaliseName(patch.name);
    if (patch.owner_id != null) await assertCanAssign(tx, viewer, Number(patch.owner_id), "keep.ownerId");
    const oppIds = (await tx.selectFrom("opportunities").select("id").where("customer_id", "=", source.id).execute()).map((o) => o.id);

    const moved = await moveReferences(tx, "customer_id", source.id, target.id);
    await moveShares(tx, "customer", source.id, target.id);
    const custom = await moveCustomValues(tx, "customer", source.id, target.id);
    if (custom) moved.custom_values = custom;
    await tx
      .updateTable("notifications")
      .set({ link: `/customers/${target.id}` })
      .where("link", "=", `/customers/${source.id}`)
      .execute();
    await tx.updateTable("customers").set({ duplicate_of: target.id }).where("duplicate_of", "=", source.id).where("id", "!=", target.id).execute();
    const survivorExt = "external_id" in patch ? (patch.external_id as string | null) : target.external_id;
    await keepAliases(
      tx,
      "customers",
      aliasesAfterMerge(source.external_id, target.external_id, survivorExt, `jindou:customers:${source.id}`),
      source.id,
      target.id,
      now,
    );
    await tx.deleteFrom("customers").where("id", "=", source.id).execute();
    await updateVersioned(
      tx,
      "customers",
      target.id,
      target.version,
      {
        ...patch,
        duplicate_of: target.duplicate_of === source.id ? null : undefined,
        updated_at: now,
      },
      "customer",
    );

    await ordersChanged(tx, [source.id, target.id]);
    await contractCustomersChanged(tx, [source.id, target.id]);
    await opportunitiesChanged(tx, oppIds);
    await fillPinyin(tx, ["customers"]);
    return auditMerge(tx, viewer, "customer", { source, target, patch, keep: b.keep, moved }, now);
  });
}
