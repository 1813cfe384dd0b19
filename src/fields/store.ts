/** Custom field definitions in the database: list, create, edit (options, required, active, a type change that must convert), each audited. */
import type { Viewer } from "../access/viewer";
import { audit, changes } from "../audit/log";
import { AppError, notFound } from "../core/errors";
import type { Db } from "../db/connect";
import type { Row } from "../db/schema";
import { type DbOrTx, inTx, type Tx } from "../db/tx";
import { updateVersioned } from "../db/versioned";
import {
  checkDefinition,
  convertValue,
  type CustomValue,
  type FieldDef,
  type FieldEntity,
  type FieldOption,
  type FieldType,
  type StoredCell,
  checkValue,
  valueOf,
} from "./model";

/** The columns a definition is made of, named so the statement is prepared (a `select *` never is: db/connect.ts). */
const FIELD_COLUMNS = ["id", "entity", "key", "label_zh", "label_en", "type", "required", "options", "active", "position", "version"] as const;

export const fieldView = (r: Pick<Row<"custom_fields">, (typeof FIELD_COLUMNS)[number]>): FieldDef => ({
  id: Number(r.id),
  entity: r.entity as FieldEntity,
  key: r.key,
  labelZh: r.label_zh,
  labelEn: r.label_en,
  type: r.type as FieldType,
  required: !!r.required,
  options: JSON.parse(r.options) as FieldOption[],
  active: !!r.active,
  position: r.position,
  version: r.version,
});

/** The fields of an entity (or all), in their order; inactive ones only when asked for. */
export async function listFields(db: DbOrTx, entity?: FieldEntity, includeInactive = true): Promise<FieldDef[]> {
  let q = db.selectFrom("custom_fields").select(FIELD_COLUMNS);
  if (entity) q = q.where("entity", "=", entity);
  if (!includeInactive) q = q.where("active", "=", 1);
  return (await q.orderBy("entity").orderBy("position").orderBy("id").execute()).map(fieldView);
}

export interface FieldInput {
  entity: FieldEntity;
  key: string;
  labelZh: string;
  labelEn: string;
  type: FieldType;
  required?: boolean;
  options?: FieldOption[];
  position?: number;
}

export async function createField(db: Db, viewer: Viewer, b: FieldInput, now: number): Promise<FieldDef> {
  checkDefinition({ ...b, options: b.options ?? [] });
  return inTx(db, async (tx) => {
    if (await tx.selectFrom("custom_fields").select("id").where("entity", "=", b.entity).where("key", "=", b.key).executeTakeFirst())
      throw new AppError("DUPLICATE", `the ${b.entity} field ${b.key} exists`, "key");
    const last = await tx
      .selectFrom("custom_fields")
      .select((eb) => eb.fn.max<number>("position").as("p"))
      .where("entity", "=", b.entity)
      .executeTakeFirst();
    const row = await tx
      .insertInto("custom_fields")
      .values({
        entity: b.entity,
        key: b.key,
        label_zh: b.labelZh.trim(),
        label_en: b.labelEn.trim(),
        type: b.type,
        required: b.required ? 1 : 0,
        options: JSON.stringify(b.options ?? []),
        position: b.position ?? Number(last?.p ?? 0) + 1,
        active: 1,
        created_at: now,
        updated_at: now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await audit(tx, viewer.id, "custom_field", Number(row.id), "create", { ...b }, now);
    return fieldView(row);
  });
}

export interface FieldPatch {
  labelZh?: string;
  labelEn?: string;
  type?: FieldType;
  required?: boolean;
  options?: FieldOption[];
  position?: number;
  active?: boolean;
}

/**
 * Versioned edit. A new type must convert every stored value (else 409 FIELD_TYPE_UNCONVERTIBLE, nothing changed);
 * an option still chosen by a record cannot be dropped (409 FIELD_OPTION_IN_USE). Deactivating keeps the values.
 */
export async function updateField(db: Db, viewer: Viewer, id: number, version: number, b: FieldPatch, now: number): Promise<FieldDef> {
  return inTx(db, async (tx) => {
    const row = await tx.selectFrom("custom_fields").select(FIELD_COLUMNS).where("id", "=", id).executeTakeFirst();
    if (!row) throw notFound("custom_field");
    const before = fieldView(row);
    const type = b.type ?? before.type;
    const selects = type === "select" || type === "multi_select";
    const options = b.options ?? (selects ? before.options : []);
    const after: FieldDef = {
      ...before,
      labelZh: b.labelZh ?? before.labelZh,
      labelEn: b.labelEn ?? before.labelEn,
      type,
      options,
      required: b.required ?? before.required,
    };
    checkDefinition(after);
    if (type !== before.type) await convertStored(tx, before, after);
    else if (selects) await checkOptionsKept(tx, before, options);
    const patch = {
      label_zh: b.labelZh?.trim(),
      label_en: b.labelEn?.trim(),
      type: b.type,
      required: b.required === undefined ? undefined : b.required ? 1 : 0,
      options: b.options || type !== before.type ? JSON.stringify(options) : undefined,
      position: b.position,
      active: b.active === undefined ? undefined : b.active ? 1 : 0,
      updated_at: now,
    };
    const old = await updateVersioned(tx, "custom_fields", id, version, patch, "custom_field");
    await audit(tx, viewer.id, "custom_field", id, "update", changes(old, patch), now);
    return fieldView(await tx.selectFrom("custom_fields").select(FIELD_COLUMNS).where("id", "=", id).executeTakeFirstOrThrow());
  });
}

/** Stored rows of one field, grouped by record. */
async function storedByRecord(tx: Tx, fieldId: number): Promise<Map<number, StoredCell[]>> {
  const rows = await tx.selectFrom("custom_values").selectAll().where("field_id", "=", fieldId).orderBy("record_id").orderBy("seq").execute();
  const out = new Map<number, StoredCell[]>();
  for (const r of rows) {
    const k = Number(r.record_id);
    const list = out.get(k) ?? [];
    list.push({ seq: r.seq, text: r.text_value, num: r.num_value == null ? null : Number(r.num_value), long: r.long_value });
    out.set(k, list);
  }
  return out;
}

async function convertStored(tx: Tx, from: FieldDef, to: FieldDef): Promise<void> {
  const stored = await storedByRecord(tx, from.id);
  if (!stored.size) return;
  const users = await tx.selectFrom("users").select(["id", "email", "name"]).execute();
  const email = (uid: number) => users.find((u) => Number(u.id) === uid)?.email;
  const findUser = (s: string) => {
    const u = users.find((x) => x.email.toLowerCase() === s.toLowerCase() || x.name === s);
    return u ? { id: Number(u.id) } : { error: `no user ${s}` };
  };
  const converted: Array<[number, StoredCell[]]> = [];
  const failed: Array<{ recordId: number; value: CustomValue }> = [];
  for (const [recordId, cells] of stored) {
    const v = valueOf(from, cells);
    const c = convertValue(from, to, v, email, findUser);
    const r = c === undefined ? undefined : checkValue({ ...to, required: false }, c, new Set(typeof c === "number" ? [c] : []));
    if (!r || "reason" in r) failed.push({ recordId, value: v });
    else converted.push([recordId, r.cells]);
  }
  if (failed.length)
    throw new AppError(
      "FIELD_TYPE_UNCONVERTIBLE",
      `${failed.length} stored value(s) of ${from.key} do not convert from ${from.type} to ${to.type} (e.g. record #${failed[0].recordId}: ${JSON.stringify(failed[0].value)})`,
      "type",
      { failed: failed.slice(0, 20) },
      { count: failed.length, from: from.type, to: to.type, key: from.key },
    );
  await tx.deleteFrom("custom_values").where("field_id", "=", from.id).execute();
  const rows = converted.flatMap(([recordId, cells]) =>
    cells.map((c) => ({ field_id: from.id, record_id: recordId, entity: from.entity, seq: c.seq, text_value: c.text, num_value: c.num, long_value: c.long })),
  );
  for (let i = 0; i < rows.length; i += 500)
    await tx
      .insertInto("custom_values")
      .values(rows.slice(i, i + 500))
      .execute();
}

async function checkOptionsKept(tx: Tx, before: FieldDef, options: FieldOption[]): Promise<void> {
  const dropped = before.options.filter((o) => !options.some((n) => n.key === o.key)).map((o) => o.key);
  if (!dropped.length) return;
  const used = await tx
    .selectFrom("custom_values")
    .select((eb) => ["text_value", eb.fn.countAll<number>().as("n")])
    .where("field_id", "=", before.id)
    .where("text_value", "in", dropped)
    .groupBy("text_value")
    .execute();
  if (used.length)
    throw new AppError(
      "FIELD_OPTION_IN_USE",
      `option ${used[0].text_value} of ${before.key} is chosen by ${Number(used[0].n)} record(s); keep it or change those records first`,
      "options",
      { used },
      { option: String(used[0].text_value), count: Number(used[0].n), key: before.key },
    );
}
