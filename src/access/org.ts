/** Loads a user's place in the organisation (department, managed departments, data scope) for the viewer. */
import type { DbOrTx } from "../db/tx";
import type { DataScope } from "../db/schema";
import { defaultScope, type Role, type ViewerOrg } from "./viewer";

export async function loadViewerOrg(
  db: DbOrTx,
  user: { id: number; role: Role; department_id: number | null; data_scope: DataScope | null },
  at: number,
): Promise<ViewerOrg> {
  const managed = await db.selectFrom("department_managers").select("department_id").where("user_id", "=", user.id).execute();
  const deptIds = [...new Set([...(user.department_id != null ? [user.department_id] : []), ...managed.map((m) => m.department_id)])];
  const deps = deptIds.length ? await db.selectFrom("departments").select(["id", "path"]).where("id", "in", deptIds).execute() : [];
  const roleScope = user.data_scope ? null : await db.selectFrom("role_scopes").select("scope").where("role", "=", user.role).executeTakeFirst();
  return {
    departmentId: user.department_id,
    scope: user.data_scope ?? roleScope?.scope ?? defaultScope(user.role),
    deptIds: deps.map((d) => d.id),
    deptPaths: deps.map((d) => d.path),
    at,
  };
}
