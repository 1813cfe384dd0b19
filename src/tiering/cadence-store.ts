/** Writes the revisit cadence to customers.next_follow_up_date, after a contact or a change of priority (see cadence.ts). */
import { localDate } from "../core/dates";
import type { DbOrTx } from "../db/tx";
import { type RevisitDays, revisitAfterContact, revisitAfterPriority } from "./cadence";

/** A completed contact with the customer on `doneAt`, with no follow-up date given: the next revisit by cadence. */
export async function cadenceAfterContact(tx: DbOrTx, customerId: number, doneAt: number, tz: string, days: RevisitDays): Promise<void> {
  const c = await tx.selectFrom("customers").select(["priority"]).where("id", "=", customerId).executeTakeFirst();
  const next = c ? revisitAfterContact(localDate(doneAt, tz), c.priority, days) : null;
  if (next) await tx.updateTable("customers").set({ next_follow_up_date: next }).where("id", "=", customerId).execute();
}

/** Customers whose priority changed: bring the next revisit forward to the new cadence from their last contact. */
export async function applyCadence(tx: DbOrTx, customerIds: readonly number[], now: number, tz: string, days: RevisitDays): Promise<void> {
  for (let i = 0; i < customerIds.length; i += 500) {
    const rows = await tx
      .selectFrom("customers as c")
      .leftJoin("activities as a", (j) => j.onRef("a.customer_id", "=", "c.id").on("a.done_at", "is not", null))
      .select((eb) => ["c.id", "c.priority", "c.next_follow_up_date", "c.created_at", eb.fn.max("a.done_at").as("last_done")])
      .where("c.id", "in", customerIds.slice(i, i + 500))
      .groupBy(["c.id", "c.priority", "c.next_follow_up_date", "c.created_at"])
      .execute();
    for (const r of rows) {
      const last = localDate(Math.min(now, Number(r.last_done ?? r.created_at)), tz);
      const next = revisitAfterPriority(r.next_follow_up_date, last, r.priority, days);
      if (next !== r.next_follow_up_date) await tx.updateTable("customers").set({ next_follow_up_date: next }).where("id", "=", r.id).execute();
    }
  }
}
