/**
 * Who may read the audit trail of a record: exactly those who may see the record (the one access rule, per entity
 * in entity-access.ts). Settings-like records (pipelines, stages, lost reasons, settings, scenarios) are read by
 * everyone signed in; any other entity by admins. Once a record is deleted, its trail is visible to those who may
 * see the person who deleted it (admins: always).
 */
import { sql } from "kysely";
import type { DbOrTx } from "../db/tx";
import type { Viewer } from "../access/viewer";
import { visible } from "../access/visible";
import { ENTITY_ACCESS } from "./entity-access";

const CONFIG = new Set(["pipeline", "stage", "lost_reason", "setting", "settings", "funnel_scenario", "criterion", "action"]);

/** true when the record exists and the viewer may see it; null when there is no such record (any more). */
async function recordVisible(db: DbOrTx, viewer: Viewer, entity: string, id: number): Promise<boolean | null> {
  const access = ENTITY_ACCESS[entity];
  if (!access) return CONFIG.has(entity) ? true : viewer.role === "admin";
  const seen = await sql<{ one: number }>`select 1 as one where ${id} in ${access.visibleIds(viewer)}`.execute(db);
  if (seen.rows.length) return true;
  const exists = await sql<{ id: number }>`select x.id from ${sql.table(access.table)} x where x.id = ${id}`.execute(db);
  return exists.rows.length ? false : null;
}

/** May the viewer read the audit entries about (entity, id)? Admins always; others when they may see the record. */
export async function auditVisible(db: DbOrTx, viewer: Viewer, entity: string, id: number): Promise<boolean> {
  if (viewer.role === "admin") return true;
  const r = await recordVisible(db, viewer, entity, id);
  if (r !== null) return r;
  // Deleted: readable by those who may see the person who deleted it.
  const gone = await db
    .selectFrom("audit_log as a")
    .select("a.id")
    .where("a.entity", "=", entity)
    .where("a.entity_id", "=", id)
    .where("a.action", "=", "delete")
    .where(sql.ref("a.actor_id"), "is not", null)
    .where(visible(viewer, "a.actor_id"))
    .executeTakeFirst();
  return !!gone;
}
