/** Organisation storage beyond the department tree: members with their effective scope, a user's placement, data scopes per role. */
import { DATA_SCOPES, type DataScope, defaultScope, type Role, type Viewer } from "../access/viewer";
import { coversUser } from "../access/visible";
import { audit } from "../audit/log";
import { notFound } from "../core/errors";
import type { Db } from "../db/connect";
import { inTx } from "../db/tx";
import { placeUser } from "./departments-store";

const ROLES: Role[] = ["rep", "manager", "admin"];

/** Members with department, leader and scope; non-admins see the people their own scope covers. */
export async function listMembers(db: Db, viewer: Viewer, department?: number) {
  let q = db
    .selectFrom("users as u")
    .leftJoin("departments as d", "d.id", "u.department_id")
    .leftJoin("users as l", "l.id", "u.leader_id")
    .select([
      "u.id",
      "u.name",
      "u.email",
      "u.role",
      "u.active",
      "u.department_id",
      "d.name as department_name",
      "u.leader_id",
      "l.name as leader_name",
      "u.data_scope",
    ])
    .where(coversUser(viewer, "u.id"))
    .orderBy("u.id");
  if (department) q = q.where("u.department_id", "=", department);
  const roleScopes = await db.selectFrom("role_scopes").selectAll().execute();
  const rows = await q.execute();
  return rows.map((u) => ({
    id: u.id,
    name: u.name,
    email: u.email,
    role: u.role,
    active: !!u.active,
    departmentId: u.department_id,
    departmentName: u.department_name,
    leaderId: u.leader_id,
    leaderName: u.leader_name,
    dataScope: u.data_scope,
    effectiveScope: u.data_scope ?? roleScopes.find((r) => r.role === u.role)?.scope ?? defaultScope(u.role),
  }));
}

export type OrgChange = { departmentId?: number | null; leaderId?: number | null; dataScope?: DataScope | null };

/** Places a user (department, leader) and sets their own data scope, with its audit row, in one transaction; an unknown user is 404. */
export async function setUserOrg(db: Db, actorId: number, userId: number, b: OrgChange, now: number): Promise<void> {
  await inTx(db, async (tx) => {
    if (!(await tx.selectFrom("users").select("id").where("id", "=", userId).executeTakeFirst())) throw notFound("user");
    if (b.departmentId !== undefined || b.leaderId !== undefined) {
      const cur = await tx.selectFrom("users").select(["department_id"]).where("id", "=", userId).executeTakeFirstOrThrow();
      await placeUser(tx, userId, b.departmentId === undefined ? cur.department_id : b.departmentId, b.leaderId);
    }
    if (b.dataScope !== undefined) await tx.updateTable("users").set({ data_scope: b.dataScope }).where("id", "=", userId).execute();
    await audit(tx, actorId, "user", userId, "organisation", b, now);
  });
}

/** Every role's data scope, and whether it is the built-in default. */
export async function listRoleScopes(db: Db) {
  const rows = await db.selectFrom("role_scopes").selectAll().execute();
  return {
    scopes: DATA_SCOPES,
    roles: ROLES.map((role) => ({
      role,
      scope: rows.find((r) => r.role === role)?.scope ?? defaultScope(role),
      isDefault: !rows.some((r) => r.role === role),
    })),
  };
}

/** Sets a role's data scope with its audit row in one transaction. */
export async function setRoleScope(db: Db, actorId: number, role: Role, scope: DataScope, now: number): Promise<void> {
  await inTx(db, async (tx) => {
    await tx
      .insertInto("role_scopes")
      .values({ role, scope, updated_at: now })
      .onConflict((oc) => oc.column("role").doUpdateSet({ scope, updated_at: now }))
      .execute();
    await audit(tx, actorId, "data_scope", 0, "update", { role, scope }, now);
  });
}
