/**
 * Who may read the audit trail of a record: exactly those who may see the record (the one access rule in
 * visible()). Child records (contacts, activities, quotes, contracts, payments, satisfaction) follow their
 * customer or opportunity; settings-like records (pipelines, stages, lost reasons, settings, scenarios) are read
 * by admins and managers; people by admins and the managers of their team. Once a record is deleted, its trail is
 * visible to those who may see the person who deleted it (admins: always).
 */
import { sql } from "kysely";
import type { DbOrTx } from "../db/tx";
import type { Viewer } from "../access/viewer";
import { visible } from "../access/visible";

const CONFIG = new Set(["pipeline", "stage", "lost_reason", "setting", "settings", "funnel_scenario", "criterion", "action"]);

/** true when the record exists and the viewer may see it; null when there is no such record (any more). */
async function recordVisible(db: DbOrTx, viewer: Viewer, entity: string, id: number): Promise<boolean | null> {
  const seen = async (q: { executeTakeFirst(): Promise<unknown> }, exists: { executeTakeFirst(): Promise<unknown> }) =>
    (await q.executeTakeFirst()) ? true : (await exists.executeTakeFirst()) ? false : null;
  const customerVisible = visible(viewer, "c.owner_id", "c.id", "customer");
  const oppVisible = visible(viewer, "o.owner_id", "o.id", "opportunity");
  switch (entity) {
    case "customer":
      return seen(db.selectFrom("customers as c").select("c.id").where("c.id", "=", id).where(customerVisible),
        db.selectFrom("customers").select("id").where("id", "=", id));
    case "opportunity":
      return seen(db.selectFrom("opportunities as o").select("o.id").where("o.id", "=", id).where(oppVisible),
        db.selectFrom("opportunities").select("id").where("id", "=", id));
    case "contact":
      return seen(db.selectFrom("contacts as k").innerJoin("customers as c", "c.id", "k.customer_id").select("k.id").where("k.id", "=", id).where(customerVisible),
        db.selectFrom("contacts").select("id").where("id", "=", id));
    case "satisfaction":
      return seen(db.selectFrom("satisfaction as s").innerJoin("customers as c", "c.id", "s.customer_id").select("s.id").where("s.id", "=", id).where(customerVisible),
        db.selectFrom("satisfaction").select("id").where("id", "=", id));
    case "activity":
      return seen(db.selectFrom("activities as a").innerJoin("customers as c", "c.id", "a.customer_id").select("a.id").where("a.id", "=", id)
        .where((eb) => eb.or([visible(viewer, "a.owner_id"), customerVisible])), db.selectFrom("activities").select("id").where("id", "=", id));
    case "quote":
      return seen(db.selectFrom("quotes as q").innerJoin("opportunities as o", "o.id", "q.opportunity_id").select("q.id").where("q.id", "=", id).where(oppVisible),
        db.selectFrom("quotes").select("id").where("id", "=", id));
    case "contract":
      return seen(db.selectFrom("contracts as k").innerJoin("customers as c", "c.id", "k.customer_id").select("k.id").where("k.id", "=", id).where(customerVisible),
        db.selectFrom("contracts").select("id").where("id", "=", id));
    case "payment":
      return seen(db.selectFrom("payments as p").innerJoin("contracts as k", "k.id", "p.contract_id").innerJoin("customers as c", "c.id", "k.customer_id")
        .select("p.id").where("p.id", "=", id).where(customerVisible), db.selectFrom("payments").select("id").where("id", "=", id));
    case "forecast_submission":
      return seen(db.selectFrom("forecast_submissions as fs").select("fs.id").where("fs.id", "=", id).where(visible(viewer, "fs.user_id")),
        db.selectFrom("forecast_submissions").select("id").where("id", "=", id));
    case "user":
      return seen(db.selectFrom("users as u").select("u.id").where("u.id", "=", id).where(visible(viewer, "u.id")),
        db.selectFrom("users").select("id").where("id", "=", id));
    case "team":
      if (viewer.role === "admin" || viewer.teamId === id) return true;
      return (await db.selectFrom("teams").select("id").where("id", "=", id).executeTakeFirst()) ? false : null;
    case "target": {
      const t = await db.selectFrom("targets").select(["scope", "scope_id"]).where("id", "=", id).executeTakeFirst();
      if (!t) return null;
      if (viewer.role === "admin" || t.scope === "company") return true;
      if (t.scope === "team") return t.scope_id === viewer.teamId;
      return !!(await db.selectFrom("users as u").select("u.id").where("u.id", "=", Number(t.scope_id)).where(visible(viewer, "u.id")).executeTakeFirst());
    }
    default:
      return CONFIG.has(entity) ? true : viewer.role === "admin";
  }
}

/** May the viewer read the audit entries about (entity, id)? Admins always; others when they may see the record. */
export async function auditVisible(db: DbOrTx, viewer: Viewer, entity: string, id: number): Promise<boolean> {
  if (viewer.role === "admin") return true;
  const r = await recordVisible(db, viewer, entity, id);
  if (r !== null) return r;
  // Deleted: readable by those who may see the person who deleted it.
  const gone = await db.selectFrom("audit_log as a").select("a.id").where("a.entity", "=", entity).where("a.entity_id", "=", id)
    .where("a.action", "=", "delete").where(sql.ref("a.actor_id"), "is not", null).where(visible(viewer, "a.actor_id")).executeTakeFirst();
  return !!gone;
}
