/** The write half of the access rule for one opportunity the viewer can already see: read-only shares answer 403. */
import { editable } from "../access/visible";
import type { Viewer } from "../access/viewer";
import { AppError } from "../core/errors";
import type { DbOrTx } from "../db/tx";

export async function assertEditableOpportunity(db: DbOrTx, viewer: Viewer, id: number): Promise<void> {
  const row = await db
    .selectFrom("opportunities as o")
    .select("o.id")
    .where("o.id", "=", id)
    .where(editable(viewer, "o.owner_id", "o.id", "opportunity"))
    .executeTakeFirst();
  if (!row) throw new AppError("FORBIDDEN", "this opportunity is shared with you read-only", "id");
}
