/** Departments (部门): a tree kept as materialised paths ("/1/4/9/"), its managers, and who sits where. */
import { sql } from "kysely";
import { AppError, notFound } from "../core/errors";
import type { DbOrTx } from "../db/tx";
import { updateVersioned } from "../db/versioned";

export interface DepartmentInput {
  name: string;
  parentId?: number | null;
  managerIds?: number[];
}

async function parentPath(db: DbOrTx, parentId: number | null | undefined): Promise<string> {
  if (parentId == null) return "/";
  const p = await db.selectFrom("departments").select("path").where("id", "=", parentId).executeTakeFirst();
  if (!p) throw new AppError("INVALID", "parentId is not a department", "parentId");
  return p.path;
}

async function assertUsers(db: DbOrTx, ids: number[], field: string): Promise<void> {
  if (!ids.length) return;
  const found = await db.selectFrom("users").select("id").where("id", "in", ids).execute();
  const missing = ids.filter((id) => !found.some((f) => f.id === id));
  if (missing.length) throw new AppError("INVALID", `${field}: no user #${missing.join(", #")}`, field);
}

async function assertUniqueName(db: DbOrTx, name: string, parentId: number | null, exceptId?: number): Promise<void> {
  let q = db.selectFrom("departments").select("id").where("name", "=", name);
  q = parentId == null ? q.where("parent_id", "is", null) : q.where("parent_id", "=", parentId);
  if (exceptId) q = q.where("id", "!=", exceptId);
  if (await q.executeTakeFirst()) throw new AppError("DUPLICATE", `a department named ${name} already exists there`, "name");
}

export async function setManagers(db: DbOrTx, departmentId: number, managerIds: number[]): Promise<void> {
  await assertUsers(db, managerIds, "managerIds");
  await db.deleteFrom("department_managers").where("department_id", "=", departmentId).execute();
  for (const userId of [...new Set(managerIds)]) await db.insertInto("department_managers").values({ department_id: departmentId, user_id: userId }).execute();
}

export async function createDepartment(db: DbOrTx, input: DepartmentInput, now: number): Promise<number> {
  const prefix = await parentPath(db, input.parentId);
  await assertUniqueName(db, input.name, input.parentId ?? null);
  const { id } = await db
    .insertInto("departments")
    .values({ name: input.name, parent_id: input.parentId ?? null, path: `${prefix}?/`, created_at: now, updated_at: now })
    .returning("id")
    .executeTakeFirstOrThrow();
  await db
    .updateTable("departments")
    .set({ path: `${prefix}${id}/` })
    .where("id", "=", id)
    .execute();
  if (input.managerIds) await setManagers(db, id, input.managerIds);
  return id;
}

/** Renames, moves (with the whole subtree) or re-staffs a department; moving under itself or a descendant is refused. */
export async function updateDepartment(
  db: DbOrTx,
  id: number,
  version: number,
  input: Partial<DepartmentInput>,
  now: number,
): Promise<Record<string, unknown>> {
  const cur = await db.selectFrom("departments").selectAll().where("id", "=", id).executeTakeFirst();
  if (!cur) throw notFound("department");
  const parentId = input.parentId === undefined ? cur.parent_id : input.parentId;
  if (input.name !== undefined || input.parentId !== undefined) await assertUniqueName(db, input.name ?? cur.name, parentId, id);
  let path = cur.path;
  if (input.parentId !== undefined && input.parentId !== cur.parent_id) {
    const prefix = await parentPath(db, input.parentId);
    if (prefix.startsWith(cur.path))
      throw new AppError("DEPARTMENT_CYCLE", "a department cannot move under itself or one of its own sub-departments", "parentId", {
        params: { id, parentId: input.parentId },
      });
    path = `${prefix}${id}/`;
  }
  const before = await updateVersioned(db, "departments", id, version, { name: input.name, parent_id: parentId, path, updated_at: now }, "department");
  if (path !== cur.path)
    await db
      .updateTable("departments")
      .set({ path: sql`${path} || substr(path, ${cur.path.length + 1})` })
      .where("path", "like", `${cur.path}%`)
      .where("id", "!=", id)
      .execute();
  if (input.managerIds) await setManagers(db, id, input.managerIds);
  return before;
}

export async function deleteDepartment(db: DbOrTx, id: number): Promise<void> {
  const cur = await db.selectFrom("departments").select("id").where("id", "=", id).executeTakeFirst();
  if (!cur) throw notFound("department");
  const child = await db.selectFrom("departments").select("id").where("parent_id", "=", id).limit(1).executeTakeFirst();
  const member = await db.selectFrom("users").select("id").where("department_id", "=", id).limit(1).executeTakeFirst();
  if (child || member)
    throw new AppError("DEPARTMENT_NOT_EMPTY", "move the department's members and sub-departments first", "id", {
      params: { children: child ? 1 : 0, members: member ? 1 : 0 },
    });
  await db.deleteFrom("department_managers").where("department_id", "=", id).execute();
  await db.deleteFrom("pool_members").where("department_id", "=", id).execute();
  await db.deleteFrom("departments").where("id", "=", id).execute();
}

/** Puts a user in a department; when no leader is given and none is set, the department's first manager leads them. */
export async function placeUser(db: DbOrTx, userId: number, departmentId: number | null, leaderId?: number | null): Promise<void> {
  if (departmentId != null && !(await db.selectFrom("departments").select("id").where("id", "=", departmentId).executeTakeFirst()))
    throw new AppError("INVALID", "departmentId is not a department", "departmentId");
  if (leaderId === userId) throw new AppError("INVALID", "a user cannot lead themselves", "leaderId");
  if (leaderId != null) await assertUsers(db, [leaderId], "leaderId");
  let leader = leaderId;
  if (leader === undefined && departmentId != null) {
    const m = await db
      .selectFrom("department_managers")
      .select("user_id")
      .where("department_id", "=", departmentId)
      .where("user_id", "!=", userId)
      .orderBy("id")
      .limit(1)
      .executeTakeFirst();
    leader = m?.user_id ?? null;
  }
  await db
    .updateTable("users")
    .set({ department_id: departmentId, ...(leader === undefined ? {} : { leader_id: leader }) })
    .where("id", "=", userId)
    .execute();
}

export async function listDepartments(db: DbOrTx) {
  const [deps, managers, counts] = await Promise.all([
    db.selectFrom("departments").selectAll().orderBy("path").execute(),
    db
      .selectFrom("department_managers as m")
      .innerJoin("users as u", "u.id", "m.user_id")
      .select(["m.department_id", "u.id", "u.name"])
      .orderBy("m.id")
      .execute(),
    db
      .selectFrom("users")
      .select(["department_id", (eb) => eb.fn.countAll<number>().as("n")])
      .where("active", "=", 1)
      .groupBy("department_id")
      .execute(),
  ]);
  return deps.map((d) => ({
    id: d.id,
    name: d.name,
    parentId: d.parent_id,
    path: d.path,
    depth: d.path.split("/").length - 3,
    version: d.version,
    managers: managers.filter((m) => m.department_id === d.id).map((m) => ({ id: m.id, name: m.name })),
    memberCount: Number(counts.find((c) => c.department_id === d.id)?.n ?? 0),
  }));
}
