/**
 * Which audit entries a viewer may read, as one SQL condition for listing many (src/audit/visibility.ts answers for
 * one record): entries of records the one access rule lets them see, per entity in entity-access.ts (customers,
 * opportunities and what hangs off them, people, forecast submissions, departments, targets), and, for an admin or
 * the 全部 scope, everything.
 */
import { type Expression, type SqlBool, sql } from "kysely";
import { scopeOf, type Viewer } from "../access/viewer";
import { ENTITY_ACCESS } from "./entity-access";

export function auditRowsVisible(viewer: Viewer, a = "a"): Expression<SqlBool> {
  if (viewer.role === "admin" || scopeOf(viewer) === "all") return sql<SqlBool>`1 = 1`;
  const entity = sql.ref(`${a}.entity`);
  const id = sql.ref(`${a}.entity_id`);
  const cases = Object.entries(ENTITY_ACCESS).map(([name, access]) => sql`(${entity} = ${name} and ${id} in ${access.visibleIds(viewer)})`);
  return sql<SqlBool>`(${sql.join(cases, sql` or `)})`;
}
