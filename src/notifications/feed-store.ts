/**
 * Notices derived from the data as it stands, raised for one user when they open the centre (and by the job):
 * quotes waiting for their approval, follow-ups past due, deals stalled beyond their stage's limit, their customers about
 * to return to the pool (the reclaim countdown of the briefing, src/briefing/store.ts poolSoon). The dedupe key
 * names the occasion, so each is raised once; a deal stalling again in a later stage is a new occasion.
 */
import { dateStart, DAY_MS, localDate } from "../core/dates";
import type { DbOrTx } from "../db/tx";
import type { Viewer } from "../access/viewer";
import { visible } from "../access/visible";
import { notify } from "./store";
import { poolSoon } from "../briefing/store";
import { overdueFollowUp } from "../activities/overdue-store";

export async function raiseDerived(db: DbOrTx, viewer: Viewer, now: number, tz: string): Promise<number> {
  let raised = 0;
  const todayStart = dateStart(localDate(now, tz), tz);
  // follow-ups the user owns whose next follow-up day has passed, with nothing logged for the customer since
  const overdue = await db
    .selectFrom("activities as a")
    .innerJoin("customers as c", "c.id", "a.customer_id")
    .select(["a.id", "a.customer_id", "c.name", "a.next_follow_up_at"])
    .where("a.owner_id", "=", viewer.id)
    .where(overdueFollowUp(todayStart))
    .orderBy("a.next_follow_up_at", "desc")
    .limit(50)
    .execute();
  for (const a of overdue) {
    const days = Math.max(1, Math.floor((todayStart - Number(a.next_follow_up_at)) / DAY_MS) + 1);
    if (
      await notify(db, {
        userId: viewer.id,
        kind: "followup_overdue",
        params: { customer: a.name, days },
        link: `/customers/${a.customer_id}`,
        dedupeKey: `followup:${a.id}`,
        now,
      })
    )
      raised++;
  }
  // open deals of the user past their stage's stall limit
  const stalled = await db
    .selectFrom("opportunities as o")
    .innerJoin("stages as s", "s.id", "o.stage_id")
    .innerJoin("customers as c", "c.id", "o.customer_id")
    .select(["o.id", "o.title", "o.stage_id", "o.stage_entered_at", "s.name_zh", "s.name_en", "s.stall_days", "c.name as customer"])
    .where("o.owner_id", "=", viewer.id)
    .where("o.status", "=", "open")
    .where("s.stall_days", "is not", null)
    .where("o.stage_entered_at", "<", now)
    .orderBy("o.stage_entered_at")
    .limit(200)
    .execute();
  for (const o of stalled) {
    const days = Math.floor((now - Number(o.stage_entered_at)) / DAY_MS);
    if (o.stall_days === null || days <= Number(o.stall_days)) continue;
    if (
      await notify(db, {
        userId: viewer.id,
        kind: "deal_stalled",
        params: { title: o.title, customer: o.customer, stageZh: o.name_zh, stageEn: o.name_en, days },
        link: `/opportunities/${o.id}`,
        dedupeKey: `stalled:${o.id}:${o.stage_id}:${o.stage_entered_at}`,
        now,
      })
    )
      raised++;
  }
  // quotes waiting for approval that this user may decide (managers: their team's; admins: all)
  if (viewer.role !== "rep") {
    const waiting = await db
      .selectFrom("quotes as q")
      .innerJoin("opportunities as o", "o.id", "q.opportunity_id")
      .innerJoin("customers as c", "c.id", "o.customer_id")
      .select(["q.id", "q.number", "q.round", "q.discount_bp", "o.id as opp_id", "c.name as customer"])
      .where("q.status", "=", "pending_approval")
      .where(visible(viewer, "o.owner_id", "o.id", "opportunity"))
      .limit(100)
      .execute();
    for (const q of waiting) {
      if (
        await notify(db, {
          userId: viewer.id,
          kind: "approval_waiting",
          params: { number: q.number, customer: q.customer, discountPct: Number(q.discount_bp) / 100 },
          link: `/opportunities/${q.opp_id}`,
          dedupeKey: `approval:${q.id}:${q.round}`,
          now,
        })
      )
        raised++;
    }
  }
  // the user's customers inside a reclaim rule's warning window (or due): once per customer and due date
  const pool = await poolSoon(db, viewer, viewer.id, now, tz, 100);
  for (const p of pool.items) {
    if (
      await notify(db, {
        userId: viewer.id,
        kind: "pool_warning",
        params: { customer: p.customerName, daysLeft: p.daysLeft, dueDate: p.dueDate },
        link: `/customers/${p.customerId}`,
        dedupeKey: `pool:${p.customerId}:${p.dueDate}`,
        now,
      })
    )
      raised++;
  }
  return raised;
}
