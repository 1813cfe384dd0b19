/**
 * Tiering SQL: the viewer's customers, manual KAISM scores, tier assignments and settings. The per-customer order,
 * deal and activity aggregates are in store-totals.ts and store-facts.ts (read models).
 */
import { type Expression, type SqlBool, sql } from "kysely";
import type { Db } from "../db/connect";
import { audit } from "../audit/log";
import { type DbOrTx, inTx } from "../db/tx";
import type { Viewer } from "../access/viewer";
import { writeSetting } from "../db/settings-store";

/** The settings key of the tiering settings. */
export const TIERING_KEY = "tiering";
import { visible, visibleOwners } from "../access/visible";
import { type CommonFilters, filterConditions } from "../access/filters";

export interface Scope {
  viewer: Viewer;
  filters: CommonFilters;
}
/** [from, to) in epoch ms */
export interface Window {
  from: number;
  to: number;
}

/**
 * The customers the viewer may see, narrowed by the shared filters (owner, team, tier). A narrower scope than 全部
 * also carries the owners it can admit (visibleOwners, implied by the rule), so an index leading with the owner finds
 * a rep's customers instead of the rule's OR filtering every customer.
 */
export function customerScope({ viewer, filters }: Scope, idCol = "c.id", ownerCol = "c.owner_id"): Expression<SqlBool> {
  const owners = visibleOwners(viewer, ownerCol, "customer");
  const conds = [visible(viewer, ownerCol, idCol, "customer"), ...(owners ? [owners] : []), ...filterConditions(filters, { owner: ownerCol, customer: idCol })];
  return sql<SqlBool>`(${sql.join(conds, sql` and `)})`;
}

/** The names of these customers (the places a report lists, already within the viewer's scope). */
export async function customerNames(db: Db, ids: readonly number[]): Promise<Map<number, string>> {
  const out = new Map<number, string>();
  for (let i = 0; i < ids.length; i += 900) {
    const chunk = ids.slice(i, i + 900);
    const rows = await db.selectFrom("customers").select(["id", "name"]).where("id", "in", chunk).execute();
    for (const r of rows) out.set(Number(r.id), r.name);
  }
  return out;
}

export async function kaismManualScores(db: Db, scope: Scope): Promise<Map<number, Record<string, number>>> {
  const rows = await db
    .selectFrom("kaism_scores as k")
    .innerJoin("customers as c", "c.id", "k.customer_id")
    .where(customerScope(scope))
    .select(["k.customer_id", "k.criterion", "k.score"])
    .execute();
  const out = new Map<number, Record<string, number>>();
  for (const r of rows) out.set(r.customer_id, { ...(out.get(r.customer_id) ?? {}), [r.criterion]: Number(r.score) });
  return out;
}

export async function setKaismScore(db: DbOrTx, customerId: number, criterion: string, score: number | null, userId: number, now: number) {
  await db.deleteFrom("kaism_scores").where("customer_id", "=", customerId).where("criterion", "=", criterion).execute();
  if (score !== null) await db.insertInto("kaism_scores").values({ customer_id: customerId, criterion, score, updated_by: userId, updated_at: now }).execute();
}

/** The latest tier of every customer in a scheme. */
export async function latestTiers(db: DbOrTx, scheme: string): Promise<Map<number, string>> {
  const rows = await db
    .selectFrom("tier_assignments as ta")
    .where("ta.scheme", "=", scheme)
    .where("ta.computed_at", "=", (eb) =>
      eb
        .selectFrom("tier_assignments as tb")
        .select((e) => e.fn.max("tb.computed_at").as("m"))
        .whereRef("tb.customer_id", "=", "ta.customer_id")
        .whereRef("tb.scheme", "=", "ta.scheme"),
    )
    .select(["ta.customer_id", "ta.tier"])
    .execute();
  return new Map(rows.map((r) => [r.customer_id, r.tier]));
}

export async function insertAssignments(db: DbOrTx, scheme: string, rows: { customerId: number; tier: string; score: number | null }[], now: number) {
  for (let i = 0; i < rows.length; i += 500) {
    await db
      .insertInto("tier_assignments")
      .values(rows.slice(i, i + 500).map((r) => ({ customer_id: r.customerId, scheme, tier: r.tier, score: r.score, computed_at: now })))
      .execute();
  }
}

/** A customer's tier and priority history, newest first. */
export function tierHistory(db: Db, customerId: number) {
  return db
    .selectFrom("tier_assignments")
    .where("customer_id", "=", customerId)
    .select(["scheme", "tier", "score", "computed_at"])
    .orderBy("computed_at", "desc")
    .orderBy("scheme")
    .execute();
}

export async function visibleCustomer(db: Db, viewer: Viewer, id: number) {
  return db
    .selectFrom("customers as c")
    .where("c.id", "=", id)
    .where(visible(viewer, "c.owner_id", "c.id", "customer"))
    .select(["c.id", "c.name", "c.priority", "c.owner_id"])
    .executeTakeFirst();
}

/** Sets a customer's manual KAISM scores (null clears one) with one audit row, in one transaction. */
export async function saveKaismScores(db: Db, viewer: Viewer, customerId: number, scores: Record<string, number | null>, now: number): Promise<void> {
  await inTx(db, async (tx) => {
    for (const [k, v] of Object.entries(scores)) await setKaismScore(tx, customerId, k, v, viewer.id, now);
    await audit(tx, viewer.id, "customer", customerId, "kaism-scores", scores, now);
  });
}

/** Stores the tiering settings with an audit row naming the sections changed, in one transaction. */
export async function saveTieringSettings(db: Db, viewer: Viewer, settings: unknown, sections: string[], now: number): Promise<void> {
  await inTx(db, async (tx) => {
    await writeSetting(tx, TIERING_KEY, settings, now);
    await audit(tx, viewer.id, "settings", 0, "update", { key: "tiering", sections }, now);
  });
}

/** Customers whose priority a person or an import set (the nightly job keeps it). */
export function lockedPriorities(db: DbOrTx) {
  return db
    .selectFrom("customers")
    .select(["id", "priority"])
    .where("priority_source", "in", ["manual", "import"])
    .where("priority", "in", ["high", "medium", "low"])
    .execute() as Promise<Array<{ id: number; priority: string }>>;
}

/** Whether any tier has been computed yet (the tier filters need one evaluation). */
export async function hasTiers(db: DbOrTx): Promise<boolean> {
  return !!(await db.selectFrom("tier_assignments").select("id").limit(1).executeTakeFirst());
}
