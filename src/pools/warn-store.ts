/** The reclaim warning: one to-do (an open call activity) and one pool_warning notification per customer, owner and due date, in one transaction. */
import type { Db } from "../db/connect";
import { inTx } from "../db/tx";
import { notify } from "../notifications/store";

export interface WarnItem {
  customerId: number;
  ownerId: number;
  daysLeft: number;
  dueDate: string;
  rule: string;
}

/** Writes the warning unless this owner was already warned for this due date; true when a new warning was written. */
export async function warnOwner(db: Db, item: WarnItem, ruleText: string, now: number): Promise<boolean> {
  return inTx(db, async (tx) => {
    const made = await tx
      .insertInto("pool_warnings")
      .values({ customer_id: item.customerId, owner_id: item.ownerId, due_date: item.dueDate, rule: item.rule, activity_id: null, created_at: now })
      .onConflict((oc) => oc.columns(["customer_id", "owner_id", "due_date"]).doNothing())
      .returning("id")
      .executeTakeFirst();
    if (!made) return false;
    const subject = `公海预警：${item.daysLeft}天后（${item.dueDate}）将因${ruleText}退回公海，请及时跟进`;
    const { id } = await tx
      .insertInto("activities")
      .values({
        external_id: null,
        kind: "call",
        customer_id: item.customerId,
        contact_id: null,
        opportunity_id: null,
        owner_id: item.ownerId,
        subject,
        met_person: null,
        met_title: null,
        planned_at: now,
        done_at: null,
        outcome: null,
        next_follow_up_at: null,
        created_at: now,
        updated_at: now,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await tx.updateTable("pool_warnings").set({ activity_id: id }).where("id", "=", made.id).execute();
    const customer = await tx.selectFrom("customers").select("name").where("id", "=", item.customerId).executeTakeFirst();
    await notify(tx, {
      userId: item.ownerId,
      kind: "pool_warning",
      params: {
        customerId: item.customerId,
        customer: customer?.name ?? `#${item.customerId}`,
        daysLeft: item.daysLeft,
        dueDate: item.dueDate,
        rule: item.rule,
      },
      link: `/customers/${item.customerId}`,
      dedupeKey: `pool:${item.customerId}:${item.dueDate}`,
      now,
    });
    return true;
  });
}
