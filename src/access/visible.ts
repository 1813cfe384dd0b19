/**
 * The one access rule, as SQL conditions. A record is visible when its owner is among the users the viewer's data
 * scope covers (本人, 本人及下属, 本部门, 本部门及下属部门, 全部) or it is shared, unexpired, with the viewer or the
 * viewer's department. Editable adds: shares must be read-write. Invisible records answer 404.
 */
import { type Expression, type RawBuilder, type SqlBool, sql } from "kysely";
import { scopeOf, type Viewer } from "./viewer";

type Entity = "customer" | "opportunity";

/**
 * The ids of the users whose records the viewer's scope covers, as a subquery (null: everyone). Always includes
 * the viewer. Subordinates follow users.leader_id transitively; departments follow the tree by path prefix.
 */
export function scopeUsers(viewer: Viewer): RawBuilder<unknown> | null {
  const scope = scopeOf(viewer);
  if (scope === "all") return null;
  const me = viewer.id;
  if (scope === "self_and_subordinates")
    return sql`(with recursive sub(id) as (select cast(${me} as bigint) as id union select u.id from users u join sub on u.leader_id = sub.id) select id from sub)`;
  const org = viewer.org;
  if (scope === "self") return sql`(select cast(${me} as bigint) as id)`;
  // A viewer without organisation data (legacy callers): department means the viewer's team.
  if (!org)
    return viewer.teamId == null
      ? sql`(select cast(${me} as bigint) as id)`
      : sql`(select u.id from users u where u.id = ${me} or u.team_id = ${viewer.teamId})`;
  if (!org.deptIds.length) return sql`(select cast(${me} as bigint) as id)`;
  if (scope === "dept") return sql`(select u.id from users u where u.id = ${me} or u.department_id in (${sql.join(org.deptIds)}))`;
  const prefixes = sql.join(
    org.deptPaths.map((p) => sql`d.path like ${p + "%"}`),
    sql` or `,
  );
  return sql`(select u.id from users u where u.id = ${me} or u.department_id in (select d.id from departments d where ${prefixes}))`;
}

function shared(viewer: Viewer, idCol: string, entity: Entity, writeOnly: boolean): RawBuilder<SqlBool> {
  const at = viewer.org?.at ?? Date.now();
  const dept = viewer.org?.departmentId ?? null;
  const who = dept == null ? sql`s.user_id = ${viewer.id}` : sql`(s.user_id = ${viewer.id} or s.department_id = ${dept})`;
  const access = writeOnly ? sql` and s.access = 'write'` : sql``;
  return sql<SqlBool>`${sql.ref(idCol)} in (select s.entity_id from record_shares s where s.entity = ${entity} and ${who}${access} and (s.expires_at is null or s.expires_at > ${at}))`;
}

function rule(viewer: Viewer, ownerCol: string, idCol: string | undefined, entity: Entity | undefined, writeOnly: boolean): Expression<SqlBool> {
  const users = scopeUsers(viewer);
  if (users == null) return sql<SqlBool>`1 = 1`;
  const owner = sql.ref(ownerCol);
  const own = scopeOf(viewer) === "self" ? sql<SqlBool>`${owner} = ${viewer.id}` : sql<SqlBool>`${owner} in ${users}`;
  if (idCol && entity) return sql<SqlBool>`(${own} or ${shared(viewer, idCol, entity, writeOnly)})`;
  return own;
}

/**
 * An implied condition for scoped reads: the owners a row the viewer may see can have — the users the scope covers,
 * and the owners of the records shared with the viewer (or their department). Adding it beside visible() changes no
 * answer (every visible row satisfies it), and lets an index leading with the owner column find a rep's or a
 * department's rows instead of the OR in visible() filtering the whole table. Null for 全部 (nothing to narrow).
 */
export function visibleOwners(viewer: Viewer, ownerCol: string, entity: Entity): Expression<SqlBool> | null {
  const users = scopeUsers(viewer);
  if (users == null) return null;
  const table = entity === "opportunity" ? sql`opportunities` : sql`customers`;
  // the scope's ids themselves, not joined to users: a row whose owner has no users row is still the viewer's own
  return sql<SqlBool>`${sql.ref(ownerCol)} in (select vu.id from ${users} vu
    union select sr.owner_id from ${table} sr where ${shared(viewer, "sr.id", entity, false)})`;
}

/** Rows shared, unexpired, with the viewer or the viewer's department (the second branch of visible()), by id column. */
export function sharedWith(viewer: Viewer, idCol: string, entity: Entity): RawBuilder<SqlBool> {
  return shared(viewer, idCol, entity, false);
}

/** An owner column among literal ids (`1 = 0` for none). */
export const ownerAmong = (ownerCol: string, ids: readonly number[]): Expression<SqlBool> =>
  ids.length ? sql<SqlBool>`${sql.ref(ownerCol)} in (${sql.join(ids.map((i) => sql.lit(i)))})` : sql<SqlBool>`1 = 0`;

/**
 * visible() with the scope's users given as literals (resolveOwners().scope): owned by one of them, or shared with
 * the viewer. The same rows as visible(viewer, ownerCol, idCol, entity) at the same instant.
 */
export function visibleAmong(viewer: Viewer, scopeIds: readonly number[], ownerCol: string, idCol: string, entity: Entity): Expression<SqlBool> {
  return sql<SqlBool>`(${ownerAmong(ownerCol, scopeIds)} or ${shared(viewer, idCol, entity, false)})`;
}

/**
 * The ids of the records the viewer may see, as a subquery of two index-friendly branches (null for 全部): those
 * owned by a user the scope covers (for 本人 an owner-index range) union those shared with the viewer. The same set as
 * `where visible(…)` on the entity's table, for `id in (…)` on a table keyed by the record (the stage_visits read
 * model): "owned or shared" as one OR can use no index, so PostgreSQL scanned every opportunity for one rep.
 */
export function visibleIds(viewer: Viewer, entity: Entity): RawBuilder<unknown> | null {
  const users = scopeUsers(viewer);
  if (users == null) return null;
  const table = entity === "opportunity" ? sql`opportunities` : sql`customers`;
  const own = scopeOf(viewer) === "self" ? sql`vi.owner_id = ${viewer.id}` : sql`vi.owner_id in ${users}`;
  return sql`(select vi.id from ${table} vi where ${own} union select vs.id from ${table} vs where ${shared(viewer, "vs.id", entity, false)})`;
}

/**
 * A key naming everything the rule (visible(), editable(), visibleOwners(), visibleIds()) reads from the viewer apart
 * from the clock (org.at): viewers with equal keys get the same SQL and parameters at the same instant, so a query
 * built once per key (src/db/precompiled.ts) serves them all. Name, e-mail, locale and token scope are not in it.
 */
export function ruleKey(viewer: Viewer): string {
  const org = viewer.org;
  const where = org ? `${org.departmentId}|${org.deptIds.join(",")}|${JSON.stringify(org.deptPaths)}` : `team ${viewer.teamId}`;
  return `${scopeOf(viewer)}|${viewer.id}|${where}`;
}

/**
 * A SQL condition that is true for rows the viewer may see. `ownerCol` is the owning user's column
 * (e.g. "o.owner_id"); `idCol` + `entity` also admit rows shared with the viewer or their department.
 *
 *   db.selectFrom("opportunities as o").where(visible(viewer, "o.owner_id", "o.id", "opportunity"))
 */
export function visible(viewer: Viewer, ownerCol: string, idCol?: string, entity?: Entity): Expression<SqlBool> {
  return rule(viewer, ownerCol, idCol, entity, false);
}

/** Like visible(), but only read-write shares count: the rows the viewer may change. */
export function editable(viewer: Viewer, ownerCol: string, idCol?: string, entity?: Entity): Expression<SqlBool> {
  return rule(viewer, ownerCol, idCol, entity, true);
}

/**
 * True when a department (by id column) lies wholly inside the viewer's scope, so its aggregate lines (forecast
 * snapshots, targets' attainment) may be shown: 全部 every department, 本部门 the viewer's and managed departments,
 * 本部门及下属部门 those and every department below them; 本人 and 本人及下属 no department. A viewer without
 * organisation data (legacy callers) covers the department with their team's id (migration 070 kept the ids).
 */
export function coversDepartment(viewer: Viewer, deptCol: string): Expression<SqlBool> {
  const scope = scopeOf(viewer);
  const col = sql.ref(deptCol);
  if (scope === "all") return sql<SqlBool>`1 = 1`;
  if (scope === "self" || scope === "self_and_subordinates") return sql<SqlBool>`1 = 0`;
  const org = viewer.org;
  if (!org) return viewer.teamId == null ? sql<SqlBool>`1 = 0` : sql<SqlBool>`${col} = ${viewer.teamId}`;
  if (!org.deptIds.length) return sql<SqlBool>`1 = 0`;
  if (scope === "dept") return sql<SqlBool>`${col} in (${sql.join(org.deptIds)})`;
  const prefixes = sql.join(
    org.deptPaths.map((p) => sql`d.path like ${p + "%"}`),
    sql` or `,
  );
  return sql<SqlBool>`${col} in (select d.id from departments d where ${prefixes})`;
}

/**
 * A key naming what the viewer's scope admits, for caches of scoped reports: equal keys see equal rows. 全部 is one
 * key for everyone; any narrower scope is the viewer's own (shares and subordinates are per person), with the scope
 * and departments so a changed scope is a new key.
 */
export function scopeKey(viewer: Viewer): string {
  const scope = scopeOf(viewer);
  if (scope === "all") return "all";
  return `${viewer.id}:${scope}:${viewer.org?.deptIds.join(",") ?? `team${viewer.teamId}`}`;
}

/** True when the user id is one the viewer's scope covers (the viewer, subordinates, department members …). */
export function coversUser(viewer: Viewer, userCol: string): Expression<SqlBool> {
  const users = scopeUsers(viewer);
  return users == null ? sql<SqlBool>`1 = 1` : sql<SqlBool>`${sql.ref(userCol)} in ${users}`;
}
