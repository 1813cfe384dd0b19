/** Loads a user's place in the organisation (department, managed departments, data scope) for the viewer. */
import type { DbOrTx } from "../db/tx";
import type { DataScope } from "../db/schema";
import { defaultScope, type Role, type ViewerOrg } from "./viewer";

/**
 * The organisation part of a viewer. `role_scope` may come joined with the user row (the sign-in lookup does so);
 * only the department scopes (本部门, 本部门及下属部门) need the departments, read in one query.
 */
export async function loadViewerOrg(
  db: DbOrTx,
  user: { id: number; role: Role; department_id: number | null; data_scope: DataScope | null; role_scope?: DataScope | null },
  at: number,
): Promise<ViewerOrg> {
  const roleScope = user.data_scope
    ? null
    : user.role_scope !== undefined
      ? user.role_scope
      : ((await db.selectFrom("role_scopes").select("scope").where("role", "=", user.role).executeTakeFirst())?.scope ?? null);
  const scope = user.data_scope ?? roleScope ?? defaultScope(user.role);
  const deps =
    scope === "dept" || scope === "dept_and_below"
      ? await db
          .selectFrom("departments")
          .select(["id", "path"])
          .where((eb) =>
            eb.or([
              eb("id", "=", user.department_id ?? -1),
              eb("id", "in", eb.selectFrom("department_managers").select("department_id").where("user_id", "=", user.id)),
            ]),
          )
          .orderBy("id")
          .execute()
      : [];
  return { departmentId: user.department_id, scope, deptIds: deps.map((d) => d.id), deptPaths: deps.map((d) => d.path), at };
}
