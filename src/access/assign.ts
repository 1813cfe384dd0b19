/** Whom a viewer may make the owner of a record: a user their data scope covers (a rep: themselves; an admin: anyone). */
import { sql } from "kysely";
import { AppError } from "../core/errors";
import type { DbOrTx } from "../db/tx";
import type { Viewer } from "./viewer";
import { coversUser } from "./visible";

/**
 * Checks that `ownerId` is a user the viewer may assign a record to (one their data scope covers): 400 naming
 * ownerId when there is no such user, 403 when it is not allowed.
 */
export async function assertCanAssign(db: DbOrTx, viewer: Viewer, ownerId: number, field = "ownerId"): Promise<void> {
  const owner = await db
    .selectFrom("users as u")
    .select(["u.id", sql<number>`case when ${coversUser(viewer, "u.id")} then 1 else 0 end`.as("covered")])
    .where("u.id", "=", ownerId)
    .executeTakeFirst();
  if (!owner) throw new AppError("INVALID", `${field} is not a user`, field);
  if (viewer.role === "admin" || owner.id === viewer.id || Number(owner.covered) === 1) return;
  throw new AppError("FORBIDDEN", "you may not assign records to this owner", field);
}
