/**
 * The one rule for an activity that names a deal, below the routes (createActivity and the activity import both
 * pass through it): the deal must be that customer's and the writer must see it. A writer who does not see the
 * customer may still log on a deal of it they may change — a deal handed over on its own (POST /opportunities/transfer)
 * leaves the customer with its old owner, and the deal's new owner logs visits on it.
 */
import type { Viewer } from "../access/viewer";
import { editable, visible } from "../access/visible";
import type { DbOrTx } from "../db/tx";

export interface ActivityDeal {
  customerId: number;
  /** the writer may change the deal (not only see it) */
  editable: boolean;
}

/** The deals among `ids` the viewer sees, with their customer and whether the viewer may change them. */
export async function activityDeals(db: DbOrTx, viewer: Viewer, ids: readonly number[]): Promise<Map<number, ActivityDeal>> {
  const out = new Map<number, ActivityDeal>();
  const unique = [...new Set(ids)];
  for (let i = 0; i < unique.length; i += 500) {
    const rows = await db
      .selectFrom("opportunities as o")
      .select((eb) => [
        "o.id",
        "o.customer_id",
        eb
          .case()
          .when(editable(viewer, "o.owner_id", "o.id", "opportunity"))
          .then(1)
          .else(0)
          .end()
          .as("can_edit"),
      ])
      .where("o.id", "in", unique.slice(i, i + 500))
      .where(visible(viewer, "o.owner_id", "o.id", "opportunity"))
      .execute();
    for (const r of rows) out.set(Number(r.id), { customerId: Number(r.customer_id), editable: Number(r.can_edit) === 1 });
  }
  return out;
}

/**
 * Why an activity of `customerId` may not name `deal` (undefined: the viewer does not see it), as the field to blame
 * and a message that never tells an invisible deal from a missing one; null when it may.
 */
export function activityDealError(
  deal: ActivityDeal | undefined,
  customerId: number,
  customerVisible: boolean,
): { field: "customerId" | "opportunityId"; message: string } | null {
  const ok = deal != null && deal.customerId === customerId && (customerVisible || deal.editable);
  if (ok) return null;
  if (!customerVisible) return { field: "customerId", message: "customerId is not a customer you can see" };
  return { field: "opportunityId", message: "opportunityId is not an opportunity of this customer" };
}
