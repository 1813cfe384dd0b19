/**
 * The audit-log scan the Friday view's moved in / moved out / slipped held before the close_date_changes read model
 * (issue 10): the week's audit rows matched with `diff like …`, their JSON parsed here, the access rule applied after
 * the scan. Kept verbatim as the oracle of src/forecast/period-moves-store.test.ts; the rest of the
 * lists (deals created or lost, details) is the store's own movesFromChanges, which this change did not touch.
 */
import type { Viewer } from "../../access/viewer";
import type { DbOrTx } from "../../db/tx";
import type { CloseDateChange } from "../../forecast/period-moves";
import { type MovesWindow, movesFromChanges } from "../../forecast/period-moves-store";
import { oppConditions } from "../../forecast/store";

export async function periodMoveLists(db: DbOrTx, viewer: Viewer, w: MovesWindow) {
  const audits = await db
    .selectFrom("audit_log as a")
    .innerJoin("opportunities as o", "o.id", "a.entity_id")
    .select(["a.id", "a.entity_id", "a.at", "a.diff"])
    .where("a.at", ">=", w.since)
    .where("a.at", "<=", w.now)
    .where("a.entity", "=", "opportunity")
    .where("a.action", "=", "update")
    .where("a.diff", "like", '%"expected_close_date"%')
    .where((eb) => eb.and(oppConditions(viewer, {})))
    .execute();
  const changes: CloseDateChange[] = [];
  for (const a of audits) {
    const d = (JSON.parse(a.diff) as { expected_close_date?: [string | null, string | null] }).expected_close_date;
    if (Array.isArray(d)) changes.push({ opportunityId: a.entity_id, at: Number(a.at), id: a.id, before: d[0] ?? null, after: d[1] ?? null });
  }
  return movesFromChanges(db, viewer, w, changes);
}
