/** Which targets a viewer may read: the company's; a department's ("team") their scope covers or their own; a person's their scope covers. */
import { type Expression, type SqlBool, sql } from "kysely";
import type { Viewer } from "./viewer";
import { coversDepartment, coversUser } from "./visible";

/**
 * The condition on a targets row (alias `t`). A "team" target is a department's: migration 070 made every team a
 * department with the same id. A rep reads the company's target and their own department's, never a colleague's.
 */
export function targetReadable(viewer: Viewer, t = "targets"): Expression<SqlBool> {
  const col = (c: string) => sql.ref(`${t}.${c}`);
  const own = viewer.org?.departmentId ?? viewer.teamId;
  const ownDept = own == null ? sql<SqlBool>`1 = 0` : sql<SqlBool>`${col("scope_id")} = ${own}`;
  return sql<SqlBool>`(${col("scope")} = 'company'
    or (${col("scope")} = 'team' and (${coversDepartment(viewer, `${t}.scope_id`)} or ${ownDept}))
    or (${col("scope")} = 'user' and ${coversUser(viewer, `${t}.scope_id`)}))`;
}
