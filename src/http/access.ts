/**
 * Who may see which records. A rep sees records they own or that were shared with them; a manager, the
 * records owned by anyone in their team (and their own); an admin, everything. Invisible records answer 404.
 */
import { type Expression, type SqlBool, sql } from "kysely";
import { AppError, forbidden } from "../core/errors";
import type { DbOrTx } from "../db/tx";

export type Role = "admin" | "manager" | "rep";

export interface Viewer {
  id: number;
  role: Role;
  teamId: number | null;
  name: string;
  email: string;
  locale: string;
}

/**
 * A SQL condition that is true for rows the viewer may see. `ownerCol` is the owning user's column
 * (e.g. "o.owner_id"); `idCol` + `entity` also admit rows shared with a rep through record_shares.
 *
 *   db.selectFrom("opportunities as o").where(visible(viewer, "o.owner_id", "o.id", "opportunity"))
 */
export function visible(viewer: Viewer, ownerCol: string, idCol?: string, entity?: "customer" | "opportunity"): Expression<SqlBool> {
  if (viewer.role === "admin") return sql<SqlBool>`1 = 1`;
  const owner = sql.ref(ownerCol);
  if (viewer.role === "manager") {
    if (viewer.teamId == null) return sql<SqlBool>`${owner} = ${viewer.id}`;
    return sql<SqlBool>`(${owner} = ${viewer.id} or ${owner} in (select u.id from users u where u.team_id = ${viewer.teamId}))`;
  }
  if (idCol && entity) {
    return sql<SqlBool>`(${owner} = ${viewer.id} or ${sql.ref(idCol)} in (select s.entity_id from record_shares s where s.entity = ${entity} and s.user_id = ${viewer.id}))`;
  }
  return sql<SqlBool>`${owner} = ${viewer.id}`;
}

/** Throws 403 unless the viewer has one of the roles. */
export function requireRole(viewer: Viewer, ...roles: Role[]): void {
  if (!roles.includes(viewer.role)) throw forbidden(`requires role ${roles.join(" or ")}`);
}

/**
 * Checks that `ownerId` is a user the viewer may assign a record to (a rep only to themselves; a manager within
 * the team; an admin to anyone): 400 naming ownerId when there is no such user, 403 when it is not allowed.
 */
export async function assertCanAssign(db: DbOrTx, viewer: Viewer, ownerId: number): Promise<void> {
  const owner = await db.selectFrom("users").select(["id", "team_id"]).where("id", "=", ownerId).executeTakeFirst();
  if (!owner) throw new AppError("INVALID", "ownerId is not a user", "ownerId");
  if (viewer.role === "admin") return;
  if (viewer.role === "manager" && (owner.id === viewer.id || (owner.team_id != null && owner.team_id === viewer.teamId))) return;
  if (viewer.role === "rep" && owner.id === viewer.id) return;
  throw new AppError("FORBIDDEN", "you may not assign records to this owner", "owner_id");
}
