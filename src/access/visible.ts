/**
 * Who may see which records, as one SQL condition. A rep sees records they own or that were shared with them; a
 * manager, the records owned by anyone in their team (and their own); an admin, everything. Invisible records
 * answer 404.
 */
import { type Expression, type SqlBool, sql } from "kysely";
import type { Viewer } from "./viewer";

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
