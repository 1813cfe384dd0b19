/** People and teams in the database: the lists a viewer may read, and admin writes, each with its audit row in one transaction. */
import { userTeamChanged } from "../readmodels/maintain";
import { audit } from "../audit/log";
import type { Role, Viewer } from "../access/viewer";
import { coversUser } from "../access/visible";
import { AppError, notFound } from "../core/errors";
import type { Db } from "../db/connect";
import { type DbOrTx, inTx } from "../db/tx";
import { endOtherSignIns, type Keep } from "./sign-ins-store";

export interface UserView {
  id: number;
  email: string;
  name: string;
  role: Role;
  teamId: number | null;
  teamName: string | null;
  active: boolean;
  locale: string;
}

/** The people the viewer's data scope covers (全部: everyone; 本人: themselves; 本部门…: the department's people). */
export async function listUsers(db: DbOrTx, viewer: Viewer): Promise<UserView[]> {
  let q = db
    .selectFrom("users as u")
    .leftJoin("teams as t", "t.id", "u.team_id")
    .select(["u.id", "u.email", "u.name", "u.role", "u.team_id", "t.name as team_name", "u.active", "u.locale"])
    .orderBy("u.id");
  q = q.where(coversUser(viewer, "u.id"));
  const rows = await q.execute();
  return rows.map((u) => ({
    id: u.id,
    email: u.email,
    name: u.name,
    role: u.role,
    teamId: u.team_id,
    teamName: u.team_name,
    active: !!u.active,
    locale: u.locale,
  }));
}

async function assertTeam(tx: DbOrTx, teamId: number | null | undefined): Promise<void> {
  if (teamId == null) return;
  if (!(await tx.selectFrom("teams").select("id").where("id", "=", teamId).executeTakeFirst())) throw new AppError("INVALID", "teamId is not a team", "teamId");
}

export interface NewUser {
  email: string;
  name: string;
  role: Role;
  teamId?: number | null;
  passwordHash: string;
}

export async function createUser(db: Db, actor: Viewer, u: NewUser, now: number): Promise<number> {
  return inTx(db, async (tx) => {
    if (await tx.selectFrom("users").select("id").where("email", "=", u.email).executeTakeFirst())
      throw new AppError("DUPLICATE", `${u.email} already has an account`, "email");
    await assertTeam(tx, u.teamId);
    const { id } = await tx
      .insertInto("users")
      .values({
        email: u.email,
        name: u.name,
        role: u.role,
        team_id: u.teamId ?? null,
        password_hash: u.passwordHash,
        locale: "zh-CN",
        active: 1,
        created_at: now,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await audit(tx, actor.id, "user", id, "create", { email: u.email, role: u.role, teamId: u.teamId }, now);
    return id;
  });
}

export interface UserPatch {
  name?: string;
  role?: Role;
  teamId?: number | null;
  active?: boolean;
  passwordHash?: string;
  /** with a new password every other session and token of the user ends; this one (the caller's own) stays */
  keepSignIn?: Keep;
}

/** Updates a user; deactivating one also ends their sessions, a new password their sessions and tokens. `diff` is what the audit row records. */
export async function updateUser(db: Db, actor: Viewer, id: number, p: UserPatch, diff: Record<string, unknown>, now: number): Promise<void> {
  await inTx(db, async (tx) => {
    await assertTeam(tx, p.teamId);
    const r = await tx
      .updateTable("users")
      .set({
        name: p.name,
        role: p.role,
        team_id: p.teamId,
        active: p.active === undefined ? undefined : p.active ? 1 : 0,
        password_hash: p.passwordHash,
      })
      .where("id", "=", id)
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) === 0) throw notFound("user");
    if (p.teamId !== undefined) await userTeamChanged(tx, id);
    if (p.active === false) await tx.deleteFrom("sessions").where("user_id", "=", id).execute();
    if (p.passwordHash !== undefined) await endOtherSignIns(tx, id, now, p.keepSignIn);
    await audit(tx, actor.id, "user", id, "update", diff, now);
  });
}

export async function setLocale(db: Db, viewer: Viewer, locale: string, now: number): Promise<void> {
  await inTx(db, async (tx) => {
    await tx.updateTable("users").set({ locale }).where("id", "=", viewer.id).execute();
    await audit(tx, viewer.id, "user", viewer.id, "update", { locale }, now);
  });
}

export async function listTeams(db: DbOrTx): Promise<Array<{ id: number; name: string; managerId: number | null }>> {
  return (await db.selectFrom("teams").selectAll().orderBy("id").execute()).map((t) => ({ id: t.id, name: t.name, managerId: t.manager_id }));
}

export async function createTeam(db: Db, actor: Viewer, t: { name: string; managerId?: number | null }, now: number): Promise<number> {
  return inTx(db, async (tx) => {
    if (await tx.selectFrom("teams").select("id").where("name", "=", t.name).executeTakeFirst())
      throw new AppError("DUPLICATE", "a team with that name exists", "name");
    if (t.managerId != null && !(await tx.selectFrom("users").select("id").where("id", "=", t.managerId).executeTakeFirst()))
      throw new AppError("INVALID", "managerId is not a user", "managerId");
    const { id } = await tx
      .insertInto("teams")
      .values({ name: t.name, manager_id: t.managerId ?? null, created_at: now })
      .returning("id")
      .executeTakeFirstOrThrow();
    await audit(tx, actor.id, "team", id, "create", t, now);
    return id;
  });
}

/** A user's email and name (what a password must not contain), or undefined for no such user. */
export async function userIdentity(db: DbOrTx, id: number): Promise<{ email: string; name: string } | undefined> {
  return db.selectFrom("users").select(["email", "name"]).where("id", "=", id).executeTakeFirst();
}
