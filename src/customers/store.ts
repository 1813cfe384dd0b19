/** Customer records: reads scoped to the viewer, duplicate lookup, and the API shape. */
import { sql } from "kysely";
import type { Row } from "../db/schema";
import type { DbOrTx } from "../db/tx";
import type { Viewer } from "../access/viewer";
import { visible } from "../access/visible";
import { type CommonFilters, filterConditions } from "../access/filters";
import { normaliseCreditCode, normaliseName } from "./normalise";

export const customerView = (c: Row<"customers"> & { owner_name?: string | null }) => ({
  id: c.id, externalId: c.external_id, name: c.name, creditCode: c.credit_code, industry: c.industry, region: c.region,
  sizeBand: c.size_band, channel: c.channel, ownerId: c.owner_id, ownerName: c.owner_name ?? null, creditRating: c.credit_rating,
  prospectRating: c.prospect_rating, lifecycleStage: c.lifecycle_stage, priority: c.priority, tags: parseTags(c.tags),
  notes: c.notes, duplicateOf: c.duplicate_of, nextFollowUpDate: c.next_follow_up_date, createdAt: c.created_at,
  updatedAt: c.updated_at, version: c.version,
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

export interface CustomerQuery extends CommonFilters { q?: string; priority?: string; sort?: string; limit: number; cursor?: string }

export async function listCustomers(db: DbOrTx, viewer: Viewer, f: CustomerQuery) {
  let q = db.selectFrom("customers as c").leftJoin("users as u", "u.id", "c.owner_id").selectAll("c").select("u.name as owner_name")
    .where(visible(viewer, "c.owner_id", "c.id", "customer"));
  for (const cond of filterConditions(f, { owner: "c.owner_id", customer: "c.id" })) q = q.where(cond);
  if (f.q) {
    const like = `%${f.q.trim().toLowerCase()}%`;
    q = q.where((eb) => eb.or([eb(sql`lower(c.name)`, "like", like), eb("c.credit_code", "like", like.toUpperCase()), eb("c.external_id", "like", like)]));
  }
  if (f.priority) q = q.where("c.priority", "=", f.priority);
  const sort = f.sort ?? "name";
  const desc = sort.startsWith("-");
  const col = ({ name: "c.name", updated_at: "c.updated_at", created_at: "c.created_at", priority: "c.priority" } as const)[sort.replace(/^-/, "") as "name"] ?? "c.name";
  const rows = await q.orderBy(col, desc ? "desc" : "asc").orderBy("c.id").limit(f.limit + 1).offset(Number(f.cursor ?? 0)).execute();
  return rows.map(customerView);
}

export async function getVisibleCustomer(db: DbOrTx, viewer: Viewer, id: number) {
  const row = await db.selectFrom("customers as c").leftJoin("users as u", "u.id", "c.owner_id").selectAll("c").select("u.name as owner_name")
    .where("c.id", "=", id).where(visible(viewer, "c.owner_id", "c.id", "customer")).executeTakeFirst();
  return row ? customerView(row) : null;
}

export interface DuplicateHit { id: number; name: string; creditCode: string | null; reason: "name" | "credit_code" }

/** Existing customers that look like the same company (normalised name or credit code), across all owners. */
/**
 * The duplicate check as the create form asks while the user types: the same hits as findDuplicates, each marked
 * whether the viewer may open it; a hit the viewer may not see shows its name and owner only (no id to follow).
 */
export async function checkDuplicates(db: DbOrTx, viewer: Viewer, name: string, creditCode: string | null) {
  const hits = name.trim() || creditCode ? await findDuplicates(db, name, creditCode) : [];
  if (!hits.length) return [];
  const ids = hits.map((h) => h.id);
  const seen = new Set((await db.selectFrom("customers as c").select("c.id").where("c.id", "in", ids).where(visible(viewer, "c.owner_id", "c.id", "customer")).execute()).map((r) => r.id));
  const owners = new Map((await db.selectFrom("customers as c").leftJoin("users as u", "u.id", "c.owner_id").select(["c.id", "u.name as owner"]).where("c.id", "in", ids).execute()).map((r) => [r.id, r.owner]));
  return hits.map((h) => ({ id: seen.has(h.id) ? h.id : null, name: h.name, reason: h.reason, ownerName: owners.get(h.id) ?? null, visible: seen.has(h.id) }));
}

export async function findDuplicates(db: DbOrTx, name: string, creditCode: string | null, exceptId?: number): Promise<DuplicateHit[]> {
  const norm = normaliseName(name);
  const code = creditCode ? normaliseCreditCode(creditCode) : null;
  let q = db.selectFrom("customers").select(["id", "name", "credit_code", "name_norm"])
    .where((eb) => (code ? eb.or([eb("name_norm", "=", norm), eb("credit_code", "=", code)]) : eb("name_norm", "=", norm)));
  if (exceptId) q = q.where("id", "!=", exceptId);
  const rows = await q.limit(20).execute();
  return rows.map((r) => ({ id: r.id, name: r.name, creditCode: r.credit_code, reason: code && r.credit_code === code ? "credit_code" : "name" }));
}
