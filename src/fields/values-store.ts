/**
 * Custom values in the database: read for a page of records, written inside the record's own transaction after
 * the checks of model.ts, and turned into list filters (`cf.<key>=…`) that the (field, value, record) indexes serve.
 */
import { type Expression, type SqlBool, sql } from "kysely";
import { AppError } from "../core/errors";
import type { DbOrTx, Tx } from "../db/tx";
import { checkCustom, columnOf, type CustomValue, type FieldDef, type FieldEntity, findOption, type StoredCell, valueOf } from "./model";
import { listFields } from "./store";

export type CustomRecord = Record<string, CustomValue>;

/** The active fields' values of these records (every active field present: null or [] when unset). */
export async function customOf(db: DbOrTx, entity: FieldEntity, ids: readonly number[], fields?: FieldDef[]): Promise<Map<number, CustomRecord>> {
  const defs = (fields ?? (await listFields(db, entity, false))).filter((f) => f.active);
  const out = new Map<number, CustomRecord>();
  if (!ids.length) return out;
  const byRecord = new Map<number, Map<number, StoredCell[]>>();
  if (defs.length) {
    for (let i = 0; i < ids.length; i += 500) {
      const rows = await db
        .selectFrom("custom_values")
        .selectAll()
        .where("entity", "=", entity)
        .where("record_id", "in", ids.slice(i, i + 500))
        .execute();
      for (const r of rows) {
        const m = byRecord.get(Number(r.record_id)) ?? new Map<number, StoredCell[]>();
        const list = m.get(Number(r.field_id)) ?? [];
        list.push({ seq: r.seq, text: r.text_value, num: r.num_value == null ? null : Number(r.num_value), long: r.long_value });
        m.set(Number(r.field_id), list);
        byRecord.set(Number(r.record_id), m);
      }
    }
  }
  for (const id of ids) {
    const m = byRecord.get(id);
    out.set(id, Object.fromEntries(defs.map((f) => [f.key, valueOf(f, m?.get(f.id) ?? [])])));
  }
  return out;
}

/** Adds `custom` to each record of a list or answer. */
export async function withCustom<T extends { id: number }>(db: DbOrTx, entity: FieldEntity, items: T[]): Promise<Array<T & { custom: CustomRecord }>> {
  const m = await customOf(
    db,
    entity,
    items.map((x) => x.id),
  );
  return items.map((x) => ({ ...x, custom: m.get(x.id) ?? {} }));
}

export async function withCustomOne<T extends { id: number } | null>(
  db: DbOrTx,
  entity: FieldEntity,
  item: T,
): Promise<T extends null ? null : T & { custom: CustomRecord }> {
  if (!item) return null as never;
  return (await withCustom(db, entity, [item]))[0] as never;
}

/**
 * Checks and writes the custom values given on a create or an edit, in the caller's transaction (a bad value throws
 * before anything is written, and the transaction rolls the record back with it). Gives { key: [before, after] }.
 */
export async function saveCustom(
  tx: Tx,
  entity: FieldEntity,
  recordId: number,
  input: Record<string, unknown> | undefined,
  mode: "create" | "update",
): Promise<Record<string, [CustomValue, CustomValue]>> {
  const fields = await listFields(tx, entity, false);
  if (!fields.length && !Object.keys(input ?? {}).length) return {};
  const userIds = fields
    .filter((f) => f.type === "user")
    .map((f) => input?.[f.key])
    .filter((v): v is number => typeof v === "number" && Number.isInteger(v));
  const users = new Set(userIds.length ? (await tx.selectFrom("users").select("id").where("id", "in", userIds).execute()).map((u) => Number(u.id)) : []);
  const cells = checkCustom(fields, input, mode, users);
  return writeCells(tx, entity, recordId, fields, cells);
}

/** Replaces the stored cells of the given fields of one record; gives the changed keys' before and after. */
export async function writeCells(
  tx: Tx,
  entity: FieldEntity,
  recordId: number,
  fields: FieldDef[],
  cells: Map<number, StoredCell[]>,
): Promise<Record<string, [CustomValue, CustomValue]>> {
  if (!cells.size) return {};
  const ids = [...cells.keys()];
  const before = (await customOf(tx, entity, [recordId], fields)).get(recordId) ?? {};
  await tx.deleteFrom("custom_values").where("record_id", "=", recordId).where("field_id", "in", ids).execute();
  const rows = [...cells].flatMap(([fieldId, list]) =>
    list.map((c) => ({ field_id: fieldId, record_id: recordId, entity, seq: c.seq, text_value: c.text, num_value: c.num, long_value: c.long })),
  );
  if (rows.length) await tx.insertInto("custom_values").values(rows).execute();
  const diff: Record<string, [CustomValue, CustomValue]> = {};
  for (const f of fields) {
    const list = cells.get(f.id);
    if (!list) continue;
    const after = valueOf(f, list);
    if (JSON.stringify(before[f.key] ?? null) !== JSON.stringify(after)) diff[f.key] = [before[f.key] ?? null, after];
  }
  return diff;
}

/**
 * An import chunk's custom values (record id → field id → cells) in a few statements: the given fields' old rows of
 * these records deleted, the new ones inserted 500 at a time, and one audit row naming the run, records and fields.
 */
export async function importCells(
  tx: Tx,
  entity: FieldEntity,
  fields: FieldDef[],
  byRecord: Map<number, Map<number, StoredCell[]>>,
  actorId: number | null,
  runId: number | null,
  now: number,
): Promise<void> {
  if (!byRecord.size) return;
  const groups = new Map<string, number[]>();
  for (const [recordId, cells] of byRecord) {
    const sig = [...cells.keys()].sort((x, y) => x - y).join(",");
    groups.set(sig, [...(groups.get(sig) ?? []), recordId]);
  }
  for (const [sig, ids] of groups) {
    const fieldIds = sig.split(",").map(Number);
    for (let i = 0; i < ids.length; i += 500)
      await tx
        .deleteFrom("custom_values")
        .where("field_id", "in", fieldIds)
        .where("record_id", "in", ids.slice(i, i + 500))
        .execute();
  }
  const rows = [...byRecord].flatMap(([recordId, cells]) =>
    [...cells].flatMap(([fieldId, list]) =>
      list.map((c) => ({ field_id: fieldId, record_id: recordId, entity, seq: c.seq, text_value: c.text, num_value: c.num, long_value: c.long })),
    ),
  );
  for (let i = 0; i < rows.length; i += 500)
    await tx
      .insertInto("custom_values")
      .values(rows.slice(i, i + 500))
      .execute();
  const keys = fields.filter((f) => [...byRecord.values()].some((m) => m.has(f.id))).map((f) => f.key);
  await tx
    .insertInto("audit_log")
    .values({
      actor_id: actorId,
      entity,
      entity_id: 0,
      action: "import_custom",
      diff: JSON.stringify({ run: runId, records: byRecord.size, fields: keys }),
      at: now,
    })
    .execute();
}

/** Custom value changes in a record's audit diff, as custom.<key>. */
export const customAudit = (diff: Record<string, unknown>) => Object.fromEntries(Object.entries(diff).map(([k, v]) => [`custom.${k}`, v]));

/** Drops every value of a deleted record. */
export async function dropCustom(tx: Tx, entity: FieldEntity, recordId: number): Promise<void> {
  await tx.deleteFrom("custom_values").where("entity", "=", entity).where("record_id", "=", recordId).execute();
}

const YES = new Set(["1", "true", "yes", "是"]);
const NO = new Set(["0", "false", "no", "否"]);

/**
 * The list conditions of `cf.<key>=<value>` parameters on `idCol`: select and multi select by option key or label
 * (several values comma-separated: any of them), text exactly, yes/no as true/false, a user by id, number, money
 * (fen) and date equal or in a range `a..b` (either end may be left out). An unknown key or a bad value is a 400
 * naming `cf.<key>`.
 */
export async function customConditions(db: DbOrTx, entity: FieldEntity, idCol: string, filters: Record<string, string>): Promise<Expression<SqlBool>[]> {
  const keys = Object.keys(filters);
  if (!keys.length) return [];
  const fields = await listFields(db, entity, true);
  return keys.map((key) => {
    const f = fields.find((x) => x.key === key);
    const bad = (why: string) => new AppError("INVALID", `cf.${key}: ${why}`, `cf.${key}`, undefined, { rule: "custom_filter", key });
    if (!f) throw bad(`not a custom field of ${entity}`);
    const raw = filters[key].trim();
    const col = columnOf(f.type);
    if (col === "long") throw bad("long text fields cannot be filtered");
    const inField = (cond: ReturnType<typeof sql>) =>
      sql<SqlBool>`${sql.ref(idCol)} in (select cv.record_id from custom_values cv where cv.field_id = ${f.id} and ${cond})`;
    if (f.type === "select" || f.type === "multi_select" || f.type === "text") {
      const values =
        f.type === "text"
          ? [raw]
          : raw.split(",").map((s) => {
              const o = findOption(f, s);
              if (!o) throw bad(`${s} is not an option (${f.options.map((x) => x.key).join(", ")})`);
              return o.key;
            });
      return inField(sql`cv.text_value in (${sql.join(values)})`);
    }
    if (f.type === "bool") {
      const v = raw.toLowerCase();
      if (!YES.has(v) && !NO.has(v)) throw bad("use true or false");
      return inField(sql`cv.num_value = ${YES.has(v) ? 1 : 0}`);
    }
    const [lo, hi] = raw.includes("..") ? raw.split("..") : [raw, raw];
    const end = (s: string | undefined) => {
      if (s === undefined || s === "") return undefined;
      if (f.type === "date") {
        if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) throw bad("use YYYY-MM-DD or a range YYYY-MM-DD..YYYY-MM-DD");
        return s;
      }
      const n = Number(s);
      if (!Number.isFinite(n)) throw bad("use a number or a range a..b");
      return n;
    };
    const a = end(lo),
      b = end(hi);
    if (a === undefined && b === undefined) throw bad("give a value or a range a..b");
    const c = sql.ref(f.type === "date" ? "cv.text_value" : "cv.num_value");
    const conds = [a === undefined ? null : sql`${c} >= ${a}`, b === undefined ? null : sql`${c} <= ${b}`].filter((x) => x !== null);
    return inField(sql.join(conds, sql` and `));
  });
}

/** The `cf.<key>` parameters of a request URL ("?cf.region=华东&cf.level=a,b"). */
export function customFilterQuery(url: string): Record<string, string> {
  const q = url.indexOf("?");
  if (q < 0) return {};
  const out: Record<string, string> = {};
  for (const [k, v] of new URLSearchParams(url.slice(q + 1))) if (k.startsWith("cf.") && k.length > 3 && v !== "") out[k.slice(3)] = v;
  return out;
}
