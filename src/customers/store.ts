/** Customer records: reads scoped to the viewer, duplicate lookup, lifecycle stages, and the API shape. */
import type { Row } from "../db/schema";
import type { DbOrTx } from "../db/tx";
import { afterCursor, decodeCursor, keysetPage, sortOrder, sortSpec } from "../db/keyset";
import { contains, pinyinContains } from "../db/search";
import type { Viewer } from "../access/viewer";
import { editable, visible } from "../access/visible";
import { type CommonFilters, filterConditions } from "../access/filters";
import { AppError } from "../core/errors";
import { type LifecycleStage, resolveLifecycleStage } from "./lifecycle";
import { normaliseCreditCode, normaliseName } from "./normalise";
import { memberPools } from "../pools/store";
import { customConditions } from "../fields/values-store";

export const customerView = (c: Row<"customers"> & { owner_name?: string | null }) => ({
  id: c.id,
  externalId: c.external_id,
  name: c.name,
  creditCode: c.credit_code,
  industry: c.industry,
  region: c.region,
  sizeBand: c.size_band,
  channel: c.channel,
  ownerId: c.owner_id,
  ownerName: c.owner_name ?? null,
  creditRating: c.credit_rating,
  prospectRating: c.prospect_rating,
  lifecycleStage: c.lifecycle_stage,
  priority: c.priority,
  tags: parseTags(c.tags),
  notes: c.notes,
  duplicateOf: c.duplicate_of,
  nextFollowUpDate: c.next_follow_up_date,
  createdAt: c.created_at,
  updatedAt: c.updated_at,
  version: c.version,
  inPool: c.owner_id == null,
  poolId: c.pool_id,
  locked: !!c.locked,
  ownerSince: c.owner_since,
  previousOwnerId: c.previous_owner_id,
  pooledAt: c.pooled_at,
});
export type CustomerView = ReturnType<typeof customerView>;

const parseTags = (s: string): string[] => {
  try {
    const v = JSON.parse(s);
    return Array.isArray(v) ? v.map(String) : [];
  } catch (e) {
    throw new Error(`customer tags are not valid JSON: ${JSON.stringify(s.slice(0, 80))}`, { cause: e });
  }
};

export interface CustomerQuery extends CommonFilters {
  q?: string;
  priority?: string;
  sort?: string;
  limit: number;
  cursor?: string;
  cf?: Record<string, string>;
}

/** The sorts the list offers, each served by an index on (column, id) (migration 060). */
const SORTS: Record<string, { col: string; nullable?: boolean }> = {
  name: { col: "c.name" },
  updated_at: { col: "c.updated_at" },
  created_at: { col: "c.created_at" },
  priority: { col: "c.priority", nullable: true },
};

/** One page of customers the viewer may see and the opaque cursor of the next (keyset: sort value + id). */
export async function listCustomers(db: DbOrTx, viewer: Viewer, f: CustomerQuery) {
  let q = db
    .selectFrom("customers as c")
    .leftJoin("users as u", "u.id", "c.owner_id")
    .selectAll("c")
    .select("u.name as owner_name")
    .where(visible(viewer, "c.owner_id", "c.id", "customer"));
  for (const cond of filterConditions(f, { owner: "c.owner_id", customer: "c.id" })) q = q.where(cond);
  if (f.q?.trim()) {
    const text = f.q;
    // pinyin too: "jdkj" finds 金豆科技 (the stored search_pinyin, migration 160)
    q = q.where((eb) =>
      eb.or([
        contains(db, "customers", "c.id", ["c.name", "c.credit_code", "c.external_id"], text),
        pinyinContains(db, "customers", "c.id", "c.search_pinyin", text),
      ]),
    );
  }
  if (f.priority) q = q.where("c.priority", "=", f.priority);
  for (const cond of await customConditions(db, "customer", "c.id", f.cf ?? {})) q = q.where(cond);
  const spec = sortSpec(SORTS, f.sort, "name", "c.id");
  if (f.cursor) q = q.where(afterCursor(spec, decodeCursor(f.cursor, spec.name)));
  for (const o of sortOrder(spec)) q = q.orderBy(o);
  const rows = await q.limit(f.limit + 1).execute();
  const field = spec.col.slice(2) as "name" | "updated_at" | "created_at" | "priority";
  return keysetPage(rows, f.limit, spec, (r) => ({ value: r[field], id: r.id }), customerView);
}

/** True when the viewer may change the customer (their scope covers its owner, or a read-write share). */
export async function canEditCustomer(db: DbOrTx, viewer: Viewer, id: number): Promise<boolean> {
  return !!(await db
    .selectFrom("customers as c")
    .select("c.id")
    .where("c.id", "=", id)
    .where(editable(viewer, "c.owner_id", "c.id", "customer"))
    .executeTakeFirst());
}

/** A customer waiting in a pool the viewer belongs to (members see pool customers before claiming them). */
export async function getPoolCustomer(db: DbOrTx, viewer: Viewer, id: number) {
  const row = await db
    .selectFrom("customers as c")
    .leftJoin("users as u", "u.id", "c.owner_id")
    .selectAll("c")
    .select("u.name as owner_name")
    .where("c.id", "=", id)
    .where("c.owner_id", "is", null)
    .where(memberPools(viewer.id, "c.pool_id"))
    .executeTakeFirst();
  return row ? customerView(row) : null;
}

export async function getVisibleCustomer(db: DbOrTx, viewer: Viewer, id: number) {
  const row = await db
    .selectFrom("customers as c")
    .leftJoin("users as u", "u.id", "c.owner_id")
    .selectAll("c")
    .select("u.name as owner_name")
    .where("c.id", "=", id)
    .where(visible(viewer, "c.owner_id", "c.id", "customer"))
    .executeTakeFirst();
  return row ? customerView(row) : null;
}

export interface DuplicateHit {
  id: number;
  name: string;
  creditCode: string | null;
  reason: "name" | "credit_code";
}

/** Existing customers that look like the same company (normalised name or credit code), across all owners. */
/**
 * The duplicate check as the create form asks while the user types: the same hits as findDuplicates, each marked
 * whether the viewer may open it; a hit the viewer may not see shows its name and owner only (no id to follow).
 */
export async function checkDuplicates(db: DbOrTx, viewer: Viewer, name: string, creditCode: string | null) {
  const hits = name.trim() || creditCode ? await findDuplicates(db, name, creditCode) : [];
  if (!hits.length) return [];
  const ids = hits.map((h) => h.id);
  const seen = new Set(
    (
      await db
        .selectFrom("customers as c")
        .select("c.id")
        .where("c.id", "in", ids)
        .where(visible(viewer, "c.owner_id", "c.id", "customer"))
        .execute()
    ).map((r) => r.id),
  );
  const owners = new Map(
    (
      await db.selectFrom("customers as c").leftJoin("users as u", "u.id", "c.owner_id").select(["c.id", "u.name as owner"]).where("c.id", "in", ids).execute()
    ).map((r) => [r.id, r.owner]),
  );
  return hits.map((h) => ({ id: seen.has(h.id) ? h.id : null, name: h.name, reason: h.reason, ownerName: owners.get(h.id) ?? null, visible: seen.has(h.id) }));
}

export async function findDuplicates(db: DbOrTx, name: string, creditCode: string | null, exceptId?: number): Promise<DuplicateHit[]> {
  const norm = normaliseName(name);
  const code = creditCode ? normaliseCreditCode(creditCode) : null;
  let q = db
    .selectFrom("customers")
    .select(["id", "name", "credit_code", "name_norm"])
    .where((eb) => (code ? eb.or([eb("name_norm", "=", norm), eb("credit_code", "=", code)]) : eb("name_norm", "=", norm)));
  if (exceptId) q = q.where("id", "!=", exceptId);
  const rows = await q.limit(20).execute();
  return rows.map((r) => ({ id: r.id, name: r.name, creditCode: r.credit_code, reason: code && r.credit_code === code ? "credit_code" : "name" }));
}

/** The stages of the customer lifecycle pipeline(s) — the values a customer's lifecycle stage may take. */
export async function lifecycleStages(db: DbOrTx): Promise<LifecycleStage[]> {
  const rows = await db
    .selectFrom("stages as s")
    .innerJoin("pipelines as p", "p.id", "s.pipeline_id")
    .select(["s.key", "s.name_zh", "s.name_en"])
    .where("p.kind", "=", "customer")
    .where("p.archived", "=", 0)
    .where("s.archived_at", "is", null)
    .orderBy("p.id")
    .orderBy("s.position")
    .execute();
  return rows.map((r) => ({ key: r.key, nameZh: r.name_zh, nameEn: r.name_en }));
}

/**
 * The stored lifecycle stage for a value given by a person or a file: its stage key; null stays null. Throws
 * LIFECYCLE_STAGE_UNKNOWN (with the allowed keys) for a value that names no lifecycle stage.
 */
export async function lifecycleKey(db: DbOrTx, value: string | null | undefined, field = "lifecycleStage"): Promise<string | null | undefined> {
  if (value == null || value.trim() === "") return value == null ? value : null;
  const stages = await lifecycleStages(db);
  const key = resolveLifecycleStage(stages, value);
  if (key === undefined) {
    const allowed = stages.map((s) => s.key);
    throw new AppError(
      "LIFECYCLE_STAGE_UNKNOWN",
      allowed.length
        ? `${value} is not a stage of the customer lifecycle (${stages.map((s) => `${s.key} ${s.nameZh}`).join(", ")})`
        : "no customer lifecycle pipeline is set up: install one before giving lifecycle stages",
      field,
      { allowed },
    );
  }
  return key;
}
