/** Whom a viewer may make the owner of a record: a rep only themselves, a manager their team, an admin anyone. */
import { AppError } from "../core/errors";
import type { DbOrTx } from "../db/tx";
import type { Viewer } from "./viewer";

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
